import { EnvironmentInput } from "../modules/platform/schema";
import {
  dataSourceAt,
  findByPath,
  Json,
  minimalEnvironment,
  onlyResource,
  resourceAt,
  resourcesOf,
  synthEnvironment,
  SynthesizedStack,
  validationMessage,
} from "./support/synth";

type ServiceInput = NonNullable<EnvironmentInput["services"]>[number];
type CertificateInput = NonNullable<EnvironmentInput["loadBalancer"]>["certificate"];

const CERTIFICATE_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
const DOMAIN_NAME = "app.acme.example.com";
const HOSTED_ZONE_ID = "Z0123456789ABCDEFGHIJ";
const HTTP_ONLY_WARNING = "acme-test: the load balancer serves plain HTTP because loadBalancer.certificate is not set";

/** The minimal environment's web service: routed on /* with the default health check. */
const WEB: ServiceInput = minimalEnvironment().services![0];
/** A second routed service with its own port, priority, path and health check. */
const API: ServiceInput = {
  ...WEB,
  name: "api",
  containerPort: 8080,
  loadBalancer: { priority: 10, pathPatterns: ["/api/*", "/v2/*"], healthCheckPath: "/api/health" },
};
/** A service the load balancer does not route to. */
const WORKER: ServiceInput = {
  name: "worker",
  image: { source: "uri", uri: "public.ecr.aws/acme/worker:1.0.0" },
  cpu: 256,
  memory: 512,
  desiredCount: 1,
};

/** The minimal environment's load balancer with `certificate` (none when undefined). */
function withCertificate(certificate: CertificateInput): EnvironmentInput {
  return minimalEnvironment({ loadBalancer: { deletionProtection: false, certificate } });
}

function albOf(stack: SynthesizedStack) {
  return resourceAt(stack, "aws_lb", "load-balancer/alb");
}

/** Rules of `type` on the load balancer's security group, wherever in the stack they are defined. */
function albRules(stack: SynthesizedStack, type: string): Json[] {
  const group = resourceAt(stack, "aws_security_group", "load-balancer/security-group");
  return Object.values(resourcesOf(stack, type)).filter((rule) => String(rule.security_group_id) === group.ref("id"));
}

/** [port, CIDR] of each ingress rule on the load balancer's security group, sorted. */
function ingressOf(stack: SynthesizedStack): [number, string][] {
  return albRules(stack, "aws_vpc_security_group_ingress_rule")
    .map((rule): [number, string] => [Number(rule.from_port), String(rule.cidr_ipv4 ?? rule.cidr_ipv6)])
    .sort();
}

/** The warnings cdktf recorded on the load balancer construct at synth. */
function warningsOf(stack: SynthesizedStack): string[] {
  return (stack.stack.node.findChild("load-balancer").node.metadata ?? [])
    .filter((entry) => entry.type === "@cdktf/warn")
    .map((entry) => String(entry.data));
}

