import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { TerraformStack, Testing } from "cdktf";
import { ApiTarget, HttpApi } from "../modules/api-gateway/http-api";
import {
  apiGatewaySchema,
  ApiGatewayInput,
  apiPathPatterns,
  checkApiGatewayRegion,
  checkRouteTarget,
  checkServiceRoutes,
  firstPathOverlap,
  firstRouteConflict,
  pathPatternsOverlap,
  routeKeysConflict,
  RoutedService,
  serviceApiRoutesSchema,
  ServiceApiRoutesInput,
} from "../modules/api-gateway/schema";
import { PolicyPack } from "../modules/guardrails/policy-pack";
import { POLICY_RULES } from "../modules/platform/capabilities";
import { createAwsContext } from "../modules/core/aws-context";
import { NetworkPeer } from "../modules/core/connect";
import { formatIssues } from "../modules/core/problems";
import { Problems, strict } from "../modules/core/schema";
import { RecordingMonitor } from "./support/monitor";
import { dataSourceAt, dataSourcesOf, Json, resourceAt, resourcesOf, synthesized, SynthesizedStack } from "./support/synth";
import { CONFIG_LOCATOR } from "../modules/platform/config-locator";

const SUBNETS = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"];
const CLOUD_MAP_ARN = "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-orders";
const LISTENER_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/acme-test/0123456789abcdef/fedcba9876543210";
const CERTIFICATE_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
const HOSTED_ZONE_ID = "Z0123456789ABCDEFGHIJ";
const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123";
const BASE: ApiGatewayInput = { accessLogRetentionInDays: 30 };

interface Harness {
  readonly stack: SynthesizedStack;
  readonly monitor: RecordingMonitor;
}

/** A stand-in for what the API integrates with: a security group that is a network peer. */
function peer(stack: TerraformStack, peerName: string, peerLabel: string): NetworkPeer {
  const group = new SecurityGroup(stack, `${peerName}-sg`, { name: peerName, description: peerName, vpcId: "vpc-0123456789abcdef0" });
  return { scope: group, peerName, peerLabel, securityGroupId: group.id };
}

type TargetsOf = (stack: TerraformStack) => ApiTarget[];

/** Three services: orders through Cloud Map behind JWT, web and admin through one HTTPS load balancer listener. */
const SERVICES: TargetsOf = (stack) => {
  const alb = peer(stack, "alb", "the load balancer");
  const routes = (input: ServiceApiRoutesInput) => serviceApiRoutesSchema.parse(input);
  const behindAlb = { peer: alb, port: 443, listenerArn: LISTENER_ARN, tlsServerName: "internal.acme.example.com" };
  return [
    {
      name: "orders",
      routes: routes({ routeKeys: ["ANY /api/orders/{proxy+}", "GET /api/orders"], authorization: "jwt" }),
      peer: peer(stack, "orders", "service orders"),
      port: 8080,
      cloudMapServiceArn: CLOUD_MAP_ARN,
    },
    { name: "web", routes: routes({ routeKeys: ["$default"], integration: "load-balancer" }), ...behindAlb },
    { name: "admin", routes: routes({ routeKeys: ["ANY /admin/{proxy+}"], integration: "load-balancer" }), ...behindAlb },
  ];
};

function httpApi(input: ApiGatewayInput, targets: TargetsOf = SERVICES, region = "eu-west-1"): Harness {
  const { stack, monitor } = httpApiStack(input, targets, region);
  return { stack: synthesized(stack), monitor };
}

/** The API and its targets on a fresh stack, not yet synthesized. */
function httpApiStack(input: ApiGatewayInput, targets: TargetsOf, region = "eu-west-1"): { stack: TerraformStack; monitor: RecordingMonitor } {
  const stack = new TerraformStack(Testing.app(), "harness");
  new AwsProvider(stack, "aws", { region });
  const monitor = new RecordingMonitor();
  const api = new HttpApi(stack, "api-gateway", {
    ...apiGatewaySchema.parse(input),
    context: createAwsContext(stack, "acme", "test", region),
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: SUBNETS,
    azs: [`${region}a`, `${region}b`],
    monitor,
    logsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/logs",
  });
  targets(stack).forEach((target) => api.route(target));
  return { stack, monitor };
}

