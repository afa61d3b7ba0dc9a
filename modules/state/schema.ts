/** Terraform state: the backend every environment uses, and the bootstrap stack that creates it. */
import { accountIds, projectName, regionCode, tags } from "../core/identity";
import { bool, matching, strict, whole, z } from "../core/schema";
import { deliverySchema } from "../delivery/schema";

const bucketName = matching(
  /^(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  "an S3 bucket name of 3-63 characters of a-z, 0-9, '.', '-', starting and ending with a letter or digit",
);
const tableName = matching(
  /^[A-Za-z0-9_.-]{3,255}$/,
  "a DynamoDB table name of 3-255 characters of A-Z, a-z, 0-9, '_', '.', '-'",
);

/** Where the state lives: the bucket, its region and the lock table the bootstrap stack creates. */
const stateLocation = {
  /** S3 bucket for state; globally unique. No default. */
  bucket: bucketName,
  /** Region of the bucket and the lock table. No default. */
  region: regionCode,
  /** DynamoDB table used for state locking (hash key `LockID`). No default. */
  dynamodbTable: tableName,
};

export const stateBackendSchema = strict({
  ...stateLocation,
  /**
   * Also lock with Terraform's native S3 lockfile (`use_lockfile`, Terraform >= 1.10), the successor
   * of DynamoDB locking that Terraform 1.11 deprecates. Both locks are taken while both are on, the
   * documented migration path. Default: false.
   */
  useLockfile: bool().default(false),
});

export const bootstrapSchema = strict({
  /** Project name, as in the environments. No default. */
  project: projectName,
  /** Bucket, table and region to create. No default. */
  stateBackend: strict(stateLocation),
  /** Accounts Terraform may touch. Default: any. */
  allowedAccountIds: accountIds.optional(),
  /** Tags on every resource, next to Project, Environment and ManagedBy. Default: none. */
  tags: tags.default({}),
  /** Days noncurrent state versions are kept before expiry. Default: 90. */
  noncurrentVersionExpirationDays: whole(1, 36500, "a whole number of days").default(90),
  /**
   * Keep the bootstrap stack's own state in the bucket it creates (after migrating it there, see
   * README). Default: false: local state, because the bucket cannot hold the state that creates it.
   */
  stateInBucket: bool().default(false),
  /** Keyless deploy roles for GitHub Actions (OIDC): plan and apply per environment, publish per service image. Default: none. */
  delivery: deliverySchema.optional(),
});

export type StateBackendInput = z.input<typeof stateBackendSchema>;
export type StateBackendConfig = z.output<typeof stateBackendSchema>;
export type BootstrapInput = z.input<typeof bootstrapSchema>;
export type BootstrapConfig = z.output<typeof bootstrapSchema>;

/** The stack name of the bootstrap stack, which no environment may take. */
export const BOOTSTRAP_STACK_NAME = "bootstrap";

/** State key of an environment inside the shared state bucket. */
export function stateKey(project: string, environment: string): string {
  return `${project}/${environment}/terraform.tfstate`;
}
