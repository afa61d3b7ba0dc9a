import { isTrue, PolicyRule, show, unless } from "../../core/policy-rule";
import { requireCustomerManagedKey } from "../../guardrails/rules/shared";

const FINDING = {
  requirement: "production caches must be encrypted at rest with a customer managed key",
  fix: 'encrypt it with a customer managed key (at_rest_encryption_enabled = "true", kms_key_id)',
};

/** PLAT-EC-1: ElastiCache replication groups are encrypted at rest with a customer managed KMS key. */
export const elasticacheEncryptionAtRest: PolicyRule = {
  id: "PLAT-EC-1",
  description: "ElastiCache replication groups are encrypted at rest with a customer managed key",
  rationale: "Cached data, snapshots and swap hold application data; a customer managed key controls who can read them.",
  resourceTypes: ["aws_elasticache_replication_group"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "ElastiCache.4", checkov: "CKV_AWS_29, CKV_AWS_191" },
  check: (resource) => [
    // A string in provider 6 ("true"), a boolean in older ones.
    ...unless(isTrue(resource.attributes.at_rest_encryption_enabled), {
      problem: `at_rest_encryption_enabled is ${show(resource.attributes.at_rest_encryption_enabled)}`,
      ...FINDING,
    }),
    ...requireCustomerManagedKey("kms_key_id", resource.attributes.kms_key_id, FINDING),
  ],
};
