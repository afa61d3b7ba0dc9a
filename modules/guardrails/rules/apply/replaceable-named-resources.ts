import { Finding, isSet, PolicyRule, ResourceView, show } from "../../../core/policy-rule";
import { ALL_TIERS, createsBeforeDestroy, lifecycleOf, mentions, referencedAddress } from "./shared";

/**
 * How each replaceable named type can be replaced without failing: what uses it blocks a
 * destroy-first replacement (DependencyViolation for a security group with network interfaces,
 * ResourceInUse for a target group behind a listener, a parameter group an instance uses, a VPC
 * link integrations use), so the new one must come first, and then under a name the old one does
 * not hold. Each entry returns the problem, or undefined when the resource can be replaced.
 */
const REPLACEABLE: Readonly<Record<string, (resource: ResourceView) => string | undefined>> = {
  // Names are unique per VPC: a fixed name and create-before-destroy clash, so a prefix.
  aws_security_group: (resource) => named(resource, "name_prefix") ?? (isSet(resource.attributes.name) ? `name is fixed (${show(resource.attributes.name)})` : undefined),
  // Names are unique per account and region; port, protocol, target type and VPC force a replacement.
  aws_lb_target_group: (resource) => {
    if (isSet(resource.attributes.name_prefix)) return undefined;
    const vpc = referencedAddress(resource.attributes.vpc_id, "aws_vpc");
    return vpc && !mentions(resource.attributes.name, vpc) ? "name does not change with the VPC it is in" : undefined;
  },
  // The family forces a replacement: a name that holds the family differs between old and new.
  aws_db_parameter_group: familyInName,
  aws_rds_cluster_parameter_group: familyInName,
  aws_elasticache_parameter_group: familyInName,
  // Names need not be unique: create-before-destroy is enough.
  aws_apigatewayv2_vpc_link: () => undefined,
  // CloudFront refuses to update a VPC origin while a distribution uses it (provider #40905): it
  // must be replaced on every change, never updated.
  aws_cloudfront_vpc_origin: (resource) => {
    const lifecycle = lifecycleOf(resource);
    const immutable = lifecycle.ignore_changes === "all" && Array.isArray(lifecycle.replace_triggered_by) && lifecycle.replace_triggered_by.length > 0;
    return immutable ? undefined : "it is updated in place (CloudFront refuses that while a distribution uses it)";
  },
};

function named(resource: ResourceView, argument: string): string | undefined {
  return isSet(resource.attributes[argument]) || isSet(resource.attributes.name) ? undefined : `neither name nor ${argument} is set`;
}

/** The family's version ("17" of "aurora-postgresql17", "7" of "redis7", "8" of "valkey8") must be in the name. */
function familyInName(resource: ResourceView): string | undefined {
  if (isSet(resource.attributes.name_prefix)) return undefined;
  const version = /(\d[\d.]*)$/.exec(String(resource.attributes.family ?? ""))?.[1] ?? String(resource.attributes.family ?? "");
  const holds = String(resource.attributes.name ?? "").replace(/\./g, "").includes(version.replace(/\./g, ""));
  return holds ? undefined : `name ${show(resource.attributes.name)} does not hold the version of its family ${show(resource.attributes.family)}`;
}

/**
 * PLAT-APPLY-1: named resources Terraform may replace are created before the old one is destroyed,
 * under a name the old one does not hold. Sources: terraform-provider-aws#40905 (VPC origins),
 * the Terraform lifecycle documentation (create_before_destroy,
 * https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle), and the
 * provider's aws_security_group documentation ("Recreating a Security Group").
 */
export const replaceableNamedResources: PolicyRule = {
  id: "PLAT-APPLY-1",
  description: "Named resources Terraform may replace have a lifecycle that can replace them",
  rationale:
    "A replacement that destroys first fails while something uses the resource, and one that creates first fails on a name the old one still holds: the edit that forces it cannot be applied.",
  resourceTypes: Object.keys(REPLACEABLE),
  errorIn: ALL_TIERS,
  warnIn: [],
  controls: {},
  check: (resource) => {
    const findings: Finding[] = [];
    const fix = "create it with lifecycle create_before_destroy under a name prefix or a name that changes with what forces the replacement";
    const requirement = `a replaced ${resource.type} must be created before the old one is destroyed, under another name`;
    if (!createsBeforeDestroy(resource)) {
      findings.push({ problem: "lifecycle create_before_destroy is not set", requirement, fix });
    }
    const problem = REPLACEABLE[resource.type](resource);
    if (problem) findings.push({ problem, requirement, fix });
    return findings;
  },
};
