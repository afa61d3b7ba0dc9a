import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement } from "./iam";

/** What a `SecureBucket` creates (for capability declarations): the bucket is priced by what it stores. */
export const SECURE_BUCKET_RESOURCES = {
  priced: ["aws_s3_bucket"],
  free: [
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
  ],
} as const;

export interface SecureBucketProps {
  /** Exact bucket name; give this or `bucketPrefix`. Default: none. */
  readonly bucket?: string;
  /** Name prefix (at most 37 characters) completed by Terraform with a unique suffix. Default: none. */
  readonly bucketPrefix?: string;
  /** Keep object versions. Default: false. */
  readonly versioning?: boolean;
  /**
   * Server-side encryption: "aws:kms" (the AWS managed key, with an S3 bucket key) or "AES256"
   * (SSE-S3; the only one ALB access logs accept). Default: "aws:kms".
   */
  readonly sseAlgorithm?: "aws:kms" | "AES256";
  /** Days after which current objects expire. Default: never. */
  readonly expirationDays?: number;
  /** Days after which noncurrent versions expire (with `versioning`). Default: never. */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Statements added to the bucket policy next to the deny of non-TLS requests, built from the
   * bucket's ARN. Default: none.
   */
  readonly policyStatements?: (bucketArn: string) => readonly PolicyStatement[];
  /** Refuse `terraform destroy` of the bucket (for state). Default: false. */
  readonly preventDestroy?: boolean;
  /** Let `terraform destroy` delete the bucket with the objects in it. Default: false. */
  readonly forceDestroy?: boolean;
}

/** Days a deleted or overwritten log object stays recoverable in a versioned log bucket. */
export const LOG_NONCURRENT_VERSION_DAYS = 30;

/**
 * An S3 bucket with the settings every bucket here needs: encryption at rest, all public access
 * blocked, object ownership enforced (no ACLs), TLS-only access, and a lifecycle.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  /** Resources that write into the bucket depend on this, so their first write is allowed. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucket,
      bucketPrefix: props.bucketPrefix,
      forceDestroy: props.forceDestroy,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    const bucketId = this.bucket.id;
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket: bucketId,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const sseAlgorithm = props.sseAlgorithm ?? "aws:kms";
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: bucketId,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm },
          bucketKeyEnabled: sseAlgorithm === "aws:kms",
        },
      ],
    });
    const versioning = props.versioning
      ? new S3BucketVersioningA(this, "versioning", {
          bucket: bucketId,
          versioningConfiguration: { status: "Enabled" },
        })
      : undefined;
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: bucketId,
      rule: [
        {
          id: "expire-and-clean-up",
          status: "Enabled",
          filter: [{}],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          expiration: props.expirationDays ? [{ days: props.expirationDays }] : undefined,
          noncurrentVersionExpiration: props.noncurrentVersionExpirationDays
            ? [{ noncurrentDays: props.noncurrentVersionExpirationDays }]
            : undefined,
        },
      ],
      dependsOn: versioning ? [versioning] : undefined,
    });
    const policy = policyDocument(this, "policy-document", [
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["s3:*"],
        resources: [this.bucket.arn, `${this.bucket.arn}/*`],
        principals: [{ type: "*", identifiers: ["*"] }],
        conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
      ...(props.policyStatements?.(this.bucket.arn) ?? []),
    ]);
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket: bucketId,
      policy: policy.json,
      // S3 rejects concurrent changes to one bucket's policy and public access block.
      dependsOn: [publicAccessBlock],
    });
  }
}