describe("GIVEN the minimal environment's load balancer", () => {
  const stack = synthEnvironment(minimalEnvironment());
  const alb = albOf(stack);

  it("THEN it is internet-facing in the public subnets, drops invalid headers and logs access", () => {
    const publicSubnets = findByPath(stack, "aws_subnet", "network/public-").map((subnet) => subnet.ref("id"));
    expect(publicSubnets).toHaveLength(2);
    expect(alb.resource).toMatchObject({
      load_balancer_type: "application",
      internal: false,
      drop_invalid_header_fields: true,
      desync_mitigation_mode: "defensive",
      idle_timeout: 60,
      access_logs: { enabled: true },
    });
    expect(Object.values(alb.resource.subnets).map(String).sort()).toEqual([...publicSubnets].sort());
    expect(Object.values(alb.resource.security_groups)).toEqual([resourceAt(stack, "aws_security_group", "load-balancer/security-group").ref("id")]);
  });

  it("THEN it writes access logs to a private SSE-S3 bucket whose policy lets ELB log delivery write, and waits for that policy", () => {
    const bucket = resourceAt(stack, "aws_s3_bucket", "load-balancer/access-logs/bucket");
    expect(alb.resource.access_logs).toEqual({ bucket: bucket.ref("id"), enabled: true });
    expect(resourceAt(stack, "aws_s3_bucket_server_side_encryption_configuration", "load-balancer/access-logs/encryption").resource.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: false },
    ]);
    expect(resourceAt(stack, "aws_s3_bucket_public_access_block", "load-balancer/access-logs/public-access-block").resource).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const document = dataSourceAt(stack, "aws_iam_policy_document", "load-balancer/access-logs/policy-document");
    expect(Object.values(document.resource.statement).map((statement) => statement.sid)).toEqual([
      "DenyInsecureTransport",
      "LogDeliveryServiceWritesAccessLogs",
      "RegionalElbAccountWritesAccessLogs",
    ]);
    const policy = resourceAt(stack, "aws_s3_bucket_policy", "load-balancer/access-logs/policy");
    expect(policy.resource).toMatchObject({ bucket: bucket.ref("id"), policy: document.ref("json") });
    expect(Object.values(alb.resource.depends_on)).toContain(`aws_s3_bucket_policy.${policy.name}`);
  });

  it("THEN it keeps access logs 90 days by default", () => {
    const lifecycle = resourceAt(stack, "aws_s3_bucket_lifecycle_configuration", "load-balancer/access-logs/lifecycle").resource;
    expect(lifecycle.rule[0].expiration).toEqual([{ days: 90 }]);
  });
});

describe("GIVEN an idle timeout of 300 seconds and access logs kept 14 days", () => {
  const stack = synthEnvironment(minimalEnvironment({ loadBalancer: { idleTimeout: 300, accessLogRetentionInDays: 14 } }));

  it("THEN the load balancer idles connections out after 300 seconds", () => {
    expect(albOf(stack).resource.idle_timeout).toBe(300);
  });

  it("THEN the access logs expire after 14 days", () => {
    const lifecycle = resourceAt(stack, "aws_s3_bucket_lifecycle_configuration", "load-balancer/access-logs/lifecycle").resource;
    expect(lifecycle.rule[0].expiration).toEqual([{ days: 14 }]);
  });
});

describe.each([true, false])("GIVEN deletionProtection %s", (deletionProtection) => {
  const stack = synthEnvironment(minimalEnvironment({ loadBalancer: { deletionProtection } }));

  it(`THEN the load balancer is ${deletionProtection ? "" : "not "}protected from deletion`, () => {
    expect(albOf(stack).resource.enable_deletion_protection).toBe(deletionProtection);
  });
});

describe.each([
  { kind: "no certificate", certificate: undefined, listener: "load-balancer/http", ports: [80] },
  { kind: "a certificate ARN", certificate: { certificateArn: CERTIFICATE_ARN }, listener: "load-balancer/https", ports: [80, 443] },
  {
    kind: "a DNS-validated certificate",
    certificate: { domainName: DOMAIN_NAME, hostedZoneId: HOSTED_ZONE_ID },
    listener: "load-balancer/https",
    ports: [80, 443],
  },
])("GIVEN $kind (what every certificate setting shares)", ({ certificate, listener, ports }) => {
  const stack = synthEnvironment(withCertificate(certificate));

  it(`THEN the load balancer admits ports ${ports.join(" and ")} from anywhere over IPv4 and IPv6, and nothing else`, () => {
    expect(ingressOf(stack)).toEqual(ports.flatMap((port): [number, string][] => [[port, "0.0.0.0/0"], [port, "::/0"]]).sort());
    for (const rule of albRules(stack, "aws_vpc_security_group_ingress_rule")) {
      expect(rule).toMatchObject({ ip_protocol: "tcp", to_port: rule.from_port });
    }
  });

  it(`THEN its ${listener.split("/")[1]} listener, which services attach to, answers 404 unless a service's rule matches`, () => {
    expect(resourceAt(stack, "aws_lb_listener", listener).resource.default_action).toEqual([
      { type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "404", message_body: "Not Found" } },
    ]);
    expect(resourceAt(stack, "aws_lb_listener_rule", "service-web/listener-rule").resource.listener_arn).toBe(
      resourceAt(stack, "aws_lb_listener", listener).ref("arn"),
    );
  });
});

