import { block, isTrue, PolicyRule, show, unless } from "../../core/policy-rule";
import { requireCustomerManagedKey } from "../../guardrails/rules/shared";

const FINDING = {
  requirement: "production tables must be encrypted with a customer managed key",
  fix: "encrypt it with a customer managed key (server_side_encryption { enabled = true, kms_key_arn })",
};

/** PLAT-DDB-1: DynamoDB tables are encrypted with a customer managed KMS key. */
export const dynamodbCustomerManagedKey: PolicyRule = {
  id: "PLAT-DDB-1",
  description: "DynamoDB tables are encrypted with a customer managed key",
  rationale: "A customer managed key lets the key policy decide who reads the data, and CloudTrail records every use.",
  resourceTypes: ["aws_dynamodb_table"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { checkov: "CKV_AWS_119" },
  check: (resource) => {
    const encryption = block(resource.attributes.server_side_encryption);
    return [
      ...unless(isTrue(encryption.enabled), {
        problem: `server_side_encryption.enabled is ${show(encryption.enabled ?? false)} (an AWS owned key)`,
        ...FINDING,
      }),
      ...requireCustomerManagedKey("server_side_encryption.kms_key_arn", encryption.kms_key_arn, FINDING),
    ];
  },
};
