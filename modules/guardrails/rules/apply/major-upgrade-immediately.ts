import { isTrue, PolicyRule, unless } from "../../../core/policy-rule";
import { ALL_TIERS } from "./shared";

/**
 * PLAT-APPLY-7: a database that may take a major upgrade applies it immediately. Left to the
 * maintenance window, the new family's parameter group is applied while the old engine runs on the
 * primary and its replicas, and the modification fails (terraform-provider-aws#19536; RDS:
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.MajorVersion.Process.html).
 */
export const majorUpgradeImmediately: PolicyRule = {
  id: "PLAT-APPLY-7",
  description: "Major engine upgrades are applied immediately",
  rationale: "A major upgrade deferred to the maintenance window races its parameter group against the running engine, and the apply or the window fails.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  errorIn: ALL_TIERS,
  warnIn: [],
  controls: {},
  check: (resource) =>
    unless(!isTrue(resource.attributes.allow_major_version_upgrade) || isTrue(resource.attributes.apply_immediately), {
      problem: "allow_major_version_upgrade is true without apply_immediately",
      requirement: "a major upgrade must be applied immediately",
      fix: "set apply_immediately while allow_major_version_upgrade is true",
    }),
};
