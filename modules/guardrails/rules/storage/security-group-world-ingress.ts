import { Finding, PolicyRule, ResourceView } from "../../../core/policy-rule";
import { blocks, strings } from "./helpers";

/** One ingress permission, whichever resource type holds it. */
interface Opening {
  readonly sources: readonly string[];
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
}

const WORLD = ["0.0.0.0/0", "::/0"];
const WEB_PORTS = [80, 443];
const PROTOCOL_NAMES: Readonly<Record<string, string>> = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };

/** PLAT-SG-1: only HTTP and HTTPS are reachable from the internet. */
export const securityGroupWorldIngress: PolicyRule = {
  id: "PLAT-SG-1",
  description: "Security groups admit nothing from the internet but HTTP and HTTPS",
  rationale: "Every other port open to 0.0.0.0/0 or ::/0 (SSH, databases, admin consoles) is scanned and attacked within minutes.",
  resourceTypes: ["aws_vpc_security_group_ingress_rule", "aws_security_group", "aws_security_group_rule"],
  errorIn: ["production", "staging", "development"],
  warnIn: [],
  controls: {
    securityHub: "EC2.18, EC2.13, EC2.14, EC2.19, EC2.53, EC2.54",
    cis: "5.2, 5.3 (v3.0); 5.3, 5.4 (v5.0)",
    checkov: "CKV_AWS_24, CKV_AWS_25, CKV_AWS_260, CKV_AWS_277",
  },
  check: (resource) => openingsOf(resource).filter(isForbidden).map(finding),
};

function openingsOf(resource: ResourceView): readonly Opening[] {
  const attributes = resource.attributes;
  switch (resource.type) {
    case "aws_vpc_security_group_ingress_rule":
      return [
        {
          sources: strings(attributes.cidr_ipv4).concat(strings(attributes.cidr_ipv6)),
          protocol: String(attributes.ip_protocol),
          fromPort: Number(attributes.from_port ?? 0),
          toPort: Number(attributes.to_port ?? 0),
        },
      ];
    case "aws_security_group":
      return blocks(attributes.ingress).map(legacyOpening);
    default:
      return attributes.type === "ingress" ? [legacyOpening(attributes)] : [];
  }
}

/** An inline `ingress` block of aws_security_group, or an aws_security_group_rule. */
function legacyOpening(rule: Readonly<Record<string, unknown>>): Opening {
  return {
    sources: strings(rule.cidr_blocks).concat(strings(rule.ipv6_cidr_blocks)),
    protocol: String(rule.protocol),
    fromPort: Number(rule.from_port ?? 0),
    toPort: Number(rule.to_port ?? 0),
  };
}

function isForbidden(opening: Opening): boolean {
  if (!opening.sources.some((source) => WORLD.includes(source))) return false;
  const web = protocolName(opening.protocol) === "tcp" && opening.fromPort === opening.toPort && WEB_PORTS.includes(opening.fromPort);
  return !web;
}

function protocolName(protocol: string): string {
  return PROTOCOL_NAMES[protocol] ?? protocol.toLowerCase();
}

/** "tcp 22", "tcp 0-65535", "all protocols". */
function describePorts({ protocol, fromPort, toPort }: Opening): string {
  const name = protocolName(protocol);
  if (name === "-1" || name === "all") return "all protocols";
  if (name !== "tcp" && name !== "udp") return name;
  return fromPort === toPort ? `${name} ${fromPort}` : `${name} ${fromPort}-${toPort}`;
}

function finding(opening: Opening): Finding {
  const world = opening.sources.filter((source) => WORLD.includes(source)).join(" and ");
  return {
    problem: `ingress from ${world} on ${describePorts(opening)}`,
    requirement: "only tcp 80 and 443 may be open to the internet",
    fix:
      "admit the traffic from a security group instead of a CIDR (connect() in modules/core/connect.ts peers groups), " +
      "or from the narrowest CIDR that needs it; only the load balancer's group opens 80 and 443 to loadBalancer.ingressCidrBlocks",
  };
}
