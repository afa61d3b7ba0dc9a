import { PolicyRule, ResourceView, show, unless } from "../../core/policy-rule";
import { isReplica } from "./replica";
import { requirementIn } from "./requirement";

const POSTGRES_ENGINES = ["postgres", "aurora-postgresql"];
const POSTGRES_LOG = "postgresql";

/** PLAT-RDS-10: PostgreSQL databases export their server log to CloudWatch Logs. */
export const rdsPostgresLogs: PolicyRule = {
  id: "PLAT-RDS-10",
  description: "PostgreSQL logs are exported to CloudWatch Logs",
  rationale: "Slow statements, lock waits, connections and errors must outlive the instance and be searchable and alarmed on in one place.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  errorIn: ["production", "staging"],
  warnIn: ["development"],
  controls: { securityHub: "RDS.36, RDS.37", checkov: "CKV_AWS_129, CKV_AWS_324" },
  check: (resource, stack) => {
    const logExports = resource.attributes.enabled_cloudwatch_logs_exports;
    return unless(!runsPostgres(resource) || (Array.isArray(logExports) && logExports.includes(POSTGRES_LOG)), {
      problem: `enabled_cloudwatch_logs_exports is ${show(logExports)}`,
      requirement: requirementIn(stack, rdsPostgresLogs, `export the ${POSTGRES_LOG} log to CloudWatch Logs`),
      fix: `add "${POSTGRES_LOG}" to enabled_cloudwatch_logs_exports, as the platform's database does`,
    });
  },
};

/** A PostgreSQL engine, or a replica (whose engine is its source's; the platform's are all PostgreSQL). */
function runsPostgres(resource: ResourceView): boolean {
  return isReplica(resource) || POSTGRES_ENGINES.includes(String(resource.attributes.engine));
}
