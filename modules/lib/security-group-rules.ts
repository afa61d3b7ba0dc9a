import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";

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