describe("GIVEN no certificate", () => {
  const stack = synthEnvironment(withCertificate(undefined));

  it("THEN the load balancer serves plain HTTP on port 80 only", () => {
    expect(findByPath(stack, "aws_lb_listener", "")).toHaveLength(1);
    expect(resourceAt(stack, "aws_lb_listener", "load-balancer/http").resource).toMatchObject({
      load_balancer_arn: albOf(stack).ref("arn"),
      port: 80,
      protocol: "HTTP",
    });
    expect(resourcesOf(stack, "aws_acm_certificate")).toEqual({});
    expect(stack.json.output.alb_url.value).toBe(`http://${albOf(stack).ref("dns_name")}`);
  });

  it("THEN synth warns that it serves plain HTTP", () => {
    expect(warningsOf(stack)).toEqual([expect.stringContaining(HTTP_ONLY_WARNING)]);
  });
});

describe("GIVEN a certificate ARN", () => {
  const stack = synthEnvironment(withCertificate({ certificateArn: CERTIFICATE_ARN }));

  it("THEN the HTTPS listener uses that certificate with TLS 1.3 and HSTS", () => {
    expect(resourceAt(stack, "aws_lb_listener", "load-balancer/https").resource).toMatchObject({
      load_balancer_arn: albOf(stack).ref("arn"),
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificate_arn: CERTIFICATE_ARN,
      routing_http_response_strict_transport_security_header_value: "max-age=31536000; includeSubDomains",
    });
    expect(stack.json.output.alb_url.value).toBe(`https://${albOf(stack).ref("dns_name")}`);
  });

  it("THEN HTTP is permanently redirected to HTTPS", () => {
    expect(resourceAt(stack, "aws_lb_listener", "load-balancer/http-redirect").resource).toMatchObject({
      port: 80,
      protocol: "HTTP",
      default_action: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301" } }],
    });
    expect(findByPath(stack, "aws_lb_listener", "")).toHaveLength(2);
  });

  it("THEN no certificate is requested, no DNS record is made and synth does not warn", () => {
    expect(resourcesOf(stack, "aws_acm_certificate")).toEqual({});
    expect(resourcesOf(stack, "aws_route53_record")).toEqual({});
    expect(warningsOf(stack)).toEqual([]);
  });
});

