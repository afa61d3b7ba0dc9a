import { parseCidr } from "../../modules/lib/cidr";
import { ProblemList } from "../../modules/lib/problem";
import { ClusterConfig, LoadBalancerConfig } from "../types";
import { checkLogRetention } from "./network";

const CONTAINER_INSIGHTS = ["enabled", "enhanced", "disabled"];
const DNS_NAME_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const IPV6_CIDR_PATTERN = /^[0-9a-f:]+\/(?:\d|[1-9]\d|1[01]\d|12[0-8])$/i;
const HOSTED_ZONE_PATTERN = /^Z[A-Z0-9]{1,31}$/;
/** The TLS 1.3 policies; older ones allow protocols this platform does not serve. */
const TLS13_POLICY_PREFIX = "ELBSecurityPolicy-TLS13-";

export function checkCluster(cluster: ClusterConfig, root: ProblemList): void {
  const problems = root.nested("cluster");
  const strategy = problems.nested("capacityProviderStrategy");
  const { fargateBase, fargateWeight, fargateSpotWeight } = cluster.capacityProviderStrategy;
  strategy.check(isWhole(fargateBase, 0, 100000), "fargateBase", fargateBase, "a whole number from 0 to 100000");
  strategy.check(isWhole(fargateWeight, 0, 1000), "fargateWeight", fargateWeight, "a whole number from 0 to 1000");
  strategy.check(
    isWhole(fargateSpotWeight, 0, 1000),
    "fargateSpotWeight",
    fargateSpotWeight,
    "a whole number from 0 to 1000",
  );
  strategy.check(
    fargateWeight + fargateSpotWeight > 0,
    "fargateWeight",
    fargateWeight,
    "fargateWeight or fargateSpotWeight above 0, so tasks beyond the base can be placed",
  );
  problems.check(
    CONTAINER_INSIGHTS.includes(cluster.containerInsights ?? "enabled"),
    "containerInsights",
    cluster.containerInsights,
    `one of ${CONTAINER_INSIGHTS.join(", ")}`,
  );
  checkLogRetention(cluster.execLogRetentionInDays, "execLogRetentionInDays", problems);
  checkLogRetention(cluster.serviceLogRetentionInDays, "serviceLogRetentionInDays", problems);
  if (cluster.serviceDiscoveryNamespace !== undefined) {
    problems.check(
      DNS_NAME_PATTERN.test(cluster.serviceDiscoveryNamespace),
      "serviceDiscoveryNamespace",
      cluster.serviceDiscoveryNamespace,
      "a lowercase DNS name with at least two labels, e.g. dev.acme.internal",
    );
  }
}

export function checkLoadBalancer(loadBalancer: LoadBalancerConfig, region: string, root: ProblemList): void {
  const problems = root.nested("loadBalancer");
  (loadBalancer.ingressCidrBlocks ?? []).forEach((cidr, index) =>
    problems.check(parseCidr(cidr) !== undefined, `ingressCidrBlocks[${index}]`, cidr, "an IPv4 CIDR such as 203.0.113.0/24"),
  );
  (loadBalancer.ingressIpv6CidrBlocks ?? []).forEach((cidr, index) =>
    problems.check(IPV6_CIDR_PATTERN.test(cidr), `ingressIpv6CidrBlocks[${index}]`, cidr, "an IPv6 CIDR such as 2001:db8::/32"),
  );
  const certificate = loadBalancer.certificate;
  if (certificate && "certificateArn" in certificate) {
    problems.check(
      new RegExp(`^arn:aws[a-z-]*:acm:${region}:\\d{12}:certificate/[0-9a-f-]{36}$`).test(certificate.certificateArn),
      "certificate.certificateArn",
      certificate.certificateArn,
      `an ACM certificate ARN in ${region}, the load balancer's region`,
    );
  } else if (certificate) {
    problems.check(
      DNS_NAME_PATTERN.test(certificate.domainName),
      "certificate.domainName",
      certificate.domainName,
      "a lowercase DNS name such as app.example.com",
    );
    problems.check(
      HOSTED_ZONE_PATTERN.test(certificate.hostedZoneId),
      "certificate.hostedZoneId",
      certificate.hostedZoneId,
      "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ",
    );
    (certificate.subjectAlternativeNames ?? []).forEach((name, index) =>
      problems.check(
        DNS_NAME_PATTERN.test(name.replace(/^\*\./, "wildcard.")),
        `certificate.subjectAlternativeNames[${index}]`,
        name,
        "a lowercase DNS name, optionally starting with '*.'",
      ),
    );
  }
  if (loadBalancer.sslPolicy !== undefined) {
    problems.check(
      loadBalancer.sslPolicy.startsWith(TLS13_POLICY_PREFIX),
      "sslPolicy",
      loadBalancer.sslPolicy,
      `a TLS 1.3 policy (${TLS13_POLICY_PREFIX}...), e.g. ELBSecurityPolicy-TLS13-1-2-2021-06`,
    );
  }
  const idle = loadBalancer.idleTimeout ?? 60;
  problems.check(isWhole(idle, 1, 4000), "idleTimeout", idle, "a whole number of seconds from 1 to 4000");
  const logDays = loadBalancer.accessLogsRetentionInDays ?? 90;
  problems.check(isWhole(logDays, 1, 3650), "accessLogsRetentionInDays", logDays, "a whole number of days from 1 to 3650");
}

export function isWhole(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