function at(stack: SynthesizedStack, type: string, path: string) {
  return resourceAt(stack, type, `api-gateway/${path}`);
}

function routeAt(stack: SynthesizedStack, service: string, routeKey: string): Json {
  return at(stack, "aws_apigatewayv2_route", `service-${service}/route ${routeKey.replace(/\//g, "|")}`).resource;
}

function rulesOf(stack: SynthesizedStack, type: string, securityGroupRef: string): Json[] {
  return Object.values(resourcesOf(stack, type)).filter((rule) => String(rule.security_group_id) === securityGroupRef);
}

describe("GIVEN an HTTP API with a JWT authorizer, CORS and three services", () => {
  // WHEN it is synthesized without a custom domain
  const { stack, monitor } = httpApi({
    ...BASE,
    jwtAuthorizer: { issuer: ISSUER, audience: ["orders-client"] },
    cors: { allowOrigins: ["https://app.acme.example.com"] },
  });
  const api = at(stack, "aws_apigatewayv2_api", "api");
  const vpcLink = at(stack, "aws_apigatewayv2_vpc_link", "vpc-link");
  const linkGroup = at(stack, "aws_security_group", "security-group");

  it("THEN the API is an HTTP API on IPv4 and IPv6, reachable at its execute-api endpoint, with the CORS defaults", () => {
    expect(api.resource).toMatchObject({
      name: "acme-test-http-api",
      protocol_type: "HTTP",
      ip_address_type: "dualstack",
      disable_execute_api_endpoint: false,
      cors_configuration: {
        allow_origins: ["https://app.acme.example.com"],
        allow_methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers: ["authorization", "content-type"],
        max_age: 600,
      },
    });
    expect(stack.json.output.http_api_url.value).toBe(api.ref("api_endpoint"));
    expect(stack.json.output.http_api_id.value).toBe(api.ref("id"));
  });

  it("THEN the VPC link sits in those of the given subnets whose zone ID API Gateway supports, with a security group of its own", () => {
    const zones = dataSourceAt(stack, "aws_availability_zones", "api-gateway/zones");
    const idOf = (az: string) => `zipmap(data.aws_availability_zones.${zones.name}.names, data.aws_availability_zones.${zones.name}.zone_ids)["${az}"]`;
    expect(vpcLink.resource).toMatchObject({
      name: "acme-test-http-api",
      // Each subnet is paired with its AZ's zone ID in this account, and kept when the ID is supported.
      subnet_ids: `\${matchkeys(${JSON.stringify(SUBNETS).replace(/,/g, ", ")}, [${idOf("eu-west-1a")}, ${idOf("eu-west-1b")}], ["euw1-az1", "euw1-az2", "euw1-az3"])}`,
      security_group_ids: [linkGroup.ref("id")],
    });
    expect(linkGroup.resource).toMatchObject({ name_prefix: "acme-test-http-api-vpc-link-", vpc_id: "vpc-0123456789abcdef0" });
  });

  it("THEN a change of subnets or security groups replaces the VPC link new-first, and the plan fails when fewer than two supported zones remain", () => {
    const lifecycle = vpcLink.resource.lifecycle as Json;
    expect(lifecycle.create_before_destroy).toBe(true);
    const [precondition] = lifecycle.precondition as unknown as Json[];
    expect(precondition.condition).toBe(`\${(length(${String(vpcLink.resource.subnet_ids).slice(2, -1)}) >= 2)}`);
    expect(precondition.error_message).toMatch(/zone IDs euw1-az1, euw1-az2, euw1-az3.*\(eu-west-1a, eu-west-1b\).*network\.azs/);
  });

  it("THEN a Cloud Map service is integrated by its ARN through the VPC link, over HTTP", () => {
    const integration = at(stack, "aws_apigatewayv2_integration", "service-orders/integration").resource;
    expect(integration).toMatchObject({
      api_id: api.ref("id"),
      integration_type: "HTTP_PROXY",
      integration_method: "ANY",
      connection_type: "VPC_LINK",
      connection_id: vpcLink.ref("id"),
      integration_uri: CLOUD_MAP_ARN,
      payload_format_version: "1.0",
    });
    expect(integration.tls_config).toBeUndefined();
  });

  it("THEN a load balancer is integrated by its listener's ARN, over HTTPS verifying the listener's name", () => {
    expect(at(stack, "aws_apigatewayv2_integration", "service-web/integration").resource).toMatchObject({
      integration_type: "HTTP_PROXY",
      connection_type: "VPC_LINK",
      connection_id: vpcLink.ref("id"),
      integration_uri: LISTENER_ARN,
      tls_config: { server_name_to_verify: "internal.acme.example.com" },
    });
  });

  it("THEN each route key targets its service's integration, behind the JWT authorizer where the service asks for it", () => {
    const authorizer = at(stack, "aws_apigatewayv2_authorizer", "jwt-authorizer");
    const orders = at(stack, "aws_apigatewayv2_integration", "service-orders/integration");
    for (const routeKey of ["ANY /api/orders/{proxy+}", "GET /api/orders"]) {
      expect(routeAt(stack, "orders", routeKey)).toMatchObject({
        route_key: routeKey,
        target: `integrations/${orders.ref("id")}`,
        authorization_type: "JWT",
        authorizer_id: authorizer.ref("id"),
      });
    }
    const web = routeAt(stack, "web", "$default");
    expect(web).toMatchObject({ route_key: "$default", authorization_type: "NONE" });
    expect(web.authorizer_id).toBeUndefined();
    expect(Object.keys(resourcesOf(stack, "aws_apigatewayv2_route"))).toHaveLength(4);
  });

  it("THEN the authorizer checks JWTs from the Authorization header against the issuer and audience", () => {
    expect(at(stack, "aws_apigatewayv2_authorizer", "jwt-authorizer").resource).toMatchObject({
      authorizer_type: "JWT",
      identity_sources: ["$request.header.Authorization"],
      jwt_configuration: { issuer: ISSUER, audience: ["orders-client"] },
    });
  });

  it("THEN the $default stage deploys itself, is throttled, and logs each request as JSON to an encrypted log group", () => {
    const logGroup = at(stack, "aws_cloudwatch_log_group", "access-logs");
    expect(logGroup.resource).toMatchObject({
      name: "/aws/apigateway/acme-test-http-api",
      retention_in_days: 30,
      kms_key_id: "arn:aws:kms:eu-west-1:123456789012:key/logs",
    });
    const stage = at(stack, "aws_apigatewayv2_stage", "stage").resource;
    expect(stage).toMatchObject({
      name: "$default",
      auto_deploy: true,
      default_route_settings: { throttling_burst_limit: 200, throttling_rate_limit: 100 },
      access_log_settings: { destination_arn: logGroup.ref("arn") },
    });
    const format = JSON.parse(String(stage.access_log_settings.format));
    expect(format).toMatchObject({
      requestId: "$context.requestId",
      ip: "$context.identity.sourceIp",
      requestTime: "$context.requestTime",
      httpMethod: "$context.httpMethod",
      routeKey: "$context.routeKey",
      status: "$context.status",
      protocol: "$context.protocol",
      responseLength: "$context.responseLength",
      integrationError: "$context.integrationErrorMessage",
      integrationStatus: "$context.integration.status",
      integrationLatency: "$context.integrationLatency",
    });
  });

  it("THEN the VPC link may reach exactly the service's port and the listener's port (once for both services behind it)", () => {
    const orders = resourceAt(stack, "aws_security_group", "orders-sg");
    const alb = resourceAt(stack, "aws_security_group", "alb-sg");
    const egress = rulesOf(stack, "aws_vpc_security_group_egress_rule", linkGroup.ref("id"));
    expect(egress.map((rule) => [rule.referenced_security_group_id, rule.from_port, rule.to_port, rule.cidr_ipv4]).sort()).toEqual(
      [
        [alb.ref("id"), 443, 443, undefined],
        [orders.ref("id"), 8080, 8080, undefined],
      ].sort(),
    );
    expect(rulesOf(stack, "aws_vpc_security_group_ingress_rule", linkGroup.ref("id"))).toEqual([]);
  });

  it("THEN the service and the load balancer admit the VPC link on that port and nothing else", () => {
    const orders = resourceAt(stack, "aws_security_group", "orders-sg");
    expect(rulesOf(stack, "aws_vpc_security_group_ingress_rule", orders.ref("id"))).toEqual([
      expect.objectContaining({
        referenced_security_group_id: linkGroup.ref("id"),
        from_port: 8080,
        to_port: 8080,
        ip_protocol: "tcp",
        description: "From the API Gateway VPC link",
      }),
    ]);
    const alb = resourceAt(stack, "aws_security_group", "alb-sg");
    expect(rulesOf(stack, "aws_vpc_security_group_ingress_rule", alb.ref("id"))).toEqual([
      expect.objectContaining({ referenced_security_group_id: linkGroup.ref("id"), from_port: 443 }),
    ]);
  });

  it("THEN the 5xx share (guarded at low traffic) pages and the p99 latency notifies, on the API's $default stage", () => {
    const [errors, latency] = monitor.alarms;
    expect(monitor.alarms.map((alarm) => `${alarm.resource}-${alarm.signal}`)).toEqual(["http-api-5xx-rate-high", "http-api-latency-high"]);
    expect(errors).toMatchObject({ threshold: 5, severity: "page", comparison: "GreaterThanThreshold" });
    expect(errors.metric).toMatchObject({
      expression: "IF(FILL(requests, 0) >= 20, 100 * FILL(errors, 0) / requests, 0)",
      metrics: {
        errors: { namespace: "AWS/ApiGateway", metricName: "5xx", statistic: "Sum", dimensions: { Stage: "$default" } },
        requests: { namespace: "AWS/ApiGateway", metricName: "Count", statistic: "Sum" },
      },
    });
    expect(latency).toMatchObject({
      threshold: 2000,
      severity: "notify",
      metric: { namespace: "AWS/ApiGateway", metricName: "Latency", statistic: "p99", dimensions: { Stage: "$default" } },
    });
    expect(monitor.tiles.map((tile) => tile.section)).toEqual(["HTTP API", "HTTP API", "HTTP API"]);
  });
});

