import { Lb } from "@cdktf/provider-aws/lib/lb";
import { Testing } from "cdktf";
import { bootstrap } from "../environments";
import { buildPlatform } from "../modules/platform/platform";
import {
  dataSourceAt,
  ENVIRONMENT_NAMES,
  shippedEnvironment,
  findByPath,
  Json,
  resourceAt,
  resourcesOf,
  synthEnvironment,
} from "./support/synth";

describe.each(ENVIRONMENT_NAMES)("the %s load balancer", (name) => {
  const stack = synthEnvironment(name);
  const config = shippedEnvironment(name);

  it("is internet-facing in the public subnets, drops invalid headers and logs access", () => {
    const publicSubnets = findByPath(stack, "aws_subnet", "network/")
      .filter(({ resource }) => resource.tags.Tier === ("public" as unknown as Json))
      .map((subnet) => subnet.ref("id"));
    const alb = resourceAt(stack, "aws_lb", "load-balancer/alb").resource;
    expect(alb).toMatchObject({
      load_balancer_type: "application",
      internal: false,
      drop_invalid_header_fields: true,
      enable_deletion_protection: config.loadBalancer.deletionProtection,
      idle_timeout: 60,
      access_logs: { enabled: true },
    });
    expect([...Object.values(alb.subnets)].sort()).toEqual([...publicSubnets].sort());
  });

  it("writes access logs to a private SSE-S3 bucket that the ELB delivery principal may write to", () => {
    const bucket = resourceAt(stack, "aws_s3_bucket", "load-balancer/access-logs/bucket");
    expect(resourceAt(stack, "aws_lb", "load-balancer/alb").resource.access_logs).toEqual({ bucket: bucket.ref("id"), enabled: true });
    expect(resourceAt(stack, "aws_s3_bucket_server_side_encryption_configuration", "load-balancer/access-logs/encryption").resource.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: false },
    ]);
    expect(resourceAt(stack, "aws_s3_bucket_public_access_block", "load-balancer/access-logs/public-access-block").resource).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const statements: Json[] = Object.values(dataSourceAt(stack, "aws_iam_policy_document", "load-balancer/access-logs/policy-document").resource.statement);
    expect(statements.map((statement) => statement.sid)).toEqual([
      "DenyInsecureTransport",
      "LogDeliveryServiceWritesAccessLogs",
      "RegionalElbAccountWritesAccessLogs",
    ]);
    const lifecycle = resourceAt(stack, "aws_s3_bucket_lifecycle_configuration", "load-balancer/access-logs/lifecycle").resource;
    expect(lifecycle.rule[0].expiration).toEqual([{ days: config.loadBalancer.accessLogsRetentionInDays }]);
    const policy = resourceAt(stack, "aws_s3_bucket_policy", "load-balancer/access-logs/policy");
    expect(Object.values(resourceAt(stack, "aws_lb", "load-balancer/alb").resource.depends_on)).toContain(`aws_s3_bucket_policy.${policy.name}`);
  });

  it("admits HTTP(S) from anywhere over IPv4 and IPv6 and sends traffic only to the services' security groups", () => {
    const group = resourceAt(stack, "aws_security_group", "load-balancer/security-group");
    const ingress = Object.values(resourcesOf(stack, "aws_vpc_security_group_ingress_rule")).filter(
      (rule) => rule.security_group_id === (group.ref("id") as unknown as Json),
    );
    const ports = config.loadBalancer.certificate ? [80, 443] : [80];
    expect(ingress.map((rule) => [rule.from_port, rule.cidr_ipv4 ?? rule.cidr_ipv6]).sort()).toEqual(
      ports.flatMap((port) => [[port, "0.0.0.0/0"], [port, "::/0"]]).sort(),
    );
    const egress = Object.values(resourcesOf(stack, "aws_vpc_security_group_egress_rule")).filter(
      (rule) => rule.security_group_id === (group.ref("id") as unknown as Json),
    );
    const routed = (config.services ?? []).filter((service) => service.loadBalancer);
    expect(egress.map((rule) => rule.referenced_security_group_id).sort()).toEqual(
      routed.map((service) => resourceAt(stack, "aws_security_group", `service-${service.name}/security-group`).ref("id")).sort(),
    );
    for (const rule of egress) expect(rule.cidr_ipv4).toBeUndefined();
  });

  it("answers 404 unless a service's rule matches", () => {
    const listener = resourceAt(stack, "aws_lb_listener", config.loadBalancer.certificate ? "load-balancer/https" : "load-balancer/http");
    expect(listener.resource.default_action).toEqual([
      { type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "404", message_body: "Not Found" } },
    ]);
  });

  it("routes each service by its path patterns at its priority to an IP target group with its health check", () => {
    for (const service of (config.services ?? []).filter((s) => s.loadBalancer)) {
      const targetGroup = resourceAt(stack, "aws_lb_target_group", `service-${service.name}/target-group`);
      expect(targetGroup.resource).toMatchObject({
        target_type: "ip",
        port: service.containerPort,
        protocol: "HTTP",
        deregistration_delay: "30",
        health_check: { path: service.loadBalancer?.healthCheckPath, matcher: "200-399" },
      });
      expect(resourceAt(stack, "aws_lb_listener_rule", `service-${service.name}/listener-rule`).resource).toMatchObject({
        priority: service.loadBalancer?.priority,
        action: [{ type: "forward", target_group_arn: targetGroup.ref("arn") }],
        condition: [{ path_pattern: { values: service.loadBalancer?.pathPatterns } }],
      });
    }
  });
});

