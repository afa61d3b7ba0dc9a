import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { REPLACED_BEFORE_DESTROY } from "./replaceable";

/** What a security group and its rules create (for capability declarations): all free. */
export const SECURITY_GROUP_RESOURCES = {
  priced: [],
  free: ["aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"],
} as const;

/** One TCP port (or range) from or to exactly one peer: a CIDR or another security group. */
export interface TcpRule {
  readonly description: string;
  readonly fromPort: number;
  /** Default: `fromPort`. */
  readonly toPort?: number;
  readonly cidrIpv4?: string;
  readonly cidrIpv6?: string;
  readonly referencedSecurityGroupId?: string;
}

/**
 * Something with a security group that can open or accept connections: a service, the load
 * balancer, a database. Rules about it are created in its own construct, named after the peer.
 */
export interface NetworkPeer {
  /** The construct the peer's rules belong to. */
  readonly scope: Construct;
  /** Short name for construct ids, e.g. "alb", "api", "database". */
  readonly peerName: string;
  /** How rule descriptions name it, e.g. "the load balancer" or "service api". */
  readonly peerLabel: string;
  readonly securityGroupId: string;
}

/**
 * Lets `from` open TCP connections to `to` on `port`, and nothing else between them: an egress
 * rule on `from`'s group and an ingress rule on `to`'s group, each naming the other group. The one
 * way security groups are peered here (load balancer to service, service to service, service to
 * database or any other backing resource).
 */
export function connect(from: NetworkPeer, to: NetworkPeer, port: number): void {
  allowTcpEgress(from.scope, `egress-to-${to.peerName}`, from.securityGroupId, {
    description: `To ${to.peerLabel}`,
    fromPort: port,
    referencedSecurityGroupId: to.securityGroupId,
  });
  allowTcpIngress(to.scope, `ingress-from-${from.peerName}`, to.securityGroupId, {
    description: `From ${from.peerLabel}`,
    fromPort: port,
    referencedSecurityGroupId: from.securityGroupId,
  });
}

/** A standalone ingress rule resource (one per rule, so changing one never rewrites the others). */
export function allowTcpIngress(scope: Construct, id: string, securityGroupId: string, rule: TcpRule): VpcSecurityGroupIngressRule {
  return new VpcSecurityGroupIngressRule(scope, id, { securityGroupId, ...tcp(rule) });
}

export function allowTcpEgress(scope: Construct, id: string, securityGroupId: string, rule: TcpRule): VpcSecurityGroupEgressRule {
  return new VpcSecurityGroupEgressRule(scope, id, { securityGroupId, ...tcp(rule) });
}

function tcp(rule: TcpRule) {
  return {
    description: rule.description,
    ipProtocol: "tcp",
    fromPort: rule.fromPort,
    toPort: rule.toPort ?? rule.fromPort,
    cidrIpv4: rule.cidrIpv4,
    cidrIpv6: rule.cidrIpv6,
    referencedSecurityGroupId: rule.referencedSecurityGroupId,
  };
}

export interface SecurityGroupProps {
  /** Name, e.g. "acme-prod-alb"; AWS appends a unique suffix to it. */
  readonly name: string;
  /** Kept constant: a new description replaces the group. */
  readonly description: string;
  readonly vpcId: string;
}

/**
 * A security group with no rules of its own (rules are separate resources, see `connect`). Named by
 * prefix and replaced create-before-destroy: a change that forces a new group (description, VPC)
 * creates it beside the old one, moves what uses it, then deletes the old one, instead of failing
 * on a duplicate name or on a group still attached to network interfaces.
 */
export function securityGroup(scope: Construct, id: string, props: SecurityGroupProps): SecurityGroup {
  return new SecurityGroup(scope, id, {
    namePrefix: `${props.name}-`,
    description: props.description,
    vpcId: props.vpcId,
    revokeRulesOnDelete: true,
    tags: { Name: props.name },
    lifecycle: REPLACED_BEFORE_DESTROY,
  });
}
