import { EnvironmentInput } from "../../modules/platform/schema";
import { StateBackendInput } from "../../modules/state/schema";

/**
 * Every value a fork of this example must change, in one place. Placeholders: AWS's documentation
 * account, the reserved example.com domain, a made-up hosted zone; synth warns while any of them
 * is still in use.
 */
export const FORK = {
  project: "ticket-booking",
  accountId: "123456789012",
  /** The architecture names no region. */
  region: "eu-west-1",
  stateBucket: "ticket-booking-tfstate-123456789012",
  stateLockTable: "ticket-booking-tfstate-locks",
  hostedZoneId: "Z0123456789ABCDEFGHIJ",
  productionDomain: "tickets.example.com",
  alarmEmail: "oncall@tickets.example.com",
} as const;

export const PROJECT = FORK.project;

export const STATE_BACKEND: StateBackendInput = {
  bucket: FORK.stateBucket,
  region: FORK.region,
  dynamodbTable: FORK.stateLockTable,
};

export const COMMON_TAGS = { Owner: "ticket-booking-team", Example: "ticket-booking" } as const;

/**
 * "Secrets are hardcoded in files like application.properties ... use AWS Secrets Manager instead":
 * created empty, their values set with `aws secretsmanager put-secret-value` (see README).
 */
export const SECRETS = {
  "camunda-client-secret": { description: "OAuth client secret of the Camunda (Zeebe) client the API and the workers connect with" },
  "api-properties": { description: "The Java API's secret Spring properties as JSON (SPRING_APPLICATION_JSON), formerly in application.properties" },
} as const;

type JobInput = NonNullable<EnvironmentInput["jobs"]>[number];

/**
 * The job beside the workers: where a worker holds its Camunda connection all day, this runs to
 * completion once an hour: it releases the seats of bookings whose payment window passed (it asks
 * Camunda for their process instances and cancels them) and exits. The workers' image at its
 * release tag with another command; it never overlaps the previous run.
 */
export function releaseHoldsJob(nodeEnv: string): JobInput {
  return {
    name: "release-holds",
    image: { source: "service", service: "workers" },
    command: ["node", "dist/jobs/release-expired-holds.js"],
    schedule: { expression: "rate(1 hour)" },
    skipIfRunning: true,
    environment: { NODE_ENV: nodeEnv },
    scratchPaths: ["/tmp"],
    uses: { secrets: { CAMUNDA_CLIENT_SECRET: "camunda-client-secret" } },
  };
}
