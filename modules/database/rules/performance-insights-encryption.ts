import { configField, isTrue, PolicyRule, show, unless } from "../../core/policy-rule";
import { isCustomerKey } from "./customer-key";
import { requirementIn } from "./requirement";

/** PLAT-RDS-2: Performance Insights, where enabled, is encrypted with a customer managed KMS key. */
export const rdsPerformanceInsightsEncryption: PolicyRule = {
  id: "PLAT-RDS-2",
  description: "Performance Insights data is encrypted with a customer managed KMS key",
  rationale:
    "Performance Insights keeps query text, which can hold customer data, and RDS cannot change its key once one is chosen.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  errorIn: ["production"],
  warnIn: ["staging"],
  controls: { checkov: "CKV_AWS_354" },
  check: (resource, stack) => {
    const { performance_insights_enabled: enabled, performance_insights_kms_key_id: key } = resource.attributes;
    return unless(!isTrue(enabled) || isCustomerKey(key), {
      problem: `performance_insights_enabled is true and performance_insights_kms_key_id is ${show(key)}`,
      requirement: requirementIn(stack, rdsPerformanceInsightsEncryption, "encrypt Performance Insights with a customer managed KMS key"),
      fix:
        "set database.kmsKeyArn to a customer managed key, which the platform also gives Performance Insights, " +
        "or database.performanceInsightsEnabled: false",
      field: configField(resource, "database", "kmsKeyArn"),
    });
  },
};
