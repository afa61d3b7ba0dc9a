import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { SecureBucket } from "../core/secure-bucket";
import { suppressPolicy } from "../guardrails/suppressions";

export interface TerraformStateBackendProps {
  /** Name of the state bucket. No default. */
  readonly bucket: string;
  /** Name of the DynamoDB lock table. No default. */
  readonly dynamodbTable: string;
  /** Days noncurrent state versions are kept. */
  readonly noncurrentVersionExpirationDays: number;
}

/** The S3 bucket and DynamoDB table that hold and lock every environment's Terraform state. */
export class TerraformStateBackend extends Construct {
  readonly bucket: SecureBucket;
  readonly lockTable: DynamodbTable;

  constructor(scope: Construct, id: string, props: TerraformStateBackendProps) {
    super(scope, id);
    this.bucket = new SecureBucket(this, "state-bucket", {
      bucket: props.bucket,
      versioning: true,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
      preventDestroy: true,
    });
    this.lockTable = new DynamodbTable(this, "lock-table", {
      name: props.dynamodbTable,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: true,
      lifecycle: { preventDestroy: true },
    });
    suppressPolicy(
      this.lockTable,
      "PLAT-DDB-1",
      "holds only lock entries (LockID and state digests), no state or secrets; encrypted with the AWS managed key aws/dynamodb",
    );
    new TerraformOutput(this, "state_bucket", { value: this.bucket.bucket.bucket, staticId: true });
    new TerraformOutput(this, "lock_table", { value: this.lockTable.name, staticId: true });
  }
}