describe("GIVEN an HTTP API in a region where API Gateway leaves out zones", () => {
  it("WHEN it is in us-east-1 THEN use1-az3 is not among the zone IDs its subnets may have", () => {
    const { stack } = httpApi(BASE, () => [], "us-east-1");
    expect(String(at(stack, "aws_apigatewayv2_vpc_link", "vpc-link").resource.subnet_ids)).toMatch(/\["use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"\]\)\}$/);
  });

  it("WHEN its region has no documented VPC link zones THEN every subnet is given and no zone lookup is made (PLAT-APPLY-10 refuses it)", () => {
    const { stack } = httpApi(BASE, () => [], "eu-south-1");
    expect(at(stack, "aws_apigatewayv2_vpc_link", "vpc-link").resource.subnet_ids).toEqual(SUBNETS);
    expect(dataSourcesOf(stack, "aws_availability_zones")).toEqual({});
  });
});

describe("GIVEN an HTTP API with a custom domain", () => {
  it("WHEN it has no certificate THEN one is requested and validated through the zone, and A and AAAA aliases point at the regional domain", () => {
    // GIVEN a domain without certificateArn WHEN synthesized
    const { stack } = httpApi({ ...BASE, domain: { domainName: "api.acme.example.com", hostedZoneId: HOSTED_ZONE_ID } }, () => []);
    const certificate = at(stack, "aws_acm_certificate_validation", "certificate/validation");
    expect(at(stack, "aws_acm_certificate", "certificate/certificate").resource.key_algorithm).toBe("RSA_2048");
    const domain = at(stack, "aws_apigatewayv2_domain_name", "domain");
    expect(domain.resource).toMatchObject({
      domain_name: "api.acme.example.com",
      domain_name_configuration: {
        certificate_arn: certificate.ref("certificate_arn"),
        endpoint_type: "REGIONAL",
        security_policy: "TLS_1_2",
        ip_address_type: "dualstack",
      },
    });
    expect(at(stack, "aws_apigatewayv2_api_mapping", "domain-mapping").resource).toMatchObject({
      api_id: at(stack, "aws_apigatewayv2_api", "api").ref("id"),
      domain_name: domain.ref("domain_name"),
      stage: at(stack, "aws_apigatewayv2_stage", "stage").ref("id"),
    });
    for (const type of ["A", "AAAA"]) {
      expect(at(stack, "aws_route53_record", `alias-${type.toLowerCase()}`).resource).toMatchObject({
        zone_id: HOSTED_ZONE_ID,
        name: "api.acme.example.com",
        type,
        alias: {
          name: domain.ref("domain_name_configuration[0].target_domain_name"),
          zone_id: domain.ref("domain_name_configuration[0].hosted_zone_id"),
        },
      });
    }
    expect(at(stack, "aws_apigatewayv2_api", "api").resource.disable_execute_api_endpoint).toBe(true);
    expect(stack.json.output.http_api_url.value).toBe("https://api.acme.example.com");
  });

  it("WHEN it has a certificate THEN that one is used and none is requested", () => {
    const { stack } = httpApi({
      ...BASE,
      domain: { domainName: "api.acme.example.com", hostedZoneId: HOSTED_ZONE_ID, certificateArn: CERTIFICATE_ARN },
    }, () => []);
    expect(at(stack, "aws_apigatewayv2_domain_name", "domain").resource.domain_name_configuration.certificate_arn).toBe(CERTIFICATE_ARN);
    expect(resourcesOf(stack, "aws_acm_certificate")).toEqual({});
  });
});

