import { configField, PolicyRule, show, unless } from "../../core/policy-rule";
import { isReplica } from "./replica";
import { requirementIn } from "./requirement";

/** Security Hub RDS.11's default minimum. */
const MIN_RETENTION_DAYS = 7;

/** PLAT-RDS-4: automated backups are kept at least 7 days (not on read replicas: PostgreSQL replicas have none). */
export const rdsBackupRetention: PolicyRule = {
  id: "PLAT-RDS-4",
  description: `Automated backups are kept at least ${MIN_RETENTION_DAYS} days`,
  rationale:
    "Corruption or a bad migration is often noticed days later, and point-in-time recovery reaches back only as far as the backups.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  errorIn: ["production"],
  warnIn: ["staging"],
  controls: { securityHub: "RDS.11", checkov: "CKV_AWS_133" },
  check: (resource, stack) =>
    unless(isReplica(resource) || Number(resource.attributes.backup_retention_period) >= MIN_RETENTION_DAYS, {
      problem: `backup_retention_period is ${show(resource.attributes.backup_retention_period)}`,
      requirement: requirementIn(stack, rdsBackupRetention, `keep automated backups for at least ${MIN_RETENTION_DAYS} days`),
      fix: `set ${configField(resource, "database", "backupRetentionPeriod")}: ${MIN_RETENTION_DAYS} or more`,
      field: configField(resource, "database", "backupRetentionPeriod"),
    }),
};
