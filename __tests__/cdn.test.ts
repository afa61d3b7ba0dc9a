import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DefaultTokenResolver, StringConcat, TerraformStack, Testing, Tokenization } from "cdktf";
import { LoadBalancerOrigin } from "../modules/cdn/api-origin";
import {
  checkFrontendLoadBalancer,
  DEFAULT_CONTENT_SECURITY_POLICY,
  FrontendInput,
  frontendSchema,
  FrontendLoadBalancerFacts,
} from "../modules/cdn/schema";
import { StaticFrontend } from "../modules/cdn/static-frontend";
import { webAclSchema } from "../modules/waf/schema";
import { WebAcl } from "../modules/waf/web-acl";
import { createAwsContext } from "../modules/core/aws-context";
import { formatIssues } from "../modules/core/problems";
import { Problems, z } from "../modules/core/schema";
import { RecordingMonitor } from "./support/monitor";
import { dataSourceAt, Json, onlyResource, resourceAt, resourcesOf, synthesized, SynthesizedStack } from "./support/synth";

const LOGS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/logs";
const DOMAIN_NAME = "app.acme.example.com";
const HOSTED_ZONE_ID = "Z0123456789ABCDEFGHIJ";
const EDGE_CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
const REGIONAL_CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
const LOAD_BALANCER: LoadBalancerOrigin = {
  loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/acme-test/0123456789abcdef",
  loadBalancerDnsName: "origin.acme.example.com",
  httpsToOrigin: true,
  securityGroupId: "sg-0123456789abcdef0",
  vpcId: "vpc-0123456789abcdef0",
};
const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/** What every tier fills in (the fields without a default in the schema), for a development environment. */
const TIER_FIELDS: FrontendInput = { priceClass: "PriceClass_100", waf: { enabled: false, logRetentionInDays: 30 }, logRetentionInDays: 90 };

interface Harness {
  readonly stack: SynthesizedStack;
  readonly frontend: StaticFrontend;
  readonly monitor: RecordingMonitor;
}

/** A fresh stack with one StaticFrontend built from `input` (over the tier's fields), in `region`. */
function frontendIn(input: Partial<FrontendInput> = {}, options: { region?: string; loadBalancer?: LoadBalancerOrigin } = {}): Harness {
  const region = options.region ?? "eu-west-1";
  const app = Testing.app();
  const stack = new TerraformStack(app, "harness");
  new AwsProvider(stack, "aws", { region });
  const context = createAwsContext(stack, "acme", "test", region);
  const monitor = new RecordingMonitor();
  const frontend = new StaticFrontend(stack, "frontend", {
    ...frontendSchema.parse({ ...TIER_FIELDS, ...input }),
    context,
    monitor,
    logsKeyArn: LOGS_KEY,
    loadBalancer: options.loadBalancer,
  });
  return { stack: synthesized(stack), frontend, monitor };
}

function distributionOf(stack: SynthesizedStack): Json {
  return resourceAt(stack, "aws_cloudfront_distribution", "frontend/distribution").resource;
}

function statementsOf(stack: SynthesizedStack, path: string): Json[] {
  return Object.values(dataSourceAt(stack, "aws_iam_policy_document", path).resource.statement);
}

/** A value of the stack with its tokens resolved to Terraform references, e.g. "${random_password.x.result}". */
function resolved<T>(stack: SynthesizedStack, value: T): T {
  return Tokenization.resolve(value, { scope: stack.stack, resolver: new DefaultTokenResolver(new StringConcat()), preparing: false }) as T;
}

/** The problem lines of parsing `input` as the frontend section of environment "test". */
function problemsOf(input: unknown): string[] {
  const result = frontendSchema.safeParse(input);
  return result.success ? [] : formatIssues('environment "test"', input, result.error.issues);
}

