/** The environment's Application Load Balancer. */
import { parseCidr } from "../core/cidr";
import { bool, CERTIFICATE_ARN_PATTERN, certificateRegion, DNS_NAME_PATTERN, HOSTED_ZONE_PATTERN, listOf, matching, Problems, renamedTo, strict, textWhere, whole, z } from "../core/schema";
import { webAclSchema } from "../waf/schema";

/** The TLS 1.3 policies; older ones allow protocols this platform does not serve. */
const TLS13_POLICY_PREFIX = "ELBSecurityPolicy-TLS13-";
const IPV6_CIDR_PATTERN = /^[0-9a-f:]+\/(?:\d|[1-9]\d|1[01]\d|12[0-8])$/i;

const ipv4Cidr = textWhere((text) => parseCidr(text) !== undefined, "an IPv4 CIDR such as 203.0.113.0/24");
const ipv6Cidr = matching(IPV6_CIDR_PATTERN, "an IPv6 CIDR such as 2001:db8::/32");
const dnsName = matching(DNS_NAME_PATTERN, "a lowercase DNS name such as app.example.com");

/** A certificate given by ARN; it must be in the load balancer's region. */
export const certificateArnSchema = strict({
  /** ARN of an ACM certificate in the environment's region. No default. */
  certificateArn: matching(CERTIFICATE_ARN_PATTERN, "an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<id>"),
});

/** A certificate the load balancer construct requests and validates through Route 53. */
export const dnsValidatedCertificateSchema = strict({
  /** Domain the load balancer serves, e.g. "app.example.com"; an alias record is created for it. No default. */
  domainName: dnsName,
  /** Route 53 hosted zone id that holds `domainName`. No default. */
  hostedZoneId: matching(HOSTED_ZONE_PATTERN, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ"),
  /** Extra names on the certificate. Default: none. */
  subjectAlternativeNames: listOf(
    textWhere((name) => DNS_NAME_PATTERN.test(name.replace(/^\*\./, "wildcard.")), "a lowercase DNS name, optionally starting with '*.'"),
  ).default([]),
});

export const loadBalancerSchema = strict({
  /**
   * An internal load balancer, in the private subnets, reachable only from inside the VPC (and so
   * from a CloudFront VPC origin or an API Gateway VPC link). Default: false (internet-facing).
   */
  internal: bool().default(false),
  /**
   * IPv4 CIDRs allowed to reach ports 80 and 443. Default: ["0.0.0.0/0"]; none when internal, which
   * admits only the platform's own callers by security group (CloudFront's VPC origin, the API
   * Gateway VPC link): name the VPC's CIDR here to let anything in the VPC call it.
   */
  ingressCidrBlocks: listOf(ipv4Cidr).optional(),
  /** IPv6 CIDRs allowed to reach ports 80 and 443. Default: ["::/0"], or none when internal. */
  ingressIpv6CidrBlocks: listOf(ipv6Cidr).optional(),
  /** HTTPS certificate. Default: none, which means HTTP only (a warning is printed at synth). */
  certificate: z
    .union([certificateArnSchema, dnsValidatedCertificateSchema], {
      error: "{ certificateArn } or { domainName, hostedZoneId }",
    })
    .optional(),
  /** TLS policy of the HTTPS listener. Default: "ELBSecurityPolicy-TLS13-1-2-2021-06". */
  sslPolicy: textWhere(
    (policy) => policy.startsWith(TLS13_POLICY_PREFIX),
    `a TLS 1.3 policy (${TLS13_POLICY_PREFIX}...), e.g. ELBSecurityPolicy-TLS13-1-2-2021-06`,
  ).default("ELBSecurityPolicy-TLS13-1-2-2021-06"),
  /** Seconds a connection may idle, 1 to 4000. Default: 60. */
  idleTimeout: whole(1, 4000, "a whole number of seconds").default(60),
  /** Protect the load balancer from deletion. Default: per tier (see `platform/tiers.ts`). */
  deletionProtection: bool(),
  /** Days to keep access logs in their S3 bucket. Default: per tier (see `platform/tiers.ts`). */
  accessLogRetentionInDays: whole(1, 3650, "a whole number of days"),
  /** Renamed: `accessLogRetentionInDays`. */
  accessLogsRetentionInDays: renamedTo("accessLogRetentionInDays"),
  /** A WAF web ACL in front of the load balancer. */
  waf: webAclSchema,
  /**
   * The test listener that blue/green, canary and linear deployments open on the new revision
   * before it takes production traffic (created only when a service uses one of them): same
   * protocol and certificate as the production listener, on its own port, reachable only from
   * `ingressCidrBlocks`.
   */
  testListener: strict({
    /** Port; not 80 or 443. Default: 8443. */
    port: whole(1024, 65535, "a port").default(8443),
    /**
     * IPv4 CIDRs allowed to reach it. Default: the VPC's CIDR, i.e. hooks and checks running in the
     * VPC. An internet-facing load balancer sees callers from the VPC at their NAT gateway's
     * address: add those (or a CI runner's) to reach it there.
     */
    ingressCidrBlocks: listOf(ipv4Cidr).optional(),
  }).prefault({}),
  /** Thresholds of the load balancer's own alarms (each service has its own). */
  alarms: strict({
    /** Share of requests the load balancer itself answers with 5xx (no healthy target, timeouts), percent. Default: 5. */
    elb5xxPercent: z.number({ error: "a percentage from 0.1 to 100" }).min(0.1).max(100).default(5),
  }).prefault({}),
});

export type LoadBalancerInput = z.input<typeof loadBalancerSchema>;
export type LoadBalancerSettings = z.output<typeof loadBalancerSchema>;
/** The load balancer with who may reach it resolved (it depends on `internal` and the VPC). */
export type LoadBalancerConfig = LoadBalancerSettings & {
  readonly ingressCidrBlocks: string[];
  readonly ingressIpv6CidrBlocks: string[];
  readonly testListener: { readonly port: number; readonly ingressCidrBlocks: string[] };
};

/**
 * The ingress defaults: the whole internet for an internet-facing load balancer; for an internal
 * one no CIDR at all, since each of its callers is admitted by its security group (a VPC CIDR rule
 * would let every task and instance in the VPC around CloudFront and its web ACL).
 */
export function resolveLoadBalancer(loadBalancer: LoadBalancerSettings, vpcCidr: string): LoadBalancerConfig {
  return {
    ...loadBalancer,
    ingressCidrBlocks: loadBalancer.ingressCidrBlocks ?? (loadBalancer.internal ? [] : ["0.0.0.0/0"]),
    ingressIpv6CidrBlocks: loadBalancer.ingressIpv6CidrBlocks ?? (loadBalancer.internal ? [] : ["::/0"]),
    testListener: { ...loadBalancer.testListener, ingressCidrBlocks: loadBalancer.testListener.ingressCidrBlocks ?? [vpcCidr] },
  };
}
export type DnsValidatedCertificateConfig = z.output<typeof dnsValidatedCertificateSchema>;

/** The certificate must live in the load balancer's region (a cross-field rule with the environment's region). */
export function checkLoadBalancerRegion(loadBalancer: LoadBalancerSettings, region: string, problems: Problems): void {
  const certificate = loadBalancer.certificate;
  if (!certificate || !("certificateArn" in certificate)) return;
  problems.check(
    certificateRegion(certificate.certificateArn) === region,
    ["certificate", "certificateArn"],
    `an ACM certificate ARN in ${region}, the load balancer's region`,
  );
}
