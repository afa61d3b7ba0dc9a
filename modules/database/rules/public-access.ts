import { isTrue, PolicyRule, show, unless } from "../../core/policy-rule";
import { requirementIn } from "./requirement";

/** PLAT-RDS-6: no database instance is publicly accessible. */
export const rdsNoPublicAccess: PolicyRule = {
  id: "PLAT-RDS-6",
  description: "Database instances are not publicly accessible",
  rationale:
    "A public endpoint opens the database to password guessing and engine exploits from the whole internet, one security group away.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  errorIn: ["production", "staging", "development"],
  warnIn: [],
  controls: { securityHub: "RDS.2", cis: "2.3.3 (v3.0), 2.2.3 (v5.0)", checkov: "CKV_AWS_17" },
  check: (resource, stack) =>
    unless(!isTrue(resource.attributes.publicly_accessible), {
      problem: `publicly_accessible is ${show(resource.attributes.publicly_accessible)}`,
      requirement: requirementIn(stack, rdsNoPublicAccess, "not be publicly accessible"),
      fix: "set publicly_accessible: false, as the platform's database does; services reach it in the VPC through uses: { database: true }",
    }),
};
