/**
 * Named resources Terraform may have to replace. A replacement that destroys first leaves what uses
 * the resource without it (a cache without a security group, listeners without a target group)
 * and, when it creates first under the same name, fails on the name. So every such resource is
 * made create-before-destroy, under a name the replacement does not share: a name prefix AWS
 * completes, or a name holding what forces the replacement (a hash, a major version, a family).
 *
 * Every capability's resource types of this list are checked against this convention in the
 * synthesized stacks (__tests__/capabilities.test.ts).
 */

/** The lifecycle of a replaceable named resource: the new one is created before the old one goes. */
export const REPLACED_BEFORE_DESTROY = { createBeforeDestroy: true } as const;

/** The replaceable named resource types, each with how its name differs between old and new. */
export const REPLACEABLE_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  aws_security_group: "name_prefix: AWS appends a unique suffix (core/connect.ts securityGroup)",
  aws_lb_target_group: "a hash of the port, protocol and target type in the name",
  aws_db_parameter_group: "the major version in the name",
  aws_rds_cluster_parameter_group: "the major version in the name",
  aws_elasticache_parameter_group: "the family and cluster mode in the name",
  aws_acm_certificate: "certificates have no name; validation records are re-created for the new one",
  aws_apigatewayv2_vpc_link: "VPC link names need not be unique; the new link is created beside the old one",
};
