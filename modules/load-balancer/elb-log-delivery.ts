import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { PolicyStatement } from "../core/iam";

/**
 * Regions opened before August 2022, where ELB writes access logs as a regional AWS account;
 * newer regions use the log delivery service principal (and aws_elb_service_account knows no
 * account for them).
 */
const ELB_ACCOUNT_REGIONS = new Set([
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-south-1",
  "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
  "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-north-1",
  "me-south-1", "sa-east-1", "us-gov-west-1", "us-gov-east-1",
]);

/** Bucket policy statements that let the load balancers of this account write access logs. */
export function elbLogDeliveryStatements(
  scope: Construct,
  context: AwsContext,
  bucketArn: string,
): PolicyStatement[] {
  const resources = [`${bucketArn}/AWSLogs/${context.accountId}/*`];
  const statements: PolicyStatement[] = [
    {
      sid: "LogDeliveryServiceWritesAccessLogs",
      actions: ["s3:PutObject"],
      resources,
      principals: [{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }],
    },
  ];
  if (ELB_ACCOUNT_REGIONS.has(context.region)) {
    const elbAccount = new DataAwsElbServiceAccount(scope, "elb-account");
    statements.push({
      sid: "RegionalElbAccountWritesAccessLogs",
      actions: ["s3:PutObject"],
      resources,
      principals: [{ type: "AWS", identifiers: [elbAccount.arn] }],
    });
  }
  return statements;
}
