import { PolicyRule } from "../../../core/policy-rule";
import { requireCustomerManagedKey } from "../shared";

/** PLAT-SNS-1: SNS topics are encrypted with a customer managed KMS key. */
export const snsCustomerManagedKey: PolicyRule = {
  id: "PLAT-SNS-1",
  description: "SNS topics are encrypted with a customer managed key",
  rationale: "A customer managed key lets the key policy decide who reads the messages, and CloudTrail records every use.",
  resourceTypes: ["aws_sns_topic"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "SNS.1", checkov: "CKV_AWS_26" },
  check: (resource) =>
    requireCustomerManagedKey("kms_master_key_id", resource.attributes.kms_master_key_id, {
      requirement: "production topics must be encrypted with a customer managed key",
      fix: "encrypt it with a customer managed key (kms_master_key_id)",
    }),
};
