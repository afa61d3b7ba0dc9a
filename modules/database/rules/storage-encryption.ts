import { configField, isTrue, PolicyRule, show, unless } from "../../core/policy-rule";
import { isCustomerKey } from "./customer-key";
import { isReplica } from "./replica";
import { requirementIn } from "./requirement";

/** PLAT-RDS-1: database storage is encrypted with a customer managed KMS key (replicas inherit their source's). */
export const rdsStorageEncryption: PolicyRule = {
  id: "PLAT-RDS-1",
  description: "Database storage is encrypted with a customer managed KMS key",
  rationale:
    "Data, snapshots and backups stay unreadable without a key whose policy, rotation and audit trail the platform controls.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "RDS.3, RDS.27", cis: "2.3.1 (v3.0), 2.2.1 (v5.0)", checkov: "CKV_AWS_16, CKV_AWS_96, CKV_AWS_327" },
  check: (resource, stack) => {
    const { storage_encrypted: encrypted, kms_key_id: key } = resource.attributes;
    const problems = [
      ...(isTrue(encrypted) ? [] : [`storage_encrypted is ${show(encrypted ?? false)}`]),
      ...(isCustomerKey(key) ? [] : [`kms_key_id is ${show(key)}`]),
    ];
    return unless(isReplica(resource) || problems.length === 0, {
      problem: problems.join(" and "),
      requirement: requirementIn(stack, rdsStorageEncryption, "encrypt storage with a customer managed KMS key"),
      fix: `set ${configField(resource, "database", "kmsKeyArn")} to a customer managed key, or leave it unset for the environment's data key`,
      field: configField(resource, "database", "kmsKeyArn"),
    });
  },
};
