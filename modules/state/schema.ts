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
  /** Region of the bucket (and the lock table). No default. */
  region: regionCode,
  /**
   * A DynamoDB lock table (hash key `LockID`), only while migrating from DynamoDB locking: Terraform
   * deprecates `dynamodb_table` (every `terraform init` warns) in favour of the S3 lockfile, which
   * covers the same. While it is set both locks are taken, the documented migration path; drop it
   * once no working copy runs Terraform < 1.10. Default: none (the S3 lockfile alone).
   */
  dynamodbTable: tableName.optional(),
};

export const stateBackendSchema = strict({
  ...stateLocation,
  /**
   * Lock with Terraform's native S3 lockfile (`use_lockfile`, `<key>.tflock` beside the state).
   * Default: true. False only with a `dynamodbTable`, for working copies older than Terraform 1.10.
   */
  useLockfile: bool().default(true),
}).refine((backend) => backend.useLockfile || backend.dynamodbTable !== undefined, {
  error: "useLockfile: true, or a dynamodbTable to lock with: a state without a lock can be written by two applies at once",
  path: ["useLockfile"],
});

const accountId = matching(/^\d{12}$/, "a 12-digit AWS account id");
const roleName = matching(/^[\w+=,.@-]{1,64}$/, "an IAM role name of 1-64 characters of letters, digits and +=,.@_-");

/**
 * The AWS account an environment deploys into, when not the state's. Its stack assumes the
 * environment's deploy role there (`<project>-<env>-github-plan` or `-apply`, created by the
 * account's bootstrap stack `bootstrap-<env>`); the state stays in the state's bucket.
 */
export const environmentAccountSchema = strict({
  /** The account's id. No default. */
  id: accountId,
  /**
   * The role an administrator applies the account's bootstrap stack through. Default:
   * "OrganizationAccountAccessRole", the role AWS Organizations creates in every account it creates.
   */
  bootstrapRole: roleName.default("OrganizationAccountAccessRole"),
});
export type EnvironmentAccountConfig = z.output<typeof environmentAccountSchema>;

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

/** The stack of an environment's own account: its deploy roles, boundary, registries and publishers. */
export function accountBootstrapStackName(environment: string): string {
  return `${BOOTSTRAP_STACK_NAME}-${environment}`;
}

/** State key of an environment inside the shared state bucket. */
export function stateKey(project: string, environment: string): string {
  return `${project}/${environment}/terraform.tfstate`;
}
