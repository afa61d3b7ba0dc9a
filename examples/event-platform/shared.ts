import { EnvironmentInput } from "../../modules/platform/schema";
import { StateBackendInput } from "../../modules/state/schema";

/**
 * Every value a fork of this example must change, in one place. Placeholders: AWS's documentation
 * account, the reserved example.com domain and a made-up hosted zone; synth warns while any of
 * them is still in use.
 */
export const FORK = {
  project: "events",
  accountId: "123456789012",
  /** The architecture's load balancer spans us-east-1a and us-east-1b. */
  region: "us-east-1",
  stateBucket: "events-tfstate-123456789012",
  stateLockTable: "events-tfstate-locks",
  /** Route 53 hosted zone of production's domains. */
  hostedZoneId: "Z0123456789ABCDEFGHIJ",
  /** The SPA and, under /api/* and /socket.io/*, the backend. */
  productionDomain: "events.example.com",
  /** The internal load balancer's name, which CloudFront verifies its certificate against. */
  productionOriginDomain: "origin.events.example.com",
  /** GitHub repositories: this configuration's, and the app's, which builds and rolls out its image. */
  infrastructureRepository: "example-org/events-infrastructure",
  appRepository: "example-org/events-backend",
  alarmEmail: "oncall@events.example.com",
} as const;

export const PROJECT = FORK.project;

export const STATE_BACKEND: StateBackendInput = {
  bucket: FORK.stateBucket,
  region: FORK.region,
  dynamodbTable: FORK.stateLockTable,
};

export const COMMON_TAGS = { Owner: "events-team", Example: "event-platform" } as const;

/** Paths CloudFront sends to the backend, uncached: the REST API and the WebSocket (real-time seat updates). */
export const BACKEND_PATHS = ["/api/*", "/socket.io/*"];

/**
 * What to store in Secrets Manager, from the architecture's list (the database credentials are
 * RDS's own secret). Created empty; values are set with `aws secretsmanager put-secret-value`.
 */
export const SECRETS = {
  "jwt-secret": { description: "Signs the backend's JWTs and refresh tokens" },
  "stripe-api-key": { description: "Stripe secret API key" },
  "oauth-client-secret": { description: "OAuth client secret of the social login provider" },
  "smtp-credentials": { description: "SMTP user and password of the email sender, as JSON" },
} as const;

/** The backend's secrets, by the variable it reads each from. */
export const BACKEND_SECRETS = {
  JWT_SECRET: "jwt-secret",
  STRIPE_API_KEY: "stripe-api-key",
  OAUTH_CLIENT_SECRET: "oauth-client-secret",
  SMTP_CREDENTIALS: "smtp-credentials",
} as const;

/** The email queue: standard, 300 s visibility, three receives before the dead-letter queue, 14 days kept. */
export const EMAIL_QUEUE = {
  visibilityTimeoutSeconds: 300,
  maxReceiveCount: 3,
  retentionDays: 14,
  deadLetterRetentionDays: 14,
} as const;

type JobInput = NonNullable<EnvironmentInput["jobs"]>[number];

/**
 * Event reminders, the scheduled side of the architecture's "email queue": every hour, the job
 * finds the events starting within a day whose attendees were not yet reminded, puts one message
 * per attendee on the email queue the backend already sends from, and marks them reminded. The
 * backend's image at its release tag, its own database user; a run never overlaps the previous one
 * (a slow run and the next would remind twice).
 */
export function reminderJob(nodeEnv: string): JobInput {
  return {
    name: "reminders",
    image: { source: "service", service: "backend" },
    command: ["node", "dist/jobs/send-event-reminders.js"],
    schedule: { expression: "cron(0 * * * ? *)" },
    skipIfRunning: true,
    environment: { NODE_ENV: nodeEnv },
    scratchPaths: ["/tmp"],
    uses: { database: "read-write", queues: { emails: "send" } },
  };
}
