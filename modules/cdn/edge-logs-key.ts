import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { policyDocument } from "../core/iam";
import { EDGE_REGION } from "./schema";

/** Days before a deleted key is gone: the longest AWS allows, as for the environment's own keys. */
const DELETION_WINDOW_DAYS = 30;

/**
 * The key for the environment's log groups in us-east-1 (the CloudFront web ACL's request logs).
 * CloudWatch Logs only uses a key of its own region, so an environment elsewhere gets a second
 * logs key there, limited to its own "aws-waf-logs-<prefix>-..." groups; in us-east-1 the
 * environment's logs key already is one.
 */
export function edgeLogsKeyArn(scope: Construct, context: AwsContext, logsKeyArn: string): string {
  if (context.region === EDGE_REGION) return logsKeyArn;
  const { accountId, partition, namePrefix } = context;
  const key = new KmsKey(scope, "edge-logs-key", {
    region: EDGE_REGION,
    description: `CloudWatch Logs of ${namePrefix} in ${EDGE_REGION}: the CloudFront web ACL's request logs`,
    enableKeyRotation: true,
    deletionWindowInDays: DELETION_WINDOW_DAYS,
    policy: policyDocument(scope, "edge-logs-key-policy", [
      {
        sid: "AccountAdministers",
        actions: ["kms:*"],
        resources: ["*"],
        principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${accountId}:root`] }],
      },
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
    ]).json,
  });
  new KmsAlias(scope, "edge-logs-key-alias", { region: EDGE_REGION, name: `alias/${namePrefix}-edge-logs`, targetKeyId: key.keyId });
  return key.arn;
}
