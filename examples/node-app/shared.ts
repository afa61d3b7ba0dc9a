import { StateBackendInput } from "../../modules/state/schema";

/**
 * Every value a fork of this example must change, in one place. Placeholders: AWS's documentation
 * account, the reserved example.com domain, a made-up hosted zone and certificate; synth warns
 * while any of them is still in use.
 */
export const FORK = {
  project: "node-app",
  accountId: "123456789012",
  /** The architecture names no region. */
  region: "eu-west-1",
  stateBucket: "node-app-tfstate-123456789012",
  stateLockTable: "node-app-tfstate-locks",
  /** An ACM certificate for production's domain, in `region`. */
  productionCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
  alarmEmail: "oncall@node-app.example.com",
} as const;

export const PROJECT = FORK.project;

export const STATE_BACKEND: StateBackendInput = {
  bucket: FORK.stateBucket,
  region: FORK.region,
  dynamodbTable: FORK.stateLockTable,
};

export const COMMON_TAGS = { Owner: "node-app-team", Example: "node-app" } as const;