describe("GIVEN a static frontend with the tier's settings only", () => {
  const { stack } = frontendIn();
  const distribution = distributionOf(stack);
  const bucket = resourceAt(stack, "aws_s3_bucket", "frontend/bucket/bucket");

  it("THEN the content bucket is private, owner-enforced, SSE-S3 encrypted and versioned", () => {
    expect(resourceAt(stack, "aws_s3_bucket_public_access_block", "frontend/bucket/public-access-block").resource).toMatchObject({
      bucket: bucket.ref("id"),
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourceAt(stack, "aws_s3_bucket_ownership_controls", "frontend/bucket/ownership").resource.rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(resourceAt(stack, "aws_s3_bucket_server_side_encryption_configuration", "frontend/bucket/encryption").resource.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: false },
    ]);
    expect(resourceAt(stack, "aws_s3_bucket_versioning", "frontend/bucket/versioning").resource.versioning_configuration).toEqual({ status: "Enabled" });
    expect(resourcesOf(stack, "aws_s3_bucket_website_configuration")).toEqual({});
  });

  it("THEN only CloudFront, and only for this distribution, may read the files; nothing else is allowed", () => {
    const distributionArn = resourceAt(stack, "aws_cloudfront_distribution", "frontend/distribution").ref("arn");
    const statements = statementsOf(stack, "frontend/bucket/policy-document");
    expect(statements.filter((statement) => String(statement.effect) === "Allow")).toEqual([
      {
        sid: "CloudFrontReadsThroughOriginAccessControl",
        effect: "Allow",
        actions: ["s3:GetObject"],
        resources: [`${bucket.ref("arn")}/*`],
        principals: [{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "AWS:SourceArn", values: [distributionArn] }],
      },
    ]);
    expect(statements).toContainEqual(expect.objectContaining({ sid: "DenyInsecureTransport", effect: "Deny" }));
  });

  it("THEN the distribution reads the bucket through an Origin Access Control that always signs", () => {
    const accessControl = resourceAt(stack, "aws_cloudfront_origin_access_control", "frontend/origin-access-control");
    expect(accessControl.resource).toMatchObject({ origin_access_control_origin_type: "s3", signing_behavior: "always", signing_protocol: "sigv4" });
    expect(distribution.origin).toEqual([
      { origin_id: "frontend-bucket", domain_name: bucket.ref("bucket_regional_domain_name"), origin_access_control_id: accessControl.ref("id") },
    ]);
  });

  it("THEN it serves HTTP/2 and HTTP/3 over IPv4 and IPv6, the root object, the tier's price class, no geo restriction", () => {
    expect(distribution).toMatchObject({
      enabled: true,
      is_ipv6_enabled: true,
      http_version: "http2and3",
      default_root_object: "index.html",
      price_class: "PriceClass_100",
      restrictions: { geo_restriction: { restriction_type: "none" } },
    });
  });

  it("THEN without a domain it uses CloudFront's certificate and name, and has no alias or record", () => {
    expect(distribution.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(distribution.aliases).toBeUndefined();
    expect(resourcesOf(stack, "aws_route53_record")).toEqual({});
    expect(resourcesOf(stack, "aws_acm_certificate")).toEqual({});
  });

  it("THEN the files are cached with CachingOptimized, compressed, HTTPS-only for viewers, with the security headers", () => {
    const headers = resourceAt(stack, "aws_cloudfront_response_headers_policy", "frontend/security-headers");
    expect(distribution.default_cache_behavior).toEqual({
      target_origin_id: "frontend-bucket",
      allowed_methods: ["GET", "HEAD", "OPTIONS"],
      cached_methods: ["GET", "HEAD"],
      cache_policy_id: "658327ea-f89d-4fab-a63d-7e88639e58f6",
      response_headers_policy_id: headers.ref("id"),
      compress: true,
      viewer_protocol_policy: "redirect-to-https",
    });
    expect(headers.resource.security_headers_config).toEqual({
      strict_transport_security: { access_control_max_age_sec: 31536000, include_subdomains: true, preload: true, override: true },
      content_type_options: { override: true },
      frame_options: { frame_option: "DENY", override: true },
      referrer_policy: { referrer_policy: "strict-origin-when-cross-origin", override: true },
      content_security_policy: { content_security_policy: DEFAULT_CONTENT_SECURITY_POLICY, override: true },
    });
  });

  it("THEN as a single-page app, 403 and 404 become the root object with 200 (no API whose errors it would hide)", () => {
    expect(distribution.custom_error_response).toEqual([
      { error_code: 403, response_code: 200, response_page_path: "/index.html" },
      { error_code: 404, response_code: 200, response_page_path: "/index.html" },
    ]);
    expect(resourcesOf(stack, "aws_cloudfront_function")).toEqual({});
  });

  it("THEN there is no web ACL (the development tier) and no API origin", () => {
    expect(distribution.web_acl_id).toBeUndefined();
    expect(resourcesOf(stack, "aws_wafv2_web_acl")).toEqual({});
    expect(distribution.ordered_cache_behavior).toBeUndefined();
  });

  it("THEN standard logs (v2) go from us-east-1 to a private SSE-S3 bucket kept for the tier's days, which only this delivery may write", () => {
    const logBucket = resourceAt(stack, "aws_s3_bucket", "frontend/access-logs/bucket/bucket");
    const source = resourceAt(stack, "aws_cloudwatch_log_delivery_source", "frontend/access-logs/source");
    const destination = resourceAt(stack, "aws_cloudwatch_log_delivery_destination", "frontend/access-logs/destination");
    expect(source.resource).toEqual({
      region: "us-east-1",
      name: "acme-test-cdn-access-logs",
      log_type: "ACCESS_LOGS",
      resource_arn: resourceAt(stack, "aws_cloudfront_distribution", "frontend/distribution").ref("arn"),
    });
    expect(destination.resource).toMatchObject({
      region: "us-east-1",
      delivery_destination_configuration: [{ destination_resource_arn: logBucket.ref("arn") }],
    });
    expect(resourceAt(stack, "aws_cloudwatch_log_delivery", "frontend/access-logs/delivery").resource).toMatchObject({
      region: "us-east-1",
      delivery_source_name: source.ref("name"),
      delivery_destination_arn: destination.ref("arn"),
      depends_on: [`aws_s3_bucket_policy.${resourceAt(stack, "aws_s3_bucket_policy", "frontend/access-logs/bucket/policy").name}`],
    });
    expect(resourceAt(stack, "aws_s3_bucket_server_side_encryption_configuration", "frontend/access-logs/bucket/encryption").resource.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: false },
    ]);
    expect(resourceAt(stack, "aws_s3_bucket_lifecycle_configuration", "frontend/access-logs/bucket/lifecycle").resource.rule).toEqual([
      expect.objectContaining({ expiration: [{ days: 90 }] }),
    ]);
    const writes = statementsOf(stack, "frontend/access-logs/bucket/policy-document").find((statement) => String(statement.sid) === "LogDeliveryWritesCloudFrontAccessLogs");
    expect(writes).toMatchObject({
      actions: ["s3:PutObject"],
      principals: [{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }],
    });
    expect(writes?.condition).toContainEqual({
      test: "ArnLike",
      variable: "aws:SourceArn",
      values: [expect.stringMatching(/^arn:.*:logs:us-east-1:.*:delivery-source:acme-test-cdn-access-logs$/)],
    });
    expect(distribution.logging_config).toBeUndefined();
    expect(resourcesOf(stack, "aws_s3_bucket_acl")).toEqual({});
  });

  it("THEN the bucket name, distribution id and domain are outputs for the deployment pipeline", () => {
    const outputs = stack.json.output;
    expect(Object.keys(outputs).sort()).toEqual(["frontend_bucket_name", "frontend_distribution_id", "frontend_domain_name"]);
    expect(outputs.frontend_bucket_name.value).toBe(bucket.ref("bucket"));
    expect(outputs.frontend_distribution_id.value).toBe(resourceAt(stack, "aws_cloudfront_distribution", "frontend/distribution").ref("id"));
    expect(outputs.frontend_domain_name.value).toBe(resourceAt(stack, "aws_cloudfront_distribution", "frontend/distribution").ref("domain_name"));
  });
});

