import { PolicyRule } from "../../../core/policy-rule";
import { requireCustomerManagedKey } from "../shared";

/** PLAT-SM-1: Secrets Manager secrets are encrypted with a customer managed KMS key. */
export const secretCustomerManagedKey: PolicyRule = {
  id: "PLAT-SM-1",
  description: "Secrets Manager secrets are encrypted with a customer managed key",
  rationale: "With a customer managed key, reading a secret also needs kms:Decrypt from its key policy, a second lock on credentials.",
  resourceTypes: ["aws_secretsmanager_secret"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { checkov: "CKV_AWS_149" },
  check: (resource) =>
    requireCustomerManagedKey("kms_key_id", resource.attributes.kms_key_id, {
      requirement: "production secrets must be encrypted with a customer managed key",
      fix: "encrypt it with a customer managed key (kms_key_id)",
    }),
};