describe("HTTPS", () => {
  it("is off in dev, which serves HTTP only and warns about it at synth", () => {
    const stack = synthEnvironment("dev");
    expect(Object.keys(resourcesOf(stack, "aws_lb_listener"))).toHaveLength(1);
    expect(resourceAt(stack, "aws_lb_listener", "load-balancer/http").resource).toMatchObject({ port: 80, protocol: "HTTP" });
    const platform = buildPlatform(() => Testing.app(), bootstrap, [shippedEnvironment("dev")]);
    const loadBalancer = platform.environments.get("dev")?.node.findChild("load-balancer");
    const warnings = loadBalancer?.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data));
    expect(warnings).toEqual([expect.stringContaining("serves plain HTTP because loadBalancer.certificate is not set")]);
  });

  it("uses TLS 1.3 and HSTS with a configured certificate ARN, and redirects HTTP", () => {
    const stack = synthEnvironment("prod");
    const certificate = shippedEnvironment("prod").loadBalancer.certificate as { certificateArn: string };
    expect(resourceAt(stack, "aws_lb_listener", "load-balancer/https").resource).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificate_arn: certificate.certificateArn,
      routing_http_response_strict_transport_security_header_value: "max-age=31536000; includeSubDomains",
    });
    expect(resourceAt(stack, "aws_lb_listener", "load-balancer/http-redirect").resource.default_action).toEqual([
      { type: "redirect", redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301" } },
    ]);
    expect(resourcesOf(stack, "aws_acm_certificate")).toEqual({});
  });

  it("requests and DNS-validates a certificate for a hosted zone, and points the domain at the load balancer", () => {
    const stack = synthEnvironment("staging");
    const certificate = resourceAt(stack, "aws_acm_certificate", "load-balancer/certificate/certificate");
    expect(certificate.resource).toMatchObject({
      domain_name: "staging.acme.example.com",
      validation_method: "DNS",
      lifecycle: { create_before_destroy: true },
    });
    const records = resourceAt(stack, "aws_route53_record", "load-balancer/certificate/validation-record");
    expect(records.resource).toMatchObject({ zone_id: "Z0123456789ABCDEFGHIJ", ttl: 60, allow_overwrite: true });
    expect(String(records.resource.for_each)).toContain(certificate.ref("domain_validation_options").slice(2, -1));
    const validation = resourceAt(stack, "aws_acm_certificate_validation", "load-balancer/certificate/validation");
    expect(resourceAt(stack, "aws_lb_listener", "load-balancer/https").resource.certificate_arn).toBe(validation.ref("certificate_arn"));
    const alb = resourceAt(stack, "aws_lb", "load-balancer/alb");
    expect(resourceAt(stack, "aws_route53_record", "load-balancer/alias").resource).toMatchObject({
      name: "staging.acme.example.com",
      type: "A",
      alias: { name: alb.ref("dns_name"), zone_id: alb.ref("zone_id"), evaluate_target_health: true },
    });
  });
});

describe("deletion protection", () => {
  it("guards the prod load balancer only", () => {
    expect(synthEnvironment("prod").text).toHaveResourceWithProperties(Lb, { enable_deletion_protection: true });
    expect(synthEnvironment("dev").text).toHaveResourceWithProperties(Lb, { enable_deletion_protection: false });
  });
});