describe("GIVEN a production frontend: all edge locations, a web ACL and a domain with a hosted zone", () => {
  const { stack } = frontendIn({
    priceClass: "PriceClass_All",
    waf: { enabled: true, logRetentionInDays: 365 },
    domain: { domainName: DOMAIN_NAME, hostedZoneId: HOSTED_ZONE_ID },
  });
  const distribution = distributionOf(stack);

  it("THEN the price class is PriceClass_All", () => {
    expect(distribution.price_class).toBe("PriceClass_All");
  });

  it("THEN a CLOUDFRONT web ACL in us-east-1 protects the distribution, logging to us-east-1 with a key of that region", () => {
    const webAcl = resourceAt(stack, "aws_wafv2_web_acl", "frontend/waf/web-acl");
    expect(webAcl.resource).toMatchObject({ name: "acme-test-cdn", scope: "CLOUDFRONT", region: "us-east-1" });
    expect(distribution.web_acl_id).toBe(webAcl.ref("arn"));
    expect(resourcesOf(stack, "aws_wafv2_web_acl_association")).toEqual({});
    const edgeKey = resourceAt(stack, "aws_kms_key", "frontend/edge-logs/key");
    expect(edgeKey.resource).toMatchObject({ region: "us-east-1", enable_key_rotation: true });
    expect(resourceAt(stack, "aws_cloudwatch_log_group", "frontend/waf/logs").resource).toMatchObject({
      name: "aws-waf-logs-acme-test-cdn",
      region: "us-east-1",
      kms_key_id: edgeKey.ref("arn"),
    });
    expect(resourceAt(stack, "aws_wafv2_web_acl_logging_configuration", "frontend/waf/logging").resource.region).toBe("us-east-1");
    const keyGrant = statementsOf(stack, "frontend/edge-logs/policy").find((statement) => String(statement.sid) === "CloudWatchLogsEncryptsTheEnvironmentsEdgeLogGroups");
    expect(keyGrant?.principals).toEqual([{ type: "Service", identifiers: ["logs.us-east-1.amazonaws.com"] }]);
  });

  it("THEN a certificate is requested and DNS-validated in us-east-1, and served with SNI and TLS 1.2 (2021) at least", () => {
    const certificate = resourceAt(stack, "aws_acm_certificate", "frontend/certificate/certificate");
    expect(certificate.resource).toMatchObject({ region: "us-east-1", domain_name: DOMAIN_NAME, validation_method: "DNS" });
    const validation = resourceAt(stack, "aws_acm_certificate_validation", "frontend/certificate/validation");
    expect(validation.resource).toMatchObject({ region: "us-east-1", certificate_arn: certificate.ref("arn") });
    expect(resourceAt(stack, "aws_route53_record", "frontend/certificate/validation-record").resource.zone_id).toBe(HOSTED_ZONE_ID);
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: validation.ref("certificate_arn"),
      ssl_support_method: "sni-only",
      minimum_protocol_version: "TLSv1.2_2021",
    });
  });

  it("THEN the domain is the distribution's alias, with A and AAAA alias records in the zone", () => {
    const distributionResource = resourceAt(stack, "aws_cloudfront_distribution", "frontend/distribution");
    expect(distribution.aliases).toEqual([DOMAIN_NAME]);
    for (const type of ["A", "AAAA"]) {
      expect(resourceAt(stack, "aws_route53_record", `frontend/alias-${type.toLowerCase()}`).resource).toEqual({
        zone_id: HOSTED_ZONE_ID,
        name: DOMAIN_NAME,
        type,
        alias: { name: distributionResource.ref("domain_name"), zone_id: distributionResource.ref("hosted_zone_id"), evaluate_target_health: false },
      });
    }
  });
});

