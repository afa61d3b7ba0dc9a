import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { AwsContext } from "./aws-context";
import { policyDocument, PolicyStatement } from "./iam";

/** Days before a deleted key is gone: the longest AWS allows, to undo a mistaken destroy. */
const DELETION_WINDOW_DAYS = 30;

/**
 * The customer managed keys of an environment, both rotated yearly:
 * - `logsKeyArn` encrypts its CloudWatch log groups (services, ECS Exec, flow logs, RDS logs,
 *   WAF logs); the Logs service may use it only for the environment's own log groups.
 * - `dataKeyArn` encrypts data at rest (ECR images, RDS storage and Performance Insights); AWS
 *   services use it on behalf of principals that IAM allows, the account keeps administration.
 */
export class EnvironmentKeys extends Construct {
  readonly logsKeyArn: string;
  readonly dataKeyArn: string;

  constructor(scope: Construct, id: string, context: AwsContext) {
    super(scope, id);
    const { accountId, partition, region, namePrefix } = context;
    const administration: PolicyStatement = {
      sid: "AccountAdministers",
      actions: ["kms:*"],
      resources: ["*"],
      principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${accountId}:root`] }],
    };
    this.logsKeyArn = this.key(`${namePrefix}-logs`, `CloudWatch Logs of ${namePrefix} and its ECS Exec sessions`, [
      administration,
      {
        sid: "CloudWatchLogsEncryptsTheEnvironmentsLogGroups",
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        principals: [{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }],
        conditions: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            // The environment's groups (/ecs/<prefix>/..., /aws/vpc-flow-log/<prefix>, /aws/rds/instance/<prefix>-...,
            // aws-waf-logs-<prefix>-...) and no other environment's: "acme-dev" must not match "acme-dev2".
            values: [`*/${namePrefix}/*`, `*/${namePrefix}`, `*${namePrefix}-*`].map(
              (pattern) => `arn:${partition}:logs:${region}:${accountId}:log-group:${pattern}`,
            ),
          },
        ],
      },
    ]);
    this.dataKeyArn = this.key(`${namePrefix}-data`, `Data at rest of ${namePrefix}: images, databases`, [administration]);
  }

  /** A key and its alias, "alias/<name>"; the construct id is the name's last word ("logs", "data"). */
  private key(name: string, description: string, statements: readonly PolicyStatement[]): string {
    const scope = new Construct(this, name.slice(name.lastIndexOf("-") + 1));
    const key = new KmsKey(scope, "key", {
      description,
      enableKeyRotation: true,
      deletionWindowInDays: DELETION_WINDOW_DAYS,
      policy: policyDocument(scope, "policy", statements).json,
    });
    new KmsAlias(scope, "alias", { name: `alias/${name}`, targetKeyId: key.keyId });
    return key.arn;
  }
}
