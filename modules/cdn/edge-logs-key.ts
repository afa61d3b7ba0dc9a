import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { customerKey } from "../core/encryption-keys";
import { EDGE_REGION } from "./schema";

/**
 * The key for the environment's log groups in us-east-1 (the CloudFront web ACL's request logs).
 * CloudWatch Logs only uses a key of its own region, so an environment elsewhere gets a second
 * logs key there, limited to its own "aws-waf-logs-<prefix>-..." groups; in us-east-1 the
 * environment's logs key already is one.
 */
export function edgeLogsKeyArn(scope: Construct, context: AwsContext, logsKeyArn: string): string {
  if (context.region === EDGE_REGION) return logsKeyArn;
  const { accountId, partition, namePrefix } = context;
  return customerKey(new Construct(scope, "edge-logs"), {
    description: `CloudWatch Logs of ${namePrefix} in ${EDGE_REGION}: the CloudFront web ACL's request logs`,
    alias: `${namePrefix}-edge-logs`,
    accountId,
    partition,
    region: EDGE_REGION,
    statements: [
      {
        sid: "CloudWatchLogsEncryptsTheEnvironmentsEdgeLogGroups",
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        principals: [{ type: "Service", identifiers: [`logs.${EDGE_REGION}.amazonaws.com`] }],
        conditions: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [`arn:${partition}:logs:${EDGE_REGION}:${accountId}:log-group:aws-waf-logs-${namePrefix}-*`],
          },
        ],
      },
    ],
  }).arn;
}