describe("GIVEN a domain with a us-east-1 certificate and no hosted zone", () => {
  const { stack, frontend } = frontendIn({ domain: { domainName: DOMAIN_NAME, certificateArn: EDGE_CERTIFICATE } });

  it("THEN the distribution uses that certificate and alias, and creates no certificate or record (DNS is managed elsewhere)", () => {
    expect(distributionOf(stack)).toMatchObject({
      aliases: [DOMAIN_NAME],
      viewer_certificate: { acm_certificate_arn: EDGE_CERTIFICATE, ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" },
    });
    expect(resourcesOf(stack, "aws_acm_certificate")).toEqual({});
    expect(resourcesOf(stack, "aws_route53_record")).toEqual({});
    expect(frontend.domainName).toBe(DOMAIN_NAME);
  });
});

describe("GIVEN a web ACL in an environment that is itself in us-east-1", () => {
  const { stack } = frontendIn({ waf: { enabled: true, logRetentionInDays: 365 } }, { region: "us-east-1" });

  it("THEN the web ACL's logs use the environment's logs key, and no second key is made", () => {
    expect(resourceAt(stack, "aws_cloudwatch_log_group", "frontend/waf/logs").resource.kms_key_id).toBe(LOGS_KEY);
    expect(resourcesOf(stack, "aws_kms_key")).toEqual({});
  });
});

describe("GIVEN an API on the frontend's domain through a VPC origin", () => {
  const { stack } = frontendIn({ api: { pathPatterns: ["/api/*", "/ws/*"] } }, { loadBalancer: LOAD_BALANCER });
  const distribution = distributionOf(stack);

  it("THEN a CloudFront VPC origin reaches the (internal) load balancer over HTTPS with TLS 1.2", () => {
    const vpcOrigin = resourceAt(stack, "aws_cloudfront_vpc_origin", "frontend/api/vpc-origin");
    expect(vpcOrigin.resource.vpc_origin_endpoint_config).toEqual([
      {
        name: "acme-test-alb",
        arn: LOAD_BALANCER.loadBalancerArn,
        http_port: 80,
        https_port: 443,
        origin_protocol_policy: "https-only",
        origin_ssl_protocols: [{ items: ["TLSv1.2"], quantity: 1 }],
      },
    ]);
    expect(distribution.origin[1]).toEqual({
      origin_id: "api",
      domain_name: LOAD_BALANCER.loadBalancerDnsName,
      vpc_origin_config: { vpc_origin_id: vpcOrigin.ref("id") },
    });
  });

  it("THEN the VPC origin is never updated in place (CloudFront refuses while in use): any change to its configuration replaces it, the new one first", () => {
    const vpcOrigin = resourceAt(stack, "aws_cloudfront_vpc_origin", "frontend/api/vpc-origin");
    const config = resourceAt(stack, "terraform_data", "frontend/api/vpc-origin-config");
    expect(config.resource.triggers_replace).toMatchObject({ arn: LOAD_BALANCER.loadBalancerArn, originProtocolPolicy: "https-only", httpsPort: 443 });
    expect(vpcOrigin.resource.lifecycle).toEqual({
      create_before_destroy: true,
      ignore_changes: "all",
      replace_triggered_by: [config.ref("id").replace(".id}", "}")],
    });
  });

  it("THEN the load balancer admits CloudFront's VPC-origin security group on 443 alone, looked up in its VPC once the VPC origin exists", () => {
    const vpcOrigin = resourceAt(stack, "aws_cloudfront_vpc_origin", "frontend/api/vpc-origin");
    const group = dataSourceAt(stack, "aws_security_group", "frontend/api/vpc-origin-security-group");
    expect(group.resource).toEqual({ name: "CloudFront-VPCOrigins-Service-SG", vpc_id: LOAD_BALANCER.vpcId, depends_on: [vpcOrigin.ref("id").replace(".id}", "").replace("${", "")] });
    const rules = Object.values(resourcesOf(stack, "aws_vpc_security_group_ingress_rule")).filter((rule) => String(rule.security_group_id) === LOAD_BALANCER.securityGroupId);
    expect(rules).toEqual([
      expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, referenced_security_group_id: group.ref("id") }),
    ]);
    expect(rules[0].cidr_ipv4).toBeUndefined();
  });

  it("THEN each API path has an uncached behaviour: every method, every viewer header, cookie and query string but Host, uncompressed", () => {
    expect(distribution.ordered_cache_behavior).toEqual(
      ["/api/*", "/ws/*"].map((path_pattern) => ({
        path_pattern,
        target_origin_id: "api",
        allowed_methods: ALL_METHODS,
        cached_methods: ["GET", "HEAD"],
        cache_policy_id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        origin_request_policy_id: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
        compress: false,
        viewer_protocol_policy: "redirect-to-https",
      })),
    );
  });

  it("THEN no secret header is made and no random provider is added", () => {
    expect(distribution.origin[1].custom_header).toBeUndefined();
    expect(resourcesOf(stack, "random_password")).toEqual({});
  });

  it("THEN SPA routing moves to a viewer-request function on the bucket's behaviour, so the API's 403 and 404 reach viewers unchanged", () => {
    const rewrite = resourceAt(stack, "aws_cloudfront_function", "frontend/spa-rewrite");
    expect(rewrite.resource).toMatchObject({ runtime: "cloudfront-js-2.0", publish: true });
    expect(rewrite.resource.code).toContain('request.uri = "/index.html"');
    expect(distribution.default_cache_behavior.function_association).toEqual([{ event_type: "viewer-request", function_arn: rewrite.ref("arn") }]);
    expect(distribution.custom_error_response).toBeUndefined();
  });
});

