import { isTrue, PolicyRule, show, unless } from "../../core/policy-rule";
import { isReplica } from "./replica";
import { requirementIn } from "./requirement";

/** PLAT-RDS-7: databases accept IAM database authentication (read replicas are not judged). */
export const rdsIamAuthentication: PolicyRule = {
  id: "PLAT-RDS-7",
  description: "IAM database authentication is enabled",
  rationale:
    "Short-lived IAM tokens let services and people log in without long-lived database passwords, granted and revoked in IAM.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  errorIn: ["production", "staging"],
  warnIn: ["development"],
  controls: { securityHub: "RDS.10, RDS.12", checkov: "CKV_AWS_161, CKV_AWS_162" },
  check: (resource, stack) =>
    unless(isReplica(resource) || isTrue(resource.attributes.iam_database_authentication_enabled), {
      problem: `iam_database_authentication_enabled is ${show(resource.attributes.iam_database_authentication_enabled ?? false)}`,
      requirement: requirementIn(stack, rdsIamAuthentication, "accept IAM database authentication"),
      fix: "set iam_database_authentication_enabled: true, as the platform's database does",
    }),
};