describe("GIVEN a production HTTP API keeping its access log for a year", () => {
  it("WHEN the whole policy pack runs over it THEN none of its resources fails or warns", () => {
    const { stack } = httpApiStack(
      { ...BASE, accessLogRetentionInDays: 365, jwtAuthorizer: { issuer: ISSUER, audience: ["orders-client"] } },
      SERVICES,
    );
    const results = new PolicyPack(stack, { tier: "production", rules: POLICY_RULES, locator: CONFIG_LOCATOR }).evaluate();
    const ofApi = results.filter((result) => result.path.startsWith("harness/api-gateway/"));
    expect(ofApi.map((result) => result.rule)).toEqual(expect.arrayContaining(["PLAT-CW-1", "PLAT-CW-2"]));
    expect(ofApi.filter((result) => result.status !== "pass")).toEqual([]);
  });
});

describe("GIVEN wiring mistakes, which are bugs rather than configuration", () => {
  const orders = (stack: TerraformStack, overrides: Partial<ApiTarget>): ApiTarget[] => [
    {
      name: "orders",
      routes: serviceApiRoutesSchema.parse({ routeKeys: ["GET /orders"] }),
      peer: peer(stack, "orders", "service orders"),
      port: 8080,
      cloudMapServiceArn: CLOUD_MAP_ARN,
      ...overrides,
    },
  ];

  it("WHEN a route asks for JWT on an API without an authorizer THEN construction stops", () => {
    expect(() => httpApi(BASE, (stack) => orders(stack, { routes: serviceApiRoutesSchema.parse({ routeKeys: ["GET /orders"], authorization: "jwt" }) }))).toThrow(
      "service orders asks for JWT authorization, but the API has no JWT authorizer",
    );
  });

  it("WHEN a Cloud Map integration has no Cloud Map service THEN construction stops", () => {
    expect(() => httpApi(BASE, (stack) => orders(stack, { cloudMapServiceArn: undefined }))).toThrow("its cloudMapServiceArn is missing");
  });
});

