import { Testing } from "cdktf";
import { buildPlatform } from "../modules/platform/platform";
import { EnvironmentInput } from "../modules/platform/schema";
import { bootstrapInput, changed, findByPath, minimalEnvironment, resourceAt, resourcesOf, synthEnvironment, validationMessage } from "./support/synth";

type ServiceInput = NonNullable<EnvironmentInput["services"]>[number];

const ISSUER = "https://login.acme.example.com/";
const orders: ServiceInput = {
  name: "orders",
  image: { source: "uri", uri: "public.ecr.aws/acme/orders:1.0.0" },
  cpu: 256,
  memory: 512,
  containerPort: 8080,
  desiredCount: 1,
  apiRoutes: { routeKeys: ["ANY /orders/{proxy+}", "GET /orders"], authorization: "jwt" },
  // Nothing else watches a service behind the VPC link: production requires it (PLAT-APPLY-9).
  healthCheck: { httpPath: "/health" },
};

/** A map-service shape: no NAT, no load balancer, the API the only way in, services found through Cloud Map. */
function apiEnvironment(tier: EnvironmentInput["tier"] = "development", services: ServiceInput[] = [orders]): EnvironmentInput {
  return changed(minimalEnvironment({ tier, cluster: { serviceDiscoveryNamespace: "test.acme.internal" } }), (config) => {
    delete config.loadBalancer;
    config.network = { cidr: "10.99.0.0/16", azCount: 2, natStrategy: "none" };
    config.apiGateway = { jwtAuthorizer: { issuer: ISSUER, audience: ["acme-app"] } };
    config.services = services;
  });
}

describe("GIVEN an environment whose only front door is the HTTP API", () => {
  const stack = synthEnvironment(apiEnvironment());

  it("THEN the API reaches the service's tasks through its Cloud Map SRV records over the VPC link", () => {
    const discovery = resourceAt(stack, "aws_service_discovery_service", "service-orders/discovery");
    const integration = resourceAt(stack, "aws_apigatewayv2_integration", "api-gateway/service-orders/integration").resource;
    const vpcLink = resourceAt(stack, "aws_apigatewayv2_vpc_link", "api-gateway/vpc-link");
    expect(integration).toMatchObject({ integration_type: "HTTP_PROXY", connection_type: "VPC_LINK", integration_uri: discovery.ref("arn"), connection_id: vpcLink.ref("id") });
    expect(discovery.resource.dns_config).toMatchObject({ dns_records: [{ type: "A" }, { type: "SRV" }] });
  });

  it("THEN the VPC link sits where the services run (the public subnets, without NAT)", () => {
    const subnets = findByPath(stack, "aws_subnet", "network/public").map((subnet) => subnet.ref("id"));
    // Chosen among them by zone ID (http-api.ts): matchkeys over the public subnets in AZ order.
    expect(String(resourceAt(stack, "aws_apigatewayv2_vpc_link", "api-gateway/vpc-link").resource.subnet_ids)).toMatch(
      new RegExp(`^\\$\\{matchkeys\\(\\[${subnets.map((ref) => ref.slice(2, -1).replace(/[.]/g, "\\.")).join(", ")}\\], `),
    );
  });

  it("THEN every route of the service requires the JWT authorizer", () => {
    const routes = findByPath(stack, "aws_apigatewayv2_route", "api-gateway/service-orders/").map((route) => route.resource);
    const authorizer = resourceAt(stack, "aws_apigatewayv2_authorizer", "api-gateway/jwt-authorizer");
    expect(routes.map((route) => route.route_key).sort()).toEqual(["ANY /orders/{proxy+}", "GET /orders"]);
    for (const route of routes) expect(route).toMatchObject({ authorization_type: "JWT", authorizer_id: authorizer.ref("id") });
  });

  it("THEN the service admits the VPC link on its port, and nothing else", () => {
    const ingress = Object.values(resourcesOf(stack, "aws_vpc_security_group_ingress_rule")).filter(
      (rule) => String(rule.security_group_id) === resourceAt(stack, "aws_security_group", "service-orders/security-group").ref("id"),
    );
    const link = resourceAt(stack, "aws_security_group", "api-gateway/security-group").ref("id");
    expect(ingress).toEqual([expect.objectContaining({ referenced_security_group_id: link, from_port: 8080, to_port: 8080, ip_protocol: "tcp" })]);
  });

  it("THEN nothing in the VPC admits the internet: the API is the only way in", () => {
    const open = Object.values(resourcesOf(stack, "aws_vpc_security_group_ingress_rule")).filter((rule) => rule.cidr_ipv4 !== undefined || rule.cidr_ipv6 !== undefined);
    expect(open).toEqual([]);
    expect(resourcesOf(stack, "aws_lb")).toEqual({});
    expect(resourcesOf(stack, "aws_nat_gateway")).toEqual({});
  });

  it("THEN the access log follows the tier's retention", () => {
    expect(resourceAt(stack, "aws_cloudwatch_log_group", "api-gateway/access-logs").resource.retention_in_days).toBe(30);
    const production = synthEnvironment(changed(apiEnvironment("production"), (config) => void (config.network = { cidr: "10.99.0.0/16", azCount: 2 })));
    expect(resourceAt(production, "aws_cloudwatch_log_group", "api-gateway/access-logs").resource.retention_in_days).toBe(365);
  });
});