describe("GIVEN a VPC origin to a load balancer without a certificate", () => {
  const { stack } = frontendIn({ api: {} }, { loadBalancer: { ...LOAD_BALANCER, httpsToOrigin: false } });

  it("THEN the VPC origin speaks HTTP to it (inside the VPC), and the load balancer admits CloudFront's group on port 80", () => {
    expect(onlyResource(stack, "aws_cloudfront_vpc_origin").vpc_origin_endpoint_config[0].origin_protocol_policy).toBe("http-only");
    expect(onlyResource(stack, "aws_vpc_security_group_ingress_rule")).toMatchObject({ from_port: 80, to_port: 80 });
  });
});

describe("GIVEN the distribution's 5xx alarm", () => {
  it("WHEN the environment is in us-east-1 THEN it pages on an average 5xx rate above 5% for 5 minutes, on the Global metric", () => {
    const { monitor, stack } = frontendIn({}, { region: "us-east-1" });
    expect(resolved(stack, monitor.alarms)).toEqual([
      expect.objectContaining({
        resource: "cdn",
        signal: "5xx-rate-high",
        metric: {
          namespace: "AWS/CloudFront",
          metricName: "5xxErrorRate",
          dimensions: { DistributionId: resourceAt(stack, "aws_cloudfront_distribution", "frontend/distribution").ref("id"), Region: "Global" },
          statistic: "Average",
        },
        comparison: "GreaterThanThreshold",
        threshold: 5,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        severity: "page",
      }),
    ]);
  });

  it("WHEN the environment is elsewhere THEN no alarm or tile is registered and the synth says why", () => {
    const { monitor, frontend } = frontendIn();
    expect(monitor.alarms).toEqual([]);
    expect(monitor.tiles).toEqual([]);
    const infos = frontend.node.metadata.filter((entry) => entry.type === "@cdktf/info").map((entry) => String(entry.data));
    expect(infos).toEqual([expect.stringContaining("CloudFront's metrics are in us-east-1")]);
  });
});

