import { isTrue, PolicyRule, show, unless } from "../../rule";

/** PLAT-RDS-3: production databases are deletion-protected. */
export const rdsDeletionProtection: PolicyRule = {
  id: "PLAT-RDS-3",
  description: "Databases have deletion protection",
  rationale: "A mistaken destroy, a replaced resource or a console click must not delete production data.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  errorIn: ["production"],
  warnIn: ["staging"],
  controls: { securityHub: "RDS.7, RDS.8", checkov: "CKV_AWS_139, CKV_AWS_293" },
  check: (resource) =>
    unless(isTrue(resource.attributes.deletion_protection), {
      problem: `deletion_protection is ${show(resource.attributes.deletion_protection ?? false)}`,
      requirement: "production databases must be deletion-protected",
      fix: "set database.deletionProtection: true",
    }),
};
