import { PolicyRule } from "../../core/policy-rule";
import { requireCustomerManagedKey } from "../../guardrails/rules/shared";

/** PLAT-SQS-1: SQS queues are encrypted with a customer managed KMS key. */
export const sqsCustomerManagedKey: PolicyRule = {
  id: "PLAT-SQS-1",
  description: "SQS queues are encrypted with a customer managed key",
  rationale: "A customer managed key lets the key policy decide who reads the messages, and CloudTrail records every use.",
  resourceTypes: ["aws_sqs_queue"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "SQS.1", checkov: "CKV_AWS_27" },
  check: (resource) =>
    requireCustomerManagedKey("kms_master_key_id", resource.attributes.kms_master_key_id, {
      requirement: "production queues must be encrypted with a customer managed key",
      fix: "encrypt it with a customer managed key (kms_master_key_id)",
    }),
};