/** Problem lines of an API configuration in eu-west-1, as the platform would print them. */
function apiProblems(input: unknown): string {
  const schema = strict({ apiGateway: apiGatewaySchema }).superRefine((config, context) =>
    checkApiGatewayRegion(config.apiGateway, "eu-west-1", new Problems(context).nested("apiGateway")),
  );
  const wrapped = { apiGateway: input };
  const result = schema.safeParse(wrapped);
  return result.success ? "" : formatIssues('environment "test"', wrapped, result.error.issues).join("\n");
}

/** Problem lines of one service's routes against an API configuration and the service. */
function routeProblems(routes: unknown, apiGateway: ApiGatewayInput | undefined, service: RoutedService = { containerPort: 8080 }): string {
  const schema = strict({ routes: serviceApiRoutesSchema }).superRefine((config, context) => {
    const problems = new Problems(context).nested("routes");
    checkServiceRoutes(config.routes, apiGateway && apiGatewaySchema.parse(apiGateway), problems);
    checkRouteTarget(config.routes, service, problems);
  });
  const input = { routes };
  const result = schema.safeParse(input);
  return result.success ? "" : formatIssues('environment "test"', input, result.error.issues).join("\n");
}

describe("GIVEN the API's configuration", () => {
  it("WHEN only the retention is set THEN throttling and alarms take their defaults and nothing else is on", () => {
    expect(apiGatewaySchema.parse(BASE)).toEqual({
      accessLogRetentionInDays: 30,
      throttling: { burstLimit: 200, rateLimit: 100 },
      alarms: { error5xxPercent: 5, latencyP99Milliseconds: 2000 },
    });
  });

  it("WHEN the retention is missing or not a CloudWatch value THEN it is refused", () => {
    expect(apiProblems({})).toContain("apiGateway.accessLogRetentionInDays is not set");
    expect(apiProblems({ accessLogRetentionInDays: 45 })).toContain("expected a CloudWatch Logs retention in days");
  });

  it("WHEN the certificate is in another region THEN it is refused", () => {
    const otherRegion = CERTIFICATE_ARN.replace("eu-west-1", "us-east-1");
    expect(apiProblems({ ...BASE, domain: { domainName: "api.acme.example.com", hostedZoneId: HOSTED_ZONE_ID, certificateArn: otherRegion } })).toBe(
      `environment "test": apiGateway.domain.certificateArn is "${otherRegion}"; expected an ACM certificate ARN in eu-west-1, the API's region (a regional custom domain takes no other)`,
    );
  });

  it("WHEN the certificate is in the API's region THEN it is accepted", () => {
    expect(apiProblems({ ...BASE, domain: { domainName: "api.acme.example.com", hostedZoneId: HOSTED_ZONE_ID, certificateArn: CERTIFICATE_ARN } })).toBe("");
  });

  it.each([
    [{ issuer: "http://login.example.com/", audience: ["a"] }, "jwtAuthorizer.issuer"],
    [{ issuer: ISSUER, audience: [] }, "jwtAuthorizer.audience"],
    [{ issuer: ISSUER }, "jwtAuthorizer.audience"],
  ])("WHEN the JWT authorizer is %j THEN it is refused at %s", (jwtAuthorizer, field) => {
    expect(apiProblems({ ...BASE, jwtAuthorizer })).toContain(`apiGateway.${field} is`);
  });

  it("WHEN a CORS origin has a path THEN it is refused", () => {
    expect(apiProblems({ ...BASE, cors: { allowOrigins: ["https://app.example.com/"] } })).toContain("apiGateway.cors.allowOrigins[0] is");
  });

  it("WHEN a field is misspelt THEN it is refused", () => {
    expect(apiProblems({ ...BASE, throttling: { burst: 10 } })).toContain("apiGateway.throttling.burst is not a known field");
  });
});

