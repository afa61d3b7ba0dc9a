/**
 * What a deploy role may do with Terraform state: its own environment's state object, folder and
 * locks, nothing of another environment's. Terraform's S3 backend keeps the state at `<key>`, the
 * S3 lockfile at `<key>.tflock` (use_lockfile) and, in the DynamoDB table, the lock under
 * LockID `<bucket>/<key>` and the state digest under `<bucket>/<key>-md5`.
 */
import { PolicyCondition, PolicyStatement } from "../core/iam";

export interface StateLocation {
  /** The state bucket (the bootstrap stack's). */
  readonly bucket: string;
  /**
   * The DynamoDB lock table (the bootstrap stack's), while environments still lock with it. Default:
   * none: Terraform's S3 lockfile (`<key>.tflock`, use_lockfile) is the only lock.
   */
  readonly lockTable?: string;
  /** Region of the bucket and the table. */
  readonly region: string;
  /**
   * A customer managed KMS key the bucket encrypts with. Default: none: the bucket uses the AWS
   * managed key aws/s3, whose key policy lets any principal of the account use it through S3, so no
   * kms: permission is needed (or possible to grant on it).
   */
  readonly kmsKeyArn?: string;
}

/** The ARNs of the state bucket, its objects and the lock table, in the deploying account. */
export interface StateArns {
  readonly bucket: string;
  readonly lockTable?: string;
  readonly location: StateLocation;
}

export function stateArns(location: StateLocation, accountId: string, partition: string): StateArns {
  return {
    bucket: `arn:${partition}:s3:::${location.bucket}`,
    lockTable: location.lockTable && `arn:${partition}:dynamodb:${location.region}:${accountId}:table/${location.lockTable}`,
    location,
  };
}

/** "<project>/<env>" for the key "<project>/<env>/terraform.tfstate": the environment's folder in the bucket. */
export function stateFolder(key: string): string {
  const slash = key.lastIndexOf("/");
  if (slash <= 0) throw new Error(`state key ${key} has no folder: expected <project>/<environment>/terraform.tfstate`);
  return key.slice(0, slash);
}

/** Every object of the environment's folder (state, lockfile, any workspace under it). */
export function folderObjects(arns: StateArns, key: string): string {
  return `${arns.bucket}/${stateFolder(key)}/*`;
}

function lockIds(arns: StateArns, key: string): { lock: string; digest: string } {
  const lock = `${arns.location.bucket}/${key}`;
  return { lock, digest: `${lock}-md5` };
}

/** Only items whose partition key (LockID) is one of `ids`. */
function onlyItems(ids: readonly string[]): PolicyCondition {
  return { test: "ForAllValues:StringEquals", variable: "dynamodb:LeadingKeys", values: [...ids] };
}

/** Terraform lists the bucket to find workspaces; it lists keys, never reads contents. */
function listBucket(arns: StateArns): PolicyStatement {
  return { sid: "ListStateBucket", actions: ["s3:ListBucket"], resources: [arns.bucket] };
}

/**
 * Read the environment's state and take its locks: a plan locks the state while it reads it. The
 * lockfile is the only object a plan may write or delete.
 */
export function planStateStatements(arns: StateArns, key: string): PolicyStatement[] {
  const ids = lockIds(arns, key);
  const table = arns.lockTable;
  return [
    ...pullRequestPlanStateStatements(arns, key),
    { sid: "TakeOwnLockfile", actions: ["s3:PutObject", "s3:DeleteObject"], resources: [lockfile(arns, key)] },
    ...(table
      ? [
          { sid: "ReadOwnLockEntries", actions: ["dynamodb:GetItem"], resources: [table], conditions: [onlyItems([ids.lock, ids.digest])] },
          { sid: "TakeOwnLock", actions: ["dynamodb:PutItem", "dynamodb:DeleteItem"], resources: [table], conditions: [onlyItems([ids.lock])] },
        ]
      : []),
  ];
}

/**
 * A pull request's plan reads its state and takes no lock (`terraform plan -lock=false`): the role
 * any branch may use can then neither hold nor break the lock an apply takes.
 */
export function pullRequestPlanStateStatements(arns: StateArns, key: string): PolicyStatement[] {
  return [
    listBucket(arns),
    { sid: "ReadOwnState", actions: ["s3:GetObject"], resources: [folderObjects(arns, key)] },
    ...kmsStatements(arns, ["kms:Decrypt"]),
  ];
}

/** Terraform's S3 lockfile of a state key. */
export function lockfile(arns: StateArns, key: string): string {
  return `${arns.bucket}/${key}.tflock`;
}

/** Read and write the environment's state, its lockfile, its lock and its digest entry. */
export function applyStateStatements(arns: StateArns, key: string): PolicyStatement[] {
  const ids = lockIds(arns, key);
  return [
    listBucket(arns),
    { sid: "WriteOwnState", actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: [folderObjects(arns, key)] },
    ...(arns.lockTable
      ? [
          {
            sid: "TakeOwnLockAndDigest",
            actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
            resources: [arns.lockTable],
            conditions: [onlyItems([ids.lock, ids.digest])],
          },
        ]
      : []),
    ...kmsStatements(arns, ["kms:Decrypt", "kms:GenerateDataKey"]),
  ];
}

/** The lock items a role may touch: for the guards that keep other environments' entries out of reach. */
export function ownLockIds(arns: StateArns, key: string): string[] {
  const ids = lockIds(arns, key);
  return [ids.lock, ids.digest];
}

function kmsStatements(arns: StateArns, actions: readonly string[]): PolicyStatement[] {
  const key = arns.location.kmsKeyArn;
  if (!key) return [];
  return [
    {
      sid: "UseStateKey",
      actions,
      resources: [key],
      // Only on behalf of S3, for this bucket.
      conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [`s3.${arns.location.region}.amazonaws.com`] }],
    },
  ];
}
