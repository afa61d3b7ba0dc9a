/** NAT gateways, public IPv4 addresses, load balancers, interface endpoints, CloudFront, API Gateway, hosted zones. */
import { count, EstimateContext, LineItem, lineItem, price, summedAddress, unmodelled } from "./line-items";
import { HOURS_PER_MONTH } from "./prices";
import { blocks, bool, list, Resource, str } from "./terraform";

const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
/** One ALB LCU: 25 new connections a second, or 1 GB processed an hour (whichever needs more). */
const ALB_NEW_CONNECTIONS_PER_LCU = 25;
/** One NLB NLCU (TCP): 800 new connections a second, or 1 GB processed an hour. */
const NLB_NEW_CONNECTIONS_PER_NLCU = 800;

export function natGatewayLines(context: EstimateContext): LineItem[] {
  const gateways = context.stack.ofType("aws_nat_gateway");
  const gbEach = gateways.length > 0 ? context.usage.natGbPerMonth / gateways.length : 0;
  return gateways.flatMap((gateway) => [
    lineItem({
      item: "NAT gateway",
      address: gateway.address,
      quantity: HOURS_PER_MONTH * activeZones(context, gateway),
      unit: "hours",
      price: price(context, (prices) => prices.natGateway.hour, "NAT gateway"),
      note: str(gateway.body, "availability_mode") === "regional" ? `regional: active in ${activeZones(context, gateway)} AZ(s), priced per AZ-hour like a zonal gateway (unverified) and with an AWS-provided address each` : undefined,
    }),
    lineItem({
      item: "NAT gateway data processed",
      address: gateway.address,
      quantity: gbEach,
      unit: "GB",
      price: price(context, (prices) => prices.natGateway.gbProcessed, "NAT gateway data"),
      note: `natGbPerMonth ${count(context.usage.natGbPerMonth)} GB over ${gateways.length} gateway(s) (assumption)`,
    }),
  ]);
}

/** A zonal gateway is one AZ; a regional one is active in every AZ where the VPC has private subnets. */
function activeZones(context: EstimateContext, gateway: Resource): number {
  if (str(gateway.body, "availability_mode") !== "regional") return 1;
  const zones = new Set(context.stack.ofType("aws_subnet").map((subnet) => str(subnet.body, "availability_zone")));
  return Math.max(1, zones.size);
}

export function elasticIpLines(context: EstimateContext): LineItem[] {
  const addresses = context.stack.ofType("aws_eip");
  if (addresses.length === 0) return [];
  return [
    lineItem({
      item: "Public IPv4 addresses (Elastic IPs)",
      address: summedAddress("aws_eip", addresses.length),
      quantity: addresses.length * HOURS_PER_MONTH,
      unit: "IP-hours",
      price: price(context, (prices) => prices.publicIpv4Hour, "public IPv4"),
    }),
  ];
}

/** Capacity units an hour for the assumed traffic: the larger of the bytes and the new-connection dimensions. */
export function capacityUnitsPerHour(requestsPerMonth: number, gbPerMonth: number, newConnectionsPerUnit: number): number {
  return Math.max(gbPerMonth / HOURS_PER_MONTH, requestsPerMonth / SECONDS_PER_MONTH / newConnectionsPerUnit);
}

function loadBalancerPublicIps(context: EstimateContext, balancer: Resource): LineItem[] {
  if (bool(balancer.body, "internal") === true) return [];
  const zones = Math.max(list(balancer.body, "subnets").length, blocks(balancer.body, "subnet_mapping").length);
  return [
    lineItem({
      item: "Public IPv4 addresses of the load balancer",
      address: balancer.address,
      quantity: zones * HOURS_PER_MONTH,
      unit: "IP-hours",
      price: price(context, (prices) => prices.publicIpv4Hour, "public IPv4"),
      note: `internet-facing: one address per subnet (${zones})`,
    }),
  ];
}

function applicationLoadBalancerLines(context: EstimateContext, balancer: Resource): LineItem[] {
  const { requestsPerMonth, gbTransferredPerMonth } = context.usage;
  const lcu = capacityUnitsPerHour(requestsPerMonth, gbTransferredPerMonth, ALB_NEW_CONNECTIONS_PER_LCU);
  return [
    lineItem({
      item: "Application Load Balancer",
      address: balancer.address,
      quantity: HOURS_PER_MONTH,
      unit: "hours",
      price: price(context, (prices) => prices.applicationLoadBalancer.hour, "Application Load Balancer"),
    }),
    lineItem({
      item: "ALB capacity units (LCU)",
      address: balancer.address,
      quantity: lcu * HOURS_PER_MONTH,
      unit: "LCU-hours",
      price: price(context, (prices) => prices.applicationLoadBalancer.lcuHour, "ALB LCU"),
      note: `${count(lcu)} LCU: ${count(requestsPerMonth)} requests (each a new connection) and ${count(gbTransferredPerMonth)} GB a month (assumptions)`,
    }),
    ...loadBalancerPublicIps(context, balancer),
  ];
}

function networkLoadBalancerLines(context: EstimateContext, balancer: Resource): LineItem[] {
  const { requestsPerMonth, gbTransferredPerMonth } = context.usage;
  const nlcu = capacityUnitsPerHour(requestsPerMonth, gbTransferredPerMonth, NLB_NEW_CONNECTIONS_PER_NLCU);
  return [
    lineItem({
      item: "Network Load Balancer",
      address: balancer.address,
      quantity: HOURS_PER_MONTH,
      unit: "hours",
      price: price(context, (prices) => prices.networkLoadBalancer.hour, "Network Load Balancer"),
    }),
    lineItem({
      item: "NLB capacity units (NLCU)",
      address: balancer.address,
      quantity: nlcu * HOURS_PER_MONTH,
      unit: "NLCU-hours",
      price: price(context, (prices) => prices.networkLoadBalancer.nlcuHour, "NLB NLCU"),
      note: `${count(nlcu)} NLCU from requestsPerMonth and gbTransferredPerMonth (assumptions)`,
    }),
    ...loadBalancerPublicIps(context, balancer),
  ];
}

