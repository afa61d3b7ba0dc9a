import { CloudwatchLogDelivery } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery";
import { CloudwatchLogDeliveryDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination";
import { CloudwatchLogDeliverySource } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-source";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { PolicyStatement } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";
import { LOG_NONCURRENT_VERSION_DAYS, SecureBucket } from "../core/secure-bucket";
import { EDGE_REGION } from "./schema";

/** The delivery service writes CloudFront's standard logs (v2) to S3. */
const LOG_DELIVERY_SERVICE = "delivery.logs.amazonaws.com";
/** Delivery source and destination names have at most 60 characters. */
const DELIVERY_NAME_LIMIT = 60;

export interface AccessLogsProps {
  readonly context: AwsContext;
  /** Days to keep the logs. No default. */
  readonly retentionDays: number;
  /** Let `terraform destroy` delete the bucket with its logs. Default: false. */
  readonly forceDestroy?: boolean;
}

/**
 * CloudFront standard logging (v2) into an S3 bucket of the environment's region.
 *
 * v2 rather than the legacy `logging_config`: legacy delivery writes through bucket ACLs (object
 * ownership "BucketOwnerPreferred" and a grant to the awslogsdelivery account), which SecureBucket
 * refuses by enforcing bucket-owner ownership; v2 is delivered by CloudWatch Logs under a bucket
 * policy statement, like every other log of the platform. The delivery source, destination and
 * delivery live in us-east-1, CloudFront's region; the bucket stays in the environment's region.
 * v2 costs CloudWatch's vended-log delivery price per GB, where legacy logs were free.
 */
export class AccessLogs extends Construct {
  readonly bucket: SecureBucket;
  private readonly sourceName: string;

  constructor(scope: Construct, id: string, private readonly props: AccessLogsProps) {
    super(scope, id);
    const { namePrefix } = props.context;
    this.sourceName = awsName([namePrefix, "cdn-access-logs"], DELIVERY_NAME_LIMIT);
    this.bucket = new SecureBucket(this, "bucket", {
      bucketPrefix: `${awsName([namePrefix, "cdn-logs"], NAME_LIMITS.bucketPrefix - 1)}-`,
      // Log delivery writes with SSE-S3 or a customer managed key, never the AWS managed aws/s3 key.
      sseAlgorithm: "AES256",
      expirationDays: props.retentionDays,
      versioning: true,
      noncurrentVersionExpirationDays: LOG_NONCURRENT_VERSION_DAYS,
      forceDestroy: props.forceDestroy,
      policyStatements: (bucketArn) => this.deliveryStatements(bucketArn),
    });
  }

  /** Starts delivering the logs of `distributionArn`. */
  deliver(distributionArn: string): void {
    const source = new CloudwatchLogDeliverySource(this, "source", {
      region: EDGE_REGION,
      name: this.sourceName,
      logType: "ACCESS_LOGS",
      resourceArn: distributionArn,
    });
    const destination = new CloudwatchLogDeliveryDestination(this, "destination", {
      region: EDGE_REGION,
      name: awsName([this.props.context.namePrefix, "cdn-access-logs-s3"], DELIVERY_NAME_LIMIT),
      // The format of CloudFront's legacy standard logs, which AWS's Athena examples read.
      outputFormat: "w3c",
      deliveryDestinationConfiguration: [{ destinationResourceArn: this.bucket.bucket.arn }],
    });
    new CloudwatchLogDelivery(this, "delivery", {
      region: EDGE_REGION,
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
      // The delivery checks the bucket policy when it is created.
      dependsOn: [this.bucket.policy],
    });
  }

  /** Only this environment's CloudFront delivery source, from this account, may write. */
  private deliveryStatements(bucketArn: string): PolicyStatement[] {
    const { accountId, partition } = this.props.context;
    const conditions = [
      { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${partition}:logs:${EDGE_REGION}:${accountId}:delivery-source:${this.sourceName}`] },
    ];
    const principals = [{ type: "Service" as const, identifiers: [LOG_DELIVERY_SERVICE] }];
    return [
      {
        sid: "LogDeliveryWritesCloudFrontAccessLogs",
        actions: ["s3:PutObject"],
        resources: [`${bucketArn}/*`],
        principals,
        conditions: [{ test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] }, ...conditions],
      },
      { sid: "LogDeliveryChecksTheBucket", actions: ["s3:GetBucketAcl", "s3:ListBucket"], resources: [bucketArn], principals, conditions },
    ];
  }
}
