import { isTrue, PolicyRule, show, unless } from "../../rule";
import { requirementIn } from "./requirement";

/** PLAT-RDS-3: databases are deletion-protected, read replicas included (RDS accepts the flag on a replica). */
export const rdsDeletionProtection: PolicyRule = {
  id: "PLAT-RDS-3",
  description: "Databases have deletion protection",
  rationale: "A mistaken destroy, a replaced resource or a console click must not delete production data.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  errorIn: ["production"],
  warnIn: ["staging"],
  controls: { securityHub: "RDS.7, RDS.8", checkov: "CKV_AWS_139, CKV_AWS_293" },
  check: (resource, stack) =>
    unless(isTrue(resource.attributes.deletion_protection), {
      problem: `deletion_protection is ${show(resource.attributes.deletion_protection ?? false)}`,
      requirement: requirementIn(stack, rdsDeletionProtection, "be deletion-protected"),
      fix: "set database.deletionProtection: true",
    }),
};
