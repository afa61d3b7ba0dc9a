import { configField, isTrue, PolicyRule, show, unless } from "../../core/policy-rule";
import { isReplica } from "./replica";
import { requirementIn } from "./requirement";

/**
 * PLAT-RDS-3: databases are deletion-protected. Not read replicas: they hold no data of their own,
 * and a protected replica makes lowering readReplicas fail (PLAT-APPLY-5 refuses one).
 */
export const rdsDeletionProtection: PolicyRule = {
  id: "PLAT-RDS-3",
  description: "Databases have deletion protection",
  rationale: "A mistaken destroy, a replaced resource or a console click must not delete production data.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  errorIn: ["production"],
  warnIn: ["staging"],
  controls: { securityHub: "RDS.7, RDS.8", checkov: "CKV_AWS_139, CKV_AWS_293" },
  check: (resource, stack) =>
    unless(isReplica(resource) || isTrue(resource.attributes.deletion_protection), {
      problem: `deletion_protection is ${show(resource.attributes.deletion_protection ?? false)}`,
      requirement: requirementIn(stack, rdsDeletionProtection, "be deletion-protected"),
      fix: `set ${configField(resource, "database", "deletionProtection")}: true`,
      field: configField(resource, "database", "deletionProtection"),
    }),
};