describe("GIVEN a production environment with the HTTP API", () => {
  it("THEN the policy pack passes it with nothing failed", () => {
    const config = changed(apiEnvironment("production", [{ ...orders, readonlyRootFilesystem: true }]), (environment) => void (environment.network = { cidr: "10.99.0.0/16", azCount: 2 }));
    const platform = buildPlatform(() => Testing.app(), bootstrapInput, [config]);
    const failed = platform.policies.get("test")!.evaluate().filter((result) => result.status === "fail");
    expect(failed).toEqual([]);
  });
});

describe("GIVEN an internal load balancer that the API reaches through its HTTPS listener", () => {
  const config = changed(minimalEnvironment(), (environment) => {
    environment.loadBalancer = { internal: true, deletionProtection: false, certificate: { domainName: "internal.acme.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } };
    environment.apiGateway = {};
    environment.services![0].apiRoutes = { routeKeys: ["$default"], integration: "load-balancer" };
  });
  const stack = synthEnvironment(config);

  it("THEN the integration targets the listener and verifies the certificate's name", () => {
    const listener = resourceAt(stack, "aws_lb_listener", "load-balancer/https");
    expect(resourceAt(stack, "aws_apigatewayv2_integration", "api-gateway/service-web/integration").resource).toMatchObject({
      integration_uri: listener.ref("arn"),
      tls_config: { server_name_to_verify: "internal.acme.example.com" },
    });
  });

  it("THEN the load balancer admits the VPC link on 443", () => {
    const alb = resourceAt(stack, "aws_security_group", "load-balancer/security-group").ref("id");
    const link = resourceAt(stack, "aws_security_group", "api-gateway/security-group").ref("id");
    expect(Object.values(resourcesOf(stack, "aws_vpc_security_group_ingress_rule"))).toContainEqual(
      expect.objectContaining({ security_group_id: alb, referenced_security_group_id: link, from_port: 443 }),
    );
  });
});

describe("GIVEN API routes that cannot work as written", () => {
  const problem = (change: (config: EnvironmentInput & { [key: string]: unknown }) => void) => validationMessage(changed(apiEnvironment(), change as never));
  const PREFIX = 'environment "test": services[0].apiRoutes';

  it("WHEN the environment has no apiGateway THEN the routes are refused", () => {
    expect(problem((config) => void delete (config as { apiGateway?: unknown }).apiGateway)).toContain(`${PREFIX}.routeKeys`);
  });

  it("WHEN the cluster has no Cloud Map namespace THEN the cloud-map integration is refused, naming the field to add", () => {
    expect(problem((config) => void delete (config.cluster as { serviceDiscoveryNamespace?: string }).serviceDiscoveryNamespace)).toContain(
      'environment "test": cluster.serviceDiscoveryNamespace is not set; expected a Cloud Map namespace such as test.acme.internal: the API reaches service "orders" through it',
    );
  });

  it("WHEN the load-balancer integration points at an internet-facing load balancer THEN it is refused", () => {
    const message = validationMessage(
      changed(minimalEnvironment({ apiGateway: {} }), (config) => void (config.services![0].apiRoutes = { routeKeys: ["GET /health"], integration: "load-balancer" })),
    );
    expect(message).toContain('services[0].apiRoutes.integration is "load-balancer"; expected "cloud-map": "load-balancer" needs an internal loadBalancer');
  });

  it.each(["jwt", "none"] as const)("WHEN a route (authorization %s) is on a path the public load balancer also serves to the service THEN it is refused", (authorization) => {
    const message = validationMessage(
      changed(minimalEnvironment({ apiGateway: { jwtAuthorizer: { issuer: ISSUER, audience: ["acme-app"] } }, cluster: { serviceDiscoveryNamespace: "test.acme.internal" } }), (config) => {
        config.services![0].apiRoutes = { routeKeys: ["GET /health", "ANY /admin/{proxy+}"], authorization };
      }),
    );
    expect(message).toContain(
      'services[0].apiRoutes.routeKeys[0] is "GET /health"; expected a route on a path the internet-facing load balancer does not also serve to this service (it serves /*)',
    );
  });

  it("WHEN the public load balancer serves the service other paths only THEN the API's routes are accepted", () => {
    const message = validationMessage(
      changed(minimalEnvironment({ apiGateway: {}, cluster: { serviceDiscoveryNamespace: "test.acme.internal" } }), (config) => {
        config.services![0].loadBalancer = { priority: 100, pathPatterns: ["/web/*"] };
        config.services![0].apiRoutes = { routeKeys: ["ANY /api/{proxy+}"] };
      }),
    );
    expect(message).toBe("");
  });

  it("WHEN two services claim the same route THEN the second is refused, naming the first", () => {
    const message = validationMessage(apiEnvironment("development", [orders, { ...orders, name: "legacy", apiRoutes: { routeKeys: ["GET /orders/{id}", "GET /orders"] } }]));
    expect(message).toContain('services[1].apiRoutes.routeKeys[1] is "GET /orders"; expected a route not already claimed by service "orders" (GET /orders)');
  });

  it("WHEN a route asks for JWT and the API has no authorizer THEN it is refused", () => {
    expect(problem((config) => void ((config as { apiGateway: object }).apiGateway = {}))).toContain(`${PREFIX}.authorization is "jwt"`);
  });
});
