import { PolicyRule } from "../../../core/policy-rule";
import { ALL_TIERS } from "./shared";

/**
 * Values equal to the engine's default, by parameter name: PostgreSQL's documented defaults
 * (https://www.postgresql.org/docs/current/runtime-config-logging.html) and RDS's own for
 * log_autovacuum_min_duration (10 s on RDS for PostgreSQL, where PostgreSQL's is 10 min).
 */
const ENGINE_DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  log_min_duration_statement: ["-1"],
  log_statement: ["none"],
  log_temp_files: ["-1"],
  log_autovacuum_min_duration: ["10000"],
};

interface ParameterEntry {
  readonly name?: unknown;
  readonly value?: unknown;
  readonly apply_method?: unknown;
}

/**
 * PLAT-APPLY-6: parameters set at their engine default are not sent with apply_method
 * "immediate". RDS reports a parameter at its default as "pending-reboot" whatever was sent, so
 * the provider shows a change on every plan (terraform-provider-aws#18035).
 */
export const immediateDefaults: PolicyRule = {
  id: "PLAT-APPLY-6",
  description: "Parameters at their engine default are not sent with apply_method immediate",
  rationale: "RDS reads such a parameter back as pending-reboot: every plan shows a change that applying never removes.",
  resourceTypes: ["aws_db_parameter_group", "aws_rds_cluster_parameter_group"],
  errorIn: ALL_TIERS,
  warnIn: [],
  controls: {},
  check: (resource) => {
    const parameters = (Array.isArray(resource.attributes.parameter) ? resource.attributes.parameter : []) as ParameterEntry[];
    return parameters
      .filter((parameter) => parameter.apply_method === "immediate" && (ENGINE_DEFAULTS[String(parameter.name)] ?? []).includes(String(parameter.value)))
      .map((parameter) => ({
        problem: `${String(parameter.name)} = ${String(parameter.value)}, the engine's default, is sent immediate`,
        requirement: "a parameter at its engine default must be sent pending-reboot (or not at all)",
        fix: "send it with apply_method pending-reboot",
      }));
  },
};
