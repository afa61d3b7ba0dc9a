import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { AwsContext } from "./aws-context";
import { policyDocument } from "./iam";

export interface LogEncryptionKeyProps {
  readonly context: AwsContext;
  /** Log group names the key may encrypt, as a prefix such as "/ecs/acme-dev/". No default. */
  readonly logGroupPrefix: string;
  /** Alias without "alias/". No default. */
  readonly alias: string;
  /** Days before a deleted key is gone, 7 to 30. Default: 30. */
  readonly deletionWindowInDays?: number;
}

/**
 * A customer managed KMS key for CloudWatch Logs (and ECS Exec sessions), usable by the Logs
 * service only for the log groups under `logGroupPrefix`; the account keeps administration.
 */
export class LogEncryptionKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: LogEncryptionKeyProps) {
    super(scope, id);
    const { accountId, partition, region } = props.context;
    const policy = policyDocument(this, "policy", [
      {
        sid: "AccountAdministers",
        actions: ["kms:*"],
        resources: ["*"],
        principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${accountId}:root`] }],
      },
      {
        sid: "CloudWatchLogsEncryptsItsLogGroups",
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        principals: [{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }],
        conditions: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [`arn:${partition}:logs:${region}:${accountId}:log-group:${props.logGroupPrefix}*`],
          },
        ],
      },
    ]);
    this.key = new KmsKey(this, "key", {
      description: `CloudWatch Logs under ${props.logGroupPrefix} and ECS Exec sessions`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policy.json,
    });
    new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }
}