describe("GIVEN the frontend schema", () => {
  it("THEN it fills the defaults: SPA, index.html, the strict CSP, /api/* for the API paths, a 5% alarm", () => {
    const parsed = frontendSchema.parse({ ...TIER_FIELDS, api: {} });
    expect(parsed).toMatchObject({
      spa: true,
      defaultRootObject: "index.html",
      contentSecurityPolicy: DEFAULT_CONTENT_SECURITY_POLICY,
      api: { pathPatterns: ["/api/*"] },
      alarms: { error5xxPercent: 5 },
    });
    expect(parsed.domain).toBeUndefined();
    expect(parsed.publicAccess).toBeUndefined();
  });

  it("THEN the per-tier fields have no default", () => {
    expect(problemsOf({})).toEqual([
      expect.stringMatching(/^environment "test": priceClass is not set; expected one of PriceClass_100, PriceClass_200, PriceClass_All$/),
      expect.stringMatching(/^environment "test": waf is not set; expected an object$/),
      expect.stringMatching(/^environment "test": logRetentionInDays is not set; expected a whole number of days from 1 to 3650$/),
    ]);
  });

  it("WHEN the certificate is outside us-east-1 THEN it says CloudFront only uses us-east-1 certificates", () => {
    expect(problemsOf({ ...TIER_FIELDS, domain: { domainName: DOMAIN_NAME, certificateArn: REGIONAL_CERTIFICATE } })).toEqual([
      `environment "test": domain.certificateArn is "${REGIONAL_CERTIFICATE}"; expected an ACM certificate ARN in us-east-1, ` +
        "arn:aws:acm:us-east-1:<account>:certificate/<id> (CloudFront only uses certificates from us-east-1)",
    ]);
  });

  it("WHEN a domain has neither a hosted zone nor a certificate THEN the hosted zone is asked for", () => {
    expect(problemsOf({ ...TIER_FIELDS, domain: { domainName: DOMAIN_NAME } })).toEqual([
      'environment "test": domain.hostedZoneId is not set; expected a Route 53 hosted zone id to validate a new certificate in (or a certificateArn in us-east-1)',
    ]);
  });

  it.each([true, false, "public-read"])("WHEN publicAccess is %p THEN the bucket stays private, and the message says why", (publicAccess) => {
    expect(problemsOf({ ...TIER_FIELDS, publicAccess })).toEqual([
      `environment "test": publicAccess is ${JSON.stringify(publicAccess)}; expected the field left out: ` +
        "the frontend bucket stays private; CloudFront reads it through Origin Access Control",
    ]);
  });

  it("WHEN keys are unknown, at the top or nested THEN each is named, with the closest known one", () => {
    expect(
      problemsOf({ ...TIER_FIELDS, spaa: true, domain: { domainName: DOMAIN_NAME, hostedZoneId: HOSTED_ZONE_ID, zone: "x" }, api: { pathPattern: ["/api/*"] } }),
    ).toEqual(
      expect.arrayContaining([
        'environment "test": spaa is not a known field; did you mean spa?',
        'environment "test": domain.zone is not a known field; known fields: domainName, hostedZoneId, certificateArn',
        'environment "test": api.pathPattern is not a known field; did you mean pathPatterns?',
      ]),
    );
  });

  it.each([["/*"], ["api/*"], ["/api/*", "/api/*"]])("WHEN the API paths are %p THEN they are refused", (...pathPatterns) => {
    expect(problemsOf({ ...TIER_FIELDS, api: { pathPatterns } })).toHaveLength(1);
  });

  it("WHEN the CSP is empty or too long for CloudFront THEN it is refused", () => {
    expect(problemsOf({ ...TIER_FIELDS, contentSecurityPolicy: " " })).toHaveLength(1);
    expect(problemsOf({ ...TIER_FIELDS, contentSecurityPolicy: `default-src ${"'self' ".repeat(300)}` })).toHaveLength(1);
  });
});

