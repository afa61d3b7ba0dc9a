import { configField, isTrue, PolicyRule, show, unless } from "../../core/policy-rule";

/** PLAT-DDB-2: production DynamoDB tables are deletion-protected. */
export const dynamodbDeletionProtection: PolicyRule = {
  id: "PLAT-DDB-2",
  description: "DynamoDB tables have deletion protection",
  rationale: "A mistaken destroy, a replaced resource or a console click must not delete production data.",
  resourceTypes: ["aws_dynamodb_table"],
  errorIn: ["production"],
  warnIn: ["staging"],
  controls: { securityHub: "DynamoDB.6" },
  check: (resource) =>
    unless(isTrue(resource.attributes.deletion_protection_enabled), {
      problem: `deletion_protection_enabled is ${show(resource.attributes.deletion_protection_enabled ?? false)}`,
      requirement: "production tables must be deletion-protected",
      fix: `set ${configField(resource, "tables.<name>", "deletionProtection")}: true`,
      field: configField(resource, "tables.<name>", "deletionProtection"),
    }),
};
