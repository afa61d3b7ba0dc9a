import { Testing } from "cdktf";
import { buildPlatform } from "../modules/platform/platform";
import { EnvironmentInput } from "../modules/platform/schema";
import { bootstrapInput, changed, minimalEnvironment, onlyResource, resourceAt, resourcesOf, synthEnvironment, validationMessage } from "./support/synth";

const INTERNAL_ALB = {
  internal: true,
  deletionProtection: false,
  certificate: { domainName: "internal.acme.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
};

/** A single-page app with its API on the same domain: CloudFront in front, an internal load balancer behind. */
function withFrontend(tier: EnvironmentInput["tier"]): EnvironmentInput {
  return changed(minimalEnvironment({ tier, network: { cidr: "10.99.0.0/16", azCount: 2, natStrategy: "single" } }), (config) => {
    config.loadBalancer = { ...INTERNAL_ALB, deletionProtection: tier === "production" };
    config.frontend = { api: { pathPatterns: ["/api/*"] } };
    config.services![0] = { ...config.services![0], readonlyRootFilesystem: true, loadBalancer: { priority: 100, pathPatterns: ["/api/*"] } };
  });
}

describe("GIVEN a development environment with a static frontend and no API", () => {
  const stack = synthEnvironment(changed(minimalEnvironment(), (config) => void (config.frontend = {})));
  const distribution = onlyResource(stack, "aws_cloudfront_distribution");

  it("THEN the tier picks the cheapest edge locations and no web ACL", () => {
    expect(distribution.price_class).toBe("PriceClass_100");
    expect(distribution.web_acl_id).toBeUndefined();
  });

  it("THEN its buckets may be destroyed with their files, as everything reproducible in development", () => {
    expect(resourceAt(stack, "aws_s3_bucket", "frontend/bucket/bucket").resource.force_destroy).toBe(true);
  });
});

describe("GIVEN a production environment with the frontend in front of an internal load balancer", () => {
  const stack = synthEnvironment(withFrontend("production"));
  const distribution = onlyResource(stack, "aws_cloudfront_distribution");

  it("THEN CloudFront reaches the load balancer through a VPC origin, over HTTPS to the name on its certificate", () => {
    const alb = resourceAt(stack, "aws_lb", "load-balancer/alb");
    const vpcOrigin = onlyResource(stack, "aws_cloudfront_vpc_origin");
    expect(vpcOrigin.vpc_origin_endpoint_config[0]).toMatchObject({ arn: alb.ref("arn"), origin_protocol_policy: "https-only" });
    expect(distribution.origin[1]).toMatchObject({ origin_id: "api", domain_name: "internal.acme.example.com" });
    expect(alb.resource.internal).toBe(true);
  });

  it("THEN no security group admits the internet: the distribution is the only way in", () => {
    const ingress = Object.values(resourcesOf(stack, "aws_vpc_security_group_ingress_rule"));
    const cidrs = ingress.flatMap((rule) => [rule.cidr_ipv4, rule.cidr_ipv6].filter((cidr) => cidr !== undefined).map(String));
    expect(cidrs.length).toBeGreaterThan(0);
    expect(new Set(cidrs)).toEqual(new Set(["10.99.0.0/16"]));
  });

  it("THEN every edge location serves it, behind a CLOUDFRONT web ACL, and the logs are kept a year", () => {
    expect(distribution.price_class).toBe("PriceClass_All");
    const acl = onlyResource(stack, "aws_wafv2_web_acl");
    expect(acl).toMatchObject({ scope: "CLOUDFRONT", region: "us-east-1" });
    expect(resourceAt(stack, "aws_s3_bucket", "frontend/bucket/bucket").resource.force_destroy).toBeFalsy();
  });

  it("THEN the policy pack passes it with nothing failed", () => {
    // With its own domain: CloudFront's default certificate keeps TLSv1, which PLAT-CF-2 fails in production.
    const withDomain = changed(withFrontend("production"), (config) => {
      config.frontend = { ...config.frontend, domain: { domainName: "app.acme.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } };
    });
    const platform = buildPlatform(() => Testing.app(), bootstrapInput, [withDomain]);
    expect(platform.policies.get("test")!.evaluate().filter((result) => result.status === "fail")).toEqual([]);
  });
});

describe("GIVEN a frontend whose API paths cannot be reached safely", () => {
  it("WHEN the load balancer is internet-facing THEN the API origin is refused as a way around the distribution", () => {
    const message = validationMessage(changed(withFrontend("development"), (config) => void (config.loadBalancer = { deletionProtection: false })));
    expect(message).toContain('environment "test": frontend.api is {"pathPatterns":["/api/*"]}; expected no api, or an internal loadBalancer (internal: true)');
  });

  it("WHEN someone asks for a public bucket THEN it is refused with the reason", () => {
    const message = validationMessage(changed(minimalEnvironment(), (config) => void (config.frontend = { publicAccess: true } as never)));
    expect(message).toContain("frontend.publicAccess");
    expect(message).toContain("the frontend bucket stays private");
  });
});
