import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";
import { LOG_NONCURRENT_VERSION_DAYS, SecureBucket } from "../core/secure-bucket";
import { FLOW_LOG_DESTINATIONS, FLOW_LOG_TRAFFIC_TYPES } from "./schema";

export interface VpcFlowLogProps {
  readonly context: AwsContext;
  /** VPC whose traffic is recorded. No default. */
  readonly vpcId: string;
  /** Where records go: a CloudWatch log group or an S3 bucket, both created here. */
  readonly destination: (typeof FLOW_LOG_DESTINATIONS)[number];
  /** Days records are kept (log group retention or S3 expiration). */
  readonly retentionInDays: number;
  /** Which traffic to record. */
  readonly trafficType: (typeof FLOW_LOG_TRAFFIC_TYPES)[number];
  /** Key of the log group (CloudWatch destination). */
  readonly logsKeyArn: string;
  /** Let `terraform destroy` delete the bucket (S3 destination) with its logs. Default: false. */
  readonly forceDestroy?: boolean;
}

/**
 * VPC flow logs into a destination created for them: a log group written through a role that may
 * write that group only, or a private bucket that only this account's log deliveries may write.
 */
export class VpcFlowLog extends Construct {
  readonly flowLog: FlowLog;
  /** ARN of the log group or bucket. */
  readonly destinationArn: string;

  constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    const retentionInDays = props.retentionInDays;
    const common = {
      vpcId: props.vpcId,
      trafficType: props.trafficType,
      tags: { Name: props.context.namePrefix },
    };
    if (props.destination === "s3") {
      const bucket = this.createBucket(props.context, retentionInDays, props.forceDestroy);
      this.destinationArn = bucket.bucket.arn;
      this.flowLog = new FlowLog(this, "vpc-flow-log", {
        ...common,
        logDestinationType: "s3",
        logDestination: this.destinationArn,
        // The first delivery checks the bucket policy.
        dependsOn: [bucket.policy],
      });
    } else {
      const logGroup = new CloudwatchLogGroup(this, "log-group", {
        name: `/aws/vpc-flow-log/${props.context.namePrefix}`,
        retentionInDays,
        kmsKeyId: props.logsKeyArn,
      });
      this.destinationArn = logGroup.arn;
      this.flowLog = new FlowLog(this, "vpc-flow-log", {
        ...common,
        logDestinationType: "cloud-watch-logs",
        logDestination: this.destinationArn,
        iamRoleArn: this.createDeliveryRole(props.context, logGroup.arn).arn,
      });
    }
  }

  private createBucket(context: AwsContext, retentionInDays: number, forceDestroy?: boolean): SecureBucket {
    return new SecureBucket(this, "destination-bucket", {
      bucketPrefix: `${awsName([context.namePrefix, "flow-logs"], NAME_LIMITS.bucketPrefix - 1)}-`,
      // Log delivery cannot use the AWS managed aws/s3 key, only SSE-S3 or a customer managed key.
      sseAlgorithm: "AES256",
      expirationDays: retentionInDays,
      versioning: true,
      noncurrentVersionExpirationDays: LOG_NONCURRENT_VERSION_DAYS,
      forceDestroy,
      policyStatements: (bucketArn) => logDeliveryStatements(context, bucketArn),
    });
  }

  private createDeliveryRole(context: AwsContext, logGroupArn: string): IamRole {
    const { accountId, partition, region } = context;
    const trust = serviceTrustPolicy(
      this,
      "trust",
      "vpc-flow-logs.amazonaws.com",
      accountId,
      `arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*`,
    );
    const role = new IamRole(this, "role", {
      name: awsName([context.namePrefix, "vpc-flow-log"], NAME_LIMITS.iamRole),
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    new IamRolePolicy(this, "role-policy", {
      name: "write-flow-log-group",
      role: role.id,
      policy: policyDocument(this, "role-policy-document", [
        // AWS's documented flow-log policy includes it: delivery looks the group up before writing.
        { sid: "FindLogGroups", actions: ["logs:DescribeLogGroups"], resources: ["*"] },
        {
          sid: "WriteFlowLogGroup",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          // The group itself (DescribeLogStreams) and its streams.
          resources: [logGroupArn, `${logGroupArn}:*`],
        },
      ]).json,
    });
    return role;
  }
}

/** The bucket policy statements AWS documents for flow logs delivered to S3, limited to this account. */
function logDeliveryStatements(context: AwsContext, bucketArn: string): PolicyStatement[] {
  const { accountId, partition, region } = context;
  const principals = [{ type: "Service" as const, identifiers: ["delivery.logs.amazonaws.com"] }];
  const sourceConditions = [
    { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
    { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${partition}:logs:${region}:${accountId}:*`] },
  ];
  return [
    {
      sid: "AWSLogDeliveryWrite",
      actions: ["s3:PutObject"],
      resources: [`${bucketArn}/AWSLogs/${accountId}/*`],
      principals,
      conditions: [
        ...sourceConditions,
        { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] },
      ],
    },
    {
      sid: "AWSLogDeliveryAclCheck",
      actions: ["s3:GetBucketAcl", "s3:ListBucket"],
      resources: [bucketArn],
      principals,
      conditions: sourceConditions,
    },
  ];
}
