import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { AwsContext } from "./aws-context";
import { ResourceDeclaration } from "./capability";
import { policyDocument, PolicyStatement } from "./iam";

/** Days before a deleted key is gone: the longest AWS allows, to undo a mistaken destroy. Every key of the platform uses it. */
export const KMS_DELETION_WINDOW_DAYS = 30;

export interface CustomerKeyProps {
  readonly description: string;
  /** "alias/<alias>". No default. */
  readonly alias: string;
  /** The account that administers the key (its IAM policies then grant its use). No default. */
  readonly accountId: string;
  readonly partition: string;
  /** Statements beyond the account's administration, e.g. a service that encrypts with it. Default: none. */
  readonly statements?: readonly PolicyStatement[];
  /** Region of the key, when not the stack's (a key is usable in its own region only). Default: the stack's. */
  readonly region?: string;
}

/**
 * A customer managed key, rotated yearly, with a 30-day deletion window, administered by the account,
 * and its alias. Children "key", "policy" and "alias" of `scope`.
 */
export function customerKey(scope: Construct, props: CustomerKeyProps): KmsKey {
  const administration: PolicyStatement = {
    sid: "AccountAdministers",
    actions: ["kms:*"],
    resources: ["*"],
    principals: [{ type: "AWS", identifiers: [`arn:${props.partition}:iam::${props.accountId}:root`] }],
  };
  const key = new KmsKey(scope, "key", {
    region: props.region,
    description: props.description,
    enableKeyRotation: true,
    deletionWindowInDays: KMS_DELETION_WINDOW_DAYS,
    policy: policyDocument(scope, "policy", [administration, ...(props.statements ?? [])]).json,
  });
  new KmsAlias(scope, "alias", { region: props.region, name: `alias/${props.alias}`, targetKeyId: key.keyId });
  return key;
}

/**
 * The customer managed keys of an environment, both rotated yearly:
 * - `logsKeyArn` encrypts its CloudWatch log groups (services, ECS Exec, flow logs, RDS logs,
 *   WAF logs); the Logs service may use it only for the environment's own log groups.
 * - `dataKeyArn` encrypts data at rest (ECR images, RDS storage and Performance Insights); AWS
 *   services use it on behalf of principals that IAM allows, the account keeps administration.
 */
/** What the environment's keys create. */
export const ENVIRONMENT_KEYS_RESOURCES: ResourceDeclaration = {
  resourceTypes: ["aws_kms_alias", "aws_kms_key"],
  freeResourceTypes: ["aws_kms_alias"],
  picture: { kind: "secret", label: "KMS keys" },
};

export class EnvironmentKeys extends Construct {
  readonly logsKeyArn: string;
  readonly dataKeyArn: string;

  constructor(scope: Construct, id: string, context: AwsContext) {
    super(scope, id);
    const { accountId, partition, region, namePrefix } = context;
    const key = (name: string, description: string, statements: readonly PolicyStatement[] = []) =>
      customerKey(new Construct(this, name), { description, alias: `${namePrefix}-${name}`, accountId, partition, statements }).arn;
    this.logsKeyArn = key("logs", `CloudWatch Logs of ${namePrefix} and its ECS Exec sessions`, [
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
    this.dataKeyArn = key("data", `Data at rest of ${namePrefix}: databases, cache, queues, tables, secrets`);
  }
}