describe("GIVEN the rule between the frontend's API and the load balancer", () => {
  /** The problem lines of `checkFrontendLoadBalancer` for an API and a load balancer with `facts`. */
  function check(facts: FrontendLoadBalancerFacts): string[] {
    const frontend = frontendSchema.parse({ ...TIER_FIELDS, api: {} });
    const result = z
      .object({})
      .superRefine((_value, context) => checkFrontendLoadBalancer(frontend, facts, new Problems(context).nested("frontend")))
      .safeParse({});
    return result.success ? [] : formatIssues('environment "test"', { frontend }, result.error.issues);
  }

  it("THEN the VPC origin works with an internal load balancer, over HTTP or over HTTPS to its certificate's name", () => {
    expect(check({ present: true, internal: true, https: false, tier: "staging" })).toEqual([]);
    expect(check({ present: true, internal: true, https: true, domainName: "internal.acme.example.com", tier: "production" })).toEqual([]);
  });

  it("THEN in production the hop over plain HTTP is refused: viewers' requests would cross it in the clear", () => {
    expect(check({ present: true, internal: true, https: false, tier: "production" })).toEqual([
      'environment "test": frontend.api is {"pathPatterns":["/api/*"]}; expected no api, or in production a loadBalancer.certificate (domainName and hostedZoneId): CloudFront reaches the load balancer over HTTPS only',
    ]);
  });

  it("THEN an internet-facing load balancer, or none, is refused: it would be a way around the distribution", () => {
    for (const facts of [
      { present: true, internal: false, https: true, domainName: "alb.acme.example.com", tier: "development" as const },
      { present: false, internal: false, https: false, tier: "production" as const },
    ]) {
      expect(check(facts)).toEqual([
        'environment "test": frontend.api is {"pathPatterns":["/api/*"]}; expected no api, or an internal loadBalancer (internal: true) for CloudFront\'s VPC origin: the API paths go to it',
      ]);
    }
  });

  it("THEN HTTPS without a certificate domain name is refused: CloudFront would have no name to verify", () => {
    expect(check({ present: true, internal: true, https: true, tier: "development" })).toHaveLength(1);
  });
});

describe("GIVEN a REGIONAL web ACL, as the load balancer makes it", () => {
  it("THEN none of its resources names a region: the option added for CLOUDFRONT leaves it as it was", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "harness");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new WebAcl(stack, "waf", {
      ...webAclSchema.parse({ enabled: true, logRetentionInDays: 365 }),
      name: "acme-test-alb",
      scope: "REGIONAL",
      logsKeyArn: LOGS_KEY,
      protectedResourceArns: [LOAD_BALANCER.loadBalancerArn],
    });
    const synth = synthesized(stack);
    for (const type of ["aws_wafv2_web_acl", "aws_wafv2_web_acl_association", "aws_cloudwatch_log_group", "aws_wafv2_web_acl_logging_configuration"]) {
      expect(onlyResource(synth, type)).not.toHaveProperty("region");
    }
  });
});