describe("GIVEN a service's API routes", () => {
  const API: ApiGatewayInput = { ...BASE, jwtAuthorizer: { issuer: ISSUER, audience: ["orders-client"] } };

  it("WHEN only route keys are given THEN the routes are open and go through Cloud Map", () => {
    expect(serviceApiRoutesSchema.parse({ routeKeys: ["ANY /api/{proxy+}"] })).toEqual({
      routeKeys: ["ANY /api/{proxy+}"],
      authorization: "none",
      integration: "cloud-map",
    });
  });

  it.each(["ANY /api/{proxy+}", "GET /", "POST /orders/{id}/items", "DELETE /v1.2/a_b~c", "$default", "OPTIONS /{proxy+}"])(
    "WHEN a route key is %j THEN it is accepted",
    (routeKey) => {
      expect(routeProblems({ routeKeys: [routeKey] }, API)).toBe("");
    },
  );

  it.each(["any /api", "FETCH /api", "GET api", "GET /api/", "GET /api/{proxy+}/more", "GET  /api", "GET /api/*", "/api", "$DEFAULT", "GET /{1d}"])(
    "WHEN a route key is %j THEN it is refused, naming the form",
    (routeKey) => {
      expect(routeProblems({ routeKeys: [routeKey] }, API)).toBe(
        `environment "test": routes.routeKeys[0] is ${JSON.stringify(routeKey)}; expected "$default" or a route key "METHOD /path": ` +
          "METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS; path segments of A-Z a-z 0-9 . _ ~ - or a {variable}, the last one may be greedy, e.g. ANY /api/{proxy+}",
      );
    },
  );

  it("WHEN there are none or a repeat THEN they are refused", () => {
    expect(routeProblems({ routeKeys: [] }, API)).toContain("expected at least one route key");
    expect(routeProblems({ routeKeys: ["GET /a", "GET /a"] }, API)).toContain("expected route keys without repeats");
  });

  it("WHEN they ask for JWT and the API has no authorizer THEN they are refused", () => {
    expect(routeProblems({ routeKeys: ["GET /orders"], authorization: "jwt" }, BASE)).toBe(
      'environment "test": routes.authorization is "jwt"; expected "none": "jwt" needs apiGateway.jwtAuthorizer (issuer and audience)',
    );
    expect(routeProblems({ routeKeys: ["GET /orders"], authorization: "jwt" }, API)).toBe("");
  });

  it("WHEN the environment has no API THEN they are refused", () => {
    expect(routeProblems({ routeKeys: ["GET /orders"] }, undefined)).toContain("expected no API routes: the environment has no apiGateway");
  });

  it("WHEN the service has no port THEN they are refused", () => {
    expect(routeProblems({ routeKeys: ["GET /orders"] }, API, {})).toContain(
      "routes.routeKeys is [\"GET /orders\"]; expected no API routes on a service without containerPort",
    );
  });

  it("WHEN they go through the load balancer but it does not route to the service THEN they are refused", () => {
    expect(routeProblems({ routeKeys: ["GET /orders"], integration: "load-balancer" }, API)).toContain(
      'routes.integration is "load-balancer"; expected "cloud-map": "load-balancer" needs the service routed by the load balancer',
    );
    expect(routeProblems({ routeKeys: ["GET /orders"], integration: "load-balancer" }, API, { containerPort: 8080, loadBalancer: {} })).toBe("");
  });
});

