import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { SecureBucket } from "../core/secure-bucket";
import { suppressPolicy } from "../guardrails/suppressions";

export interface TerraformStateBackendProps {
  /** Name of the state bucket. No default. */
  readonly bucket: string;
  /** Name of the DynamoDB lock table, while environments migrate to the S3 lockfile. Default: none. */
  readonly dynamodbTable?: string;
  /** Days noncurrent state versions are kept. */
  readonly noncurrentVersionExpirationDays: number;
}

/** The S3 bucket that holds (and, with its lockfiles, locks) every environment's Terraform state, and a DynamoDB lock table while one is named. */
export class TerraformStateBackend extends Construct {
  readonly bucket: SecureBucket;
  readonly lockTable?: DynamodbTable;

  constructor(scope: Construct, id: string, props: TerraformStateBackendProps) {
    super(scope, id);
    this.bucket = new SecureBucket(this, "state-bucket", {
      bucket: props.bucket,
      versioning: true,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
      preventDestroy: true,
    });
    new TerraformOutput(this, "state_bucket", { value: this.bucket.bucket.bucket, staticId: true });
    if (props.dynamodbTable) this.lockTable = this.createLockTable(props.dynamodbTable);
  }

  private createLockTable(name: string): DynamodbTable {
    const lockTable = new DynamodbTable(this, "lock-table", {
      name,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: true,
      lifecycle: { preventDestroy: true },
    });
    suppressPolicy(
      lockTable,
      "PLAT-DDB-1",
      "holds only lock entries (LockID and state digests), no state or secrets; encrypted with the AWS managed key aws/dynamodb",
    );
    new TerraformOutput(this, "lock_table", { value: lockTable.name, staticId: true });
    return lockTable;
  }
}
