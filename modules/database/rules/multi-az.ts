import { configField, Finding, isTrue, PolicyRule, ResourceView, show, StackView, unless } from "../../core/policy-rule";
import { requirementIn } from "./requirement";

/** A writer and at least one reader to fail over to. */
const MIN_CLUSTER_INSTANCES = 2;

/** PLAT-RDS-5: databases run Multi-AZ: an instance with a standby (replicas included), a cluster with a reader. */
export const rdsMultiAz: PolicyRule = {
  id: "PLAT-RDS-5",
  description: "Databases run in more than one Availability Zone",
  rationale: "An Availability Zone outage or a host failure must fail over to a standby instead of taking the database down.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  errorIn: ["production"],
  warnIn: ["staging"],
  controls: { securityHub: "RDS.5, RDS.15", cis: "2.2.4 (v5.0)", checkov: "CKV_AWS_157" },
  check: (resource, stack) => (resource.type === "aws_rds_cluster" ? clusterFindings(resource, stack) : instanceFindings(resource, stack)),
};

function instanceFindings(resource: ResourceView, stack: StackView): readonly Finding[] {
  return unless(isTrue(resource.attributes.multi_az), {
    problem: `multi_az is ${show(resource.attributes.multi_az ?? false)}`,
    requirement: requirementIn(stack, rdsMultiAz, "run Multi-AZ"),
    fix: `set ${configField(resource, "database", "multiAz")}: true`,
    field: configField(resource, "database", "multiAz"),
  });
}

function clusterFindings(resource: ResourceView, stack: StackView): readonly Finding[] {
  const instances = stack.referencing("aws_rds_cluster_instance", resource.address).length;
  return unless(instances >= MIN_CLUSTER_INSTANCES, {
    problem: `${instances} aws_rds_cluster_instance ${instances === 1 ? "names" : "name"} this cluster in cluster_identifier`,
    requirement: requirementIn(stack, rdsMultiAz, `run Multi-AZ, with at least ${MIN_CLUSTER_INSTANCES} cluster instances`),
    fix: `set ${configField(resource, "database", "readers")}: 1 or more, a reader RDS places in another Availability Zone`,
    field: configField(resource, "database", "readers"),
  });
}
