import { PolicyRule, show, unless } from "../../../core/policy-rule";

/** The shortest retention accepted in production (CloudWatch.16's default). */
export const MIN_PRODUCTION_RETENTION_DAYS = 365;

/** PLAT-CW-2: production log groups keep their logs for at least a year. */
export const logRetention: PolicyRule = {
  id: "PLAT-CW-2",
  description: "Production log groups keep logs for at least 365 days",
  rationale: "An incident is often found months after it happened, and its investigation needs the logs of that time.",
  resourceTypes: ["aws_cloudwatch_log_group"],
  errorIn: ["production"],
  warnIn: [],
  controls: { securityHub: "CloudWatch.16", checkov: "CKV_AWS_338" },
  check: (resource) => {
    const retention = resource.attributes.retention_in_days;
    return unless(keepsLongEnough(retention), {
      problem: `retention_in_days is ${show(retention)}`,
      requirement: `production log groups must keep logs for at least ${MIN_PRODUCTION_RETENTION_DAYS} days (or never expire them)`,
      fix: resource.logRetentionField
        ? `set ${resource.logRetentionField}: ${MIN_PRODUCTION_RETENTION_DAYS} or more`
        : "raise the retention setting of that log group (cluster.serviceLogRetentionInDays, cluster.execLogRetentionInDays, " +
          `network.flowLogs.retentionInDays, ...) to ${MIN_PRODUCTION_RETENTION_DAYS} or more`,
      field: resource.logRetentionField,
    });
  },
};

/** Unset and 0 both mean the logs never expire. */
function keepsLongEnough(retention: unknown): boolean {
  if (retention === undefined || retention === null) return true;
  const days = Number(retention);
  return days === 0 || days >= MIN_PRODUCTION_RETENTION_DAYS;
}
