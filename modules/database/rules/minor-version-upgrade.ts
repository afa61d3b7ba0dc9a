import { PolicyRule, unless } from "../../core/policy-rule";
import { requirementIn } from "./requirement";

/** PLAT-RDS-8: database instances take minor engine versions automatically (the provider's default). */
export const rdsMinorVersionUpgrade: PolicyRule = {
  id: "PLAT-RDS-8",
  description: "Automatic minor version upgrades are on",
  rationale: "Minor versions carry the engine's security fixes, and applying them in the maintenance window keeps them from piling up.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "RDS.13, RDS.35", cis: "2.3.2 (v3.0), 2.2.2 (v5.0)", checkov: "CKV_AWS_226" },
  check: (resource, stack) =>
    unless(!isFalse(resource.attributes.auto_minor_version_upgrade), {
      problem: "auto_minor_version_upgrade is false",
      requirement: requirementIn(stack, rdsMinorVersionUpgrade, "take minor version upgrades automatically"),
      fix: "set auto_minor_version_upgrade: true, as the platform's database does; upgrades then apply in database.maintenanceWindow",
    }),
};

function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}