function loadBalancerLines(context: EstimateContext, balancer: Resource): LineItem[] {
  const type = str(balancer.body, "load_balancer_type") ?? "application";
  if (type === "application") return applicationLoadBalancerLines(context, balancer);
  if (type === "network") return networkLoadBalancerLines(context, balancer);
  const missing = unmodelled(`load balancer type ${type} is not in the price table`);
  return [lineItem({ item: `Load balancer (${type})`, address: balancer.address, quantity: HOURS_PER_MONTH, unit: "hours", price: missing })];
}

export function loadBalancersLines(context: EstimateContext): LineItem[] {
  return [...context.stack.ofType("aws_lb"), ...context.stack.ofType("aws_alb")].flatMap((balancer) => loadBalancerLines(context, balancer));
}

function interfaceEndpointLines(context: EstimateContext, endpoint: Resource): LineItem[] {
  const zones = Math.max(list(endpoint.body, "subnet_ids").length, blocks(endpoint.body, "subnet_configuration").length);
  return [
    lineItem({
      item: `Interface endpoint ${str(endpoint.body, "service_name") ?? ""}`.trim(),
      address: endpoint.address,
      quantity: zones * HOURS_PER_MONTH,
      unit: "endpoint-AZ-hours",
      price: price(context, (prices) => prices.interfaceEndpoint.azHour, "interface endpoint"),
      note: `one per subnet (${zones})`,
    }),
    lineItem({
      item: "Interface endpoint data processed",
      address: endpoint.address,
      quantity: context.usage.endpointGbPerMonth,
      unit: "GB",
      price: price(context, (prices) => prices.interfaceEndpoint.gbProcessed, "interface endpoint data"),
      note: "endpointGbPerMonth (assumption)",
    }),
  ];
}

/** Gateway endpoints (S3, DynamoDB) are free; interface endpoints are billed per AZ-hour and GB. */
export function vpcEndpointLines(context: EstimateContext): LineItem[] {
  return context.stack.ofType("aws_vpc_endpoint").flatMap((endpoint) => {
    const type = str(endpoint.body, "vpc_endpoint_type") ?? "Gateway";
    if (type === "Gateway") return [];
    if (type === "Interface") return interfaceEndpointLines(context, endpoint);
    const missing = unmodelled(`VPC endpoint type ${type} is not in the price table`);
    return [lineItem({ item: `VPC endpoint (${type})`, address: endpoint.address, quantity: HOURS_PER_MONTH, unit: "hours", price: missing })];
  });
}

export function cloudfrontLines(context: EstimateContext): LineItem[] {
  const { requestsPerMonth, gbTransferredPerMonth } = context.usage;
  return context.stack.ofType("aws_cloudfront_distribution").flatMap((distribution) => [
    lineItem({
      item: "CloudFront data out",
      address: distribution.address,
      quantity: gbTransferredPerMonth,
      unit: "GB",
      price: price(context, (prices) => prices.cloudfront.gbOut, "CloudFront data out"),
      note: "gbTransferredPerMonth (assumption)",
    }),
    lineItem({
      item: "CloudFront HTTPS requests",
      address: distribution.address,
      quantity: requestsPerMonth / 10_000,
      unit: "10k requests",
      price: price(context, (prices) => prices.cloudfront.per10kHttpsRequests, "CloudFront requests"),
      note: "requestsPerMonth (assumption)",
    }),
  ]);
}

export function apiGatewayLines(context: EstimateContext): LineItem[] {
  const millions = context.usage.requestsPerMonth / 1e6;
  const note = "requestsPerMonth (assumption)";
  const httpApis = context.stack.ofType("aws_apigatewayv2_api").map((api) => {
    const protocol = str(api.body, "protocol_type") ?? "HTTP";
    const apiPrice =
      protocol === "HTTP"
        ? price(context, (prices) => prices.apiGateway.httpPerMillion, "API Gateway HTTP API")
        : unmodelled(`API Gateway ${protocol} APIs (messages and connection minutes) are not in the price table`);
    return lineItem({
      item: `API Gateway ${protocol} API requests`,
      address: api.address,
      quantity: millions,
      unit: "million requests",
      price: apiPrice,
      note,
    });
  });
  const restApis = context.stack.ofType("aws_api_gateway_rest_api").map((api) =>
    lineItem({
      item: "API Gateway REST API requests",
      address: api.address,
      quantity: millions,
      unit: "million requests",
      price: price(context, (prices) => prices.apiGateway.restPerMillion, "API Gateway REST API"),
      note,
    }),
  );
  return [...httpApis, ...restApis];
}

/** Route 53 hosted zones, including the private zone behind a Cloud Map DNS namespace. */
export function hostedZoneLines(context: EstimateContext): LineItem[] {
  const types = ["aws_route53_zone", "aws_service_discovery_private_dns_namespace", "aws_service_discovery_public_dns_namespace"];
  return types.flatMap((type) => {
    const zones = context.stack.ofType(type);
    if (zones.length === 0) return [];
    return [
      lineItem({
        item: "Route 53 hosted zones",
        address: summedAddress(type, zones.length),
        quantity: zones.length,
        unit: "zones",
        price: price(context, (prices) => prices.hostedZoneMonth, "Route 53 hosted zone"),
      }),
    ];
  });
}