describe("GIVEN a certificate ARN and another TLS 1.3 policy", () => {
  const stack = synthEnvironment(
    minimalEnvironment({
      loadBalancer: { certificate: { certificateArn: CERTIFICATE_ARN }, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" },
    }),
  );

  it("THEN the HTTPS listener uses that policy", () => {
    expect(resourceAt(stack, "aws_lb_listener", "load-balancer/https").resource.ssl_policy).toBe("ELBSecurityPolicy-TLS13-1-3-2021-06");
  });
});

describe("GIVEN a DNS-validated certificate for a hosted zone", () => {
  const stack = synthEnvironment(withCertificate({ domainName: DOMAIN_NAME, hostedZoneId: HOSTED_ZONE_ID }));
  const certificate = resourceAt(stack, "aws_acm_certificate", "load-balancer/certificate/certificate");

  it("THEN a certificate for the domain is requested with DNS validation, replaced before it is destroyed", () => {
    expect(certificate.resource).toMatchObject({
      domain_name: DOMAIN_NAME,
      validation_method: "DNS",
      lifecycle: { create_before_destroy: true },
    });
  });

  it("THEN the validation records go into the hosted zone, and the HTTPS listener waits for validation", () => {
    const records = resourceAt(stack, "aws_route53_record", "load-balancer/certificate/validation-record");
    expect(records.resource).toMatchObject({ zone_id: HOSTED_ZONE_ID, ttl: 60, allow_overwrite: true });
    expect(String(records.resource.for_each)).toContain(certificate.ref("domain_validation_options").slice(2, -1));
    const validation = resourceAt(stack, "aws_acm_certificate_validation", "load-balancer/certificate/validation");
    expect(validation.resource.certificate_arn).toBe(certificate.ref("arn"));
    expect(resourceAt(stack, "aws_lb_listener", "load-balancer/https").resource.certificate_arn).toBe(validation.ref("certificate_arn"));
  });

  it("THEN the domain points at the load balancer, which is its URL, and synth does not warn", () => {
    const alb = albOf(stack);
    expect(resourceAt(stack, "aws_route53_record", "load-balancer/alias").resource).toMatchObject({
      zone_id: HOSTED_ZONE_ID,
      name: DOMAIN_NAME,
      type: "A",
      alias: { name: alb.ref("dns_name"), zone_id: alb.ref("zone_id"), evaluate_target_health: true },
    });
    expect(stack.json.output.alb_url.value).toBe(`https://${DOMAIN_NAME}`);
    expect(warningsOf(stack)).toEqual([]);
  });
});

describe("GIVEN ingress limited to two IPv4 CIDRs and one IPv6 CIDR, with a certificate", () => {
  const stack = synthEnvironment(
    minimalEnvironment({
      loadBalancer: {
        certificate: { certificateArn: CERTIFICATE_ARN },
        ingressCidrBlocks: ["203.0.113.0/24", "198.51.100.0/24"],
        ingressIpv6CidrBlocks: ["2001:db8::/32"],
      },
    }),
  );

  it("THEN the load balancer admits HTTP and HTTPS from exactly those CIDRs", () => {
    expect(ingressOf(stack)).toEqual(
      [80, 443].flatMap((port): [number, string][] => [[port, "203.0.113.0/24"], [port, "198.51.100.0/24"], [port, "2001:db8::/32"]]).sort(),
    );
  });
});

describe("GIVEN services web and api behind the load balancer and a worker that is not", () => {
  const stack = synthEnvironment(minimalEnvironment({ services: [WEB, API, WORKER] }));

  it("THEN the load balancer sends traffic only to the routed services' security groups, on their ports", () => {
    const egress = albRules(stack, "aws_vpc_security_group_egress_rule");
    expect(egress.map((rule) => [String(rule.referenced_security_group_id), rule.from_port]).sort()).toEqual(
      [
        [resourceAt(stack, "aws_security_group", "service-web/security-group").ref("id"), 80],
        [resourceAt(stack, "aws_security_group", "service-api/security-group").ref("id"), 8080],
      ].sort(),
    );
    for (const rule of egress) {
      expect(rule.cidr_ipv4).toBeUndefined();
      expect(rule.cidr_ipv6).toBeUndefined();
    }
  });

  it.each([
    { service: WEB, healthCheckPath: "/health" },
    { service: API, healthCheckPath: "/api/health" },
  ])("THEN $service.name is routed by its path patterns at its priority to an IP target group on its port, health-checked on $healthCheckPath", ({ service, healthCheckPath }) => {
    const targetGroup = resourceAt(stack, "aws_lb_target_group", `service-${service.name}/target-group`);
    expect(targetGroup.resource).toMatchObject({
      target_type: "ip",
      port: service.containerPort,
      protocol: "HTTP",
      deregistration_delay: "30",
      health_check: { path: healthCheckPath, matcher: "200-399" },
    });
    expect(resourceAt(stack, "aws_lb_listener_rule", `service-${service.name}/listener-rule`).resource).toMatchObject({
      priority: service.loadBalancer?.priority,
      action: [{ type: "forward", target_group_arn: targetGroup.ref("arn") }],
      condition: [{ path_pattern: { values: service.loadBalancer?.pathPatterns } }],
    });
  });

  it("THEN the worker has no target group and no listener rule", () => {
    expect(findByPath(stack, "aws_lb_target_group", "service-worker/")).toEqual([]);
    expect(findByPath(stack, "aws_lb_listener_rule", "service-worker/")).toEqual([]);
  });
});

describe("front door choices", () => {
  const web = minimalEnvironment().services![0];
  const worker = { name: "worker", image: { source: "uri" as const, uri: "public.ecr.aws/acme/worker:1.0" }, cpu: 256 as const, memory: 512, desiredCount: 1 };

  it("GIVEN no load balancer and only a worker WHEN synthesized THEN there is no load balancer, listener, target group or its alarms", () => {
    const { loadBalancer: _, ...input } = minimalEnvironment({ services: [worker] });
    const stack = synthEnvironment(input);
    for (const type of ["aws_lb", "aws_lb_listener", "aws_lb_target_group", "aws_wafv2_web_acl"]) expect(resourcesOf(stack, type)).toEqual({});
    expect(JSON.stringify(resourcesOf(stack, "aws_cloudwatch_metric_alarm"))).not.toContain("AWS/ApplicationELB");
  });

  it("GIVEN no load balancer but a routed service WHEN parsed THEN the route is refused, saying why", () => {
    const { loadBalancer: _, ...input } = minimalEnvironment();
    expect(validationMessage(input)).toContain(
      "services[0].loadBalancer is {\"priority\":100,\"pathPatterns\":[\"/*\"]}; expected no routing: this environment has no loadBalancer",
    );
  });

  it("GIVEN an internal load balancer in production WHEN synthesized THEN it sits in the private subnets, admits no CIDR on its listeners (only the deployment test listener from the VPC) and needs no WAF", () => {
    const stack = synthEnvironment(minimalEnvironment({ tier: "production", loadBalancer: { internal: true, deletionProtection: true } }));
    const alb = onlyResource(stack, "aws_lb");
    expect(alb.internal).toBe(true);
    const privateSubnets = findByPath(stack, "aws_subnet", "network/private-").map((subnet) => subnet.ref("id"));
    expect([...(alb.subnets as unknown as string[])].sort()).toEqual(privateSubnets.sort());
    const albGroup = resourceAt(stack, "aws_security_group", "load-balancer/security-group").ref("id");
    const ingress = Object.values(resourcesOf(stack, "aws_vpc_security_group_ingress_rule")).filter((rule) => rule.security_group_id === (albGroup as unknown as Json));
    // Callers of the listeners are admitted by security group (VPC origin, VPC link); only the
    // production tier's canary test listener is open to the VPC.
    expect(ingress.map((rule) => [rule.from_port, rule.cidr_ipv4])).toEqual([[8443, "10.99.0.0/16"]]);
    expect(ingress.some((rule) => rule.cidr_ipv6 !== undefined)).toBe(false);
    expect(resourcesOf(stack, "aws_wafv2_web_acl")).toEqual({});
  });

  it("GIVEN an internal load balancer with a DNS-validated certificate WHEN synthesized THEN its alias is in a private zone of the VPC, and the public zone holds only the validation record", () => {
    const stack = synthEnvironment(
      minimalEnvironment({ loadBalancer: { internal: true, deletionProtection: false, certificate: { domainName: DOMAIN_NAME, hostedZoneId: HOSTED_ZONE_ID } } }),
    );
    const zone = resourceAt(stack, "aws_route53_zone", "load-balancer/private-zone");
    expect(zone.resource).toMatchObject({ name: DOMAIN_NAME, vpc: [{ vpc_id: resourceAt(stack, "aws_vpc", "network/vpc").ref("id") }] });
    expect(resourceAt(stack, "aws_route53_record", "load-balancer/alias").resource).toMatchObject({ zone_id: zone.ref("zone_id"), name: DOMAIN_NAME, type: "A" });
    const publicRecords = Object.values(resourcesOf(stack, "aws_route53_record")).filter((record) => record.zone_id === (HOSTED_ZONE_ID as unknown as Json));
    expect(publicRecords).toEqual([resourceAt(stack, "aws_route53_record", "load-balancer/certificate/validation-record").resource]);
  });

  it("GIVEN a WebSocket service with stickiness WHEN synthesized THEN its target group keeps clients on a task with the load balancer's cookie", () => {
    const stack = synthEnvironment(minimalEnvironment({ loadBalancer: { idleTimeout: 3600 }, services: [{ ...web, loadBalancer: { priority: 100, pathPatterns: ["/ws/*"], stickinessSeconds: 86400 } }] }));
    expect(onlyResource(stack, "aws_lb").idle_timeout).toBe(3600);
    expect(onlyResource(stack, "aws_lb_target_group").stickiness).toEqual({ enabled: true, type: "lb_cookie", cookie_duration: 86400 });
  });
});