describe("GIVEN two services' route keys", () => {
  it.each([
    ["ANY /api/{proxy+}", "ANY /api/{proxy+}", true],
    ["GET /orders/{id}", "GET /orders/{orderId}", true],
    ["ANY /orders", "POST /orders", true],
    ["$default", "$default", true],
    ["GET /orders", "POST /orders", false],
    ["GET /orders", "GET /orders/{id}", false],
    ["$default", "ANY /{proxy+}", false],
    ["ANY /api/{proxy+}", "ANY /api/{id}", false],
  ])("WHEN they are %j and %j THEN conflict is %j", (a, b, expected) => {
    expect(routeKeysConflict(a, b)).toBe(expected);
    expect(routeKeysConflict(b, a)).toBe(expected);
  });

  it("WHEN lists share a path THEN the first conflicting pair is named", () => {
    expect(firstRouteConflict(["GET /a", "ANY /b/{proxy+}"], ["POST /c", "DELETE /b/{rest+}"])).toEqual(["ANY /b/{proxy+}", "DELETE /b/{rest+}"]);
    expect(firstRouteConflict(["GET /a"], ["POST /a"])).toBeUndefined();
  });
});

describe("GIVEN route keys and a load balancer's path patterns", () => {
  it("WHEN converted THEN variables become wildcards, $default everything, methods and repeats drop", () => {
    expect(apiPathPatterns(["ANY /api/{proxy+}", "GET /api/{proxy+}", "GET /users/{id}/orders", "GET /", "$default"])).toEqual([
      "/api/*",
      "/users/*/orders",
      "/",
      "/*",
    ]);
  });

  it.each([
    ["/api/*", "/api/v2/*", true],
    ["/api/*", "/*", true],
    ["/api/*", "/web/*", false],
    ["/users/*/orders", "/users/42/*", true],
    ["/users/*/orders", "/users/42/items", false],
    ["/a?c", "/abc", true],
    ["/a?c", "/ac", false],
    ["/", "/*", true],
    ["/", "/api/*", false],
  ])("WHEN %j meets %j THEN they overlap: %j", (a, b, expected) => {
    expect(pathPatternsOverlap(a, b)).toBe(expected);
    expect(pathPatternsOverlap(b, a)).toBe(expected);
  });

  it("WHEN the API and a public load balancer both claim a path THEN the pair is named", () => {
    expect(firstPathOverlap(["GET /health", "ANY /api/{proxy+}"], ["/web/*", "/api/orders*"])).toEqual(["ANY /api/{proxy+}", "/api/orders*"]);
    expect(firstPathOverlap(["ANY /api/{proxy+}"], ["/web/*"])).toBeUndefined();
  });
});
