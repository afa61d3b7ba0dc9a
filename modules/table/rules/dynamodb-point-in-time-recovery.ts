import { block, configField, isTrue, PolicyRule, show, unless } from "../../core/policy-rule";

/** PLAT-DDB-3: DynamoDB tables have point-in-time recovery. */
export const dynamodbPointInTimeRecovery: PolicyRule = {
  id: "PLAT-DDB-3",
  description: "DynamoDB tables have point-in-time recovery",
  rationale: "Point-in-time recovery restores a table to any second of the last 35 days after a bad write or delete.",
  resourceTypes: ["aws_dynamodb_table"],
  errorIn: ["production", "staging"],
  warnIn: ["development"],
  controls: { securityHub: "DynamoDB.2", checkov: "CKV_AWS_28" },
  check: (resource) => {
    const enabled = block(resource.attributes.point_in_time_recovery).enabled;
    return unless(isTrue(enabled), {
      problem: `point_in_time_recovery.enabled is ${show(enabled ?? false)}`,
      requirement: "production and staging tables must have point-in-time recovery",
      fix: `set ${configField(resource, "tables.<name>", "pointInTimeRecovery")}: true`,
      field: configField(resource, "tables.<name>", "pointInTimeRecovery"),
    });
  },
};
