/**
 * An environment's architecture, read from the platform's typed model: the parsed configuration
 * and the synthesized stack. Every front door (CloudFront, API Gateway, the load balancer) with
 * the path from the Internet through its web ACL, the services in their subnet tier and what
 * routes to them, the backing resources they use, egress, and where alarms go. Pure.
 */
import type { EnvironmentConfig, ServiceConfig } from "../../modules/platform/schema";
import { TerraformStackJson } from "../cost/terraform";
import { BACKING_KINDS, backingNodes, usageEdges } from "./backing-resources";
import { Diagram, DiagramEdge, DiagramNode, GroupId, groupId, NodeIds } from "./diagram-model";
import { counted } from "../../modules/core/picture";

/** Everything a part of the diagram reads. */
interface Sources {
  readonly config: EnvironmentConfig;
  readonly stack: TerraformStackJson;
  readonly ids: NodeIds;
}

interface Part {
  readonly nodes: DiagramNode[];
  readonly edges: DiagramEdge[];
}

export const INTERNET = "internet";
/** Node ids of the front doors, for the reachability checks of the tests. */
export const FRONT_DOOR_IDS = { cdn: "cdn", api: "api_gateway", alb: "alb" } as const;

/** `json` is the environment's synthesized stack (cdk.tf.json). */
export function describeArchitecture(config: EnvironmentConfig, json: unknown): Diagram {
  const sources: Sources = { config, stack: new TerraformStackJson(json), ids: new NodeIds() };
  const internet: DiagramNode = { id: sources.ids.idFor(INTERNET), label: ["Internet"], shape: "circle" };
  const parts = [{ nodes: [internet], edges: [] }, ...FRONT_DOORS.map((door) => door(sources)), services(sources), backingResources(sources), egress(sources), alarms(sources)];
  return {
    nodes: parts.flatMap((part) => part.nodes),
    edges: parts.flatMap((part) => part.edges),
    groupLabels: groupLabels(sources),
  };
}

function groupLabels({ config }: Sources): Record<GroupId, string> {
  const azs = counted(config.network.subnetPlan.azs.length, "AZ");
  return {
    vpc: `VPC ${config.network.cidr}`,
    public: `public subnets · ${azs}`,
    private: `private subnets · ${azs}`,
    database: `database subnets · ${azs}, no route out`,
    regional: "regional AWS services",
  };
}

/** Where services run: private subnets behind NAT (or endpoints), or public subnets with public IPs when there is no NAT gateway. */
function serviceTier({ config, stack }: Sources): GroupId {
  const publicIps = stack.ofType("aws_ecs_service").some((service) => {
    const network = service.body.network_configuration;
    return typeof network === "object" && network !== null && (network as { assign_public_ip?: unknown }).assign_public_ip === true;
  });
  return publicIps || (config.network.natStrategy === "none" && stack.ofType("aws_ecs_service").length === 0) ? "public" : "private";
}

/** Internet → the door's web ACL, when it has one → the door. */
function doorWithWaf(sources: Sources, door: DiagramNode, waf: { readonly enabled: boolean; readonly id: string }, protocol: string): Part {
  const internet = sources.ids.idFor(INTERNET);
  if (!waf.enabled) return { nodes: [door], edges: [{ from: internet, to: door.id, label: protocol }] };
  const acl: DiagramNode = { id: sources.ids.idFor(waf.id), label: ["WAF web ACL"], shape: "hexagon" };
  return { nodes: [acl, door], edges: [{ from: internet, to: acl.id, label: protocol }, { from: acl.id, to: door.id }] };
}

/** The front doors, each with its path from the Internet and what it routes to. A new front door is one more entry. */
const FRONT_DOORS: readonly ((sources: Sources) => Part)[] = [cdnDoor, apiGatewayDoor, loadBalancerDoor];

function cdnDoor(sources: Sources): Part {
  const frontend = sources.config.frontend;
  if (!frontend) return { nodes: [], edges: [] };
  const cdn: DiagramNode = {
    id: sources.ids.idFor(FRONT_DOOR_IDS.cdn),
    label: ["CloudFront", frontend.domain?.domainName ?? "default domain", frontend.api ? "static files and the API paths" : "static files"],
    shape: "box",
  };
  const files: DiagramNode = { id: sources.ids.idFor("frontend_bucket"), label: ["S3 static files", "origin access control"], shape: "cylinder", group: "regional" };
  const door = doorWithWaf(sources, cdn, { enabled: frontend.waf.enabled, id: "waf_cdn" }, "HTTPS");
  const toApi = frontend.api && sources.config.loadBalancer
    ? [{ from: cdn.id, to: sources.ids.idFor(FRONT_DOOR_IDS.alb), label: `${frontend.api.pathPatterns.join(" ")} (VPC origin)` }]
    : [];
  return { nodes: [...door.nodes, files], edges: [...door.edges, { from: cdn.id, to: files.id, label: "static files" }, ...toApi] };
}

function apiGatewayDoor(sources: Sources): Part {
  const api = sources.config.apiGateway;
  if (!api) return { nodes: [], edges: [] };
  const node: DiagramNode = {
    id: sources.ids.idFor(FRONT_DOOR_IDS.api),
    label: ["API Gateway HTTP API", api.domain?.domainName ?? "default endpoint", api.jwtAuthorizer ? "JWT authorizer" : "", "VPC link"],
    shape: "box",
  };
  const door = doorWithWaf(sources, node, { enabled: false, id: "waf_api" }, "HTTPS");
  const routes = sources.config.services.flatMap((service): DiagramEdge[] => {
    const routing = service.apiRoutes;
    if (!routing) return [];
    const label = routing.routeKeys.join(" ");
    if (routing.integration === "cloud-map") return [{ from: node.id, to: sources.ids.idFor("service", service.name), label: `${label} (Cloud Map)` }];
    return sources.config.loadBalancer ? [{ from: node.id, to: sources.ids.idFor(FRONT_DOOR_IDS.alb), label: `${label} → ${service.name}` }] : [];
  });
  return { nodes: door.nodes, edges: [...door.edges, ...routes] };
}

/** The load balancer: reached from the Internet when internet-facing, else only through the other doors. */
function loadBalancerDoor(sources: Sources): Part {
  const balancer = sources.config.loadBalancer;
  if (!balancer) return { nodes: [], edges: [] };
  const https = balancer.certificate !== undefined;
  const alb: DiagramNode = {
    id: sources.ids.idFor(FRONT_DOOR_IDS.alb),
    label: [`ALB, ${balancer.internal ? "internal" : "internet-facing"}`, https ? "HTTPS, TLS 1.3" : "HTTP only"],
    shape: "box",
    group: balancer.internal ? "private" : "public",
  };
  const door = balancer.internal ? { nodes: [alb], edges: [] } : doorWithWaf(sources, alb, { enabled: balancer.waf.enabled, id: "waf" }, https ? "HTTPS" : "HTTP");
  return { nodes: door.nodes, edges: [...door.edges, ...sources.config.services.flatMap((service) => routingEdges(service, sources))] };
}

/** The load balancer → a routed service, labelled with its hosts and paths. */
function routingEdges(service: ServiceConfig, { config, ids }: Sources): DiagramEdge[] {
  const routing = service.loadBalancer;
  if (!routing || !config.loadBalancer) return [];
  const routes = [...routing.hostHeaders, ...routing.pathPatterns].join(" ");
  return [{ from: ids.idFor(FRONT_DOOR_IDS.alb), to: ids.idFor("service", service.name), label: routes }];
}

function services(sources: Sources): Part {
  const tier = serviceTier(sources);
  return {
    nodes: sources.config.services.map((service) => serviceNode(service, tier, sources.ids)),
    edges: sources.config.services.flatMap((service) => callerEdges(service, sources)),
  };
}

function serviceNode(service: ServiceConfig, group: GroupId, ids: NodeIds): DiagramNode {
  const scaling = service.autoscaling;
  const tasks = scaling ? `${scaling.minCapacity}–${scaling.maxCapacity} tasks` : counted(service.desiredCount, "task");
  return {
    id: ids.idFor("service", service.name),
    label: [service.name, `${service.cpu / 1024} vCPU · ${memory(service.memory)}`, tasks],
    shape: "round",
    group,
  };
}

function memory(mebibytes: number): string {
  return mebibytes >= 1024 ? `${mebibytes / 1024} GiB` : `${mebibytes} MiB`;
}

/** Services allowed to call this one (`allowIngressFrom`), labelled with the port. */
function callerEdges(service: ServiceConfig, { ids }: Sources): DiagramEdge[] {
  return service.allowIngressFrom.map((caller) => ({
    from: ids.idFor("service", caller),
    to: ids.idFor("service", service.name),
    label: service.containerPort === undefined ? "" : `:${service.containerPort}`,
  }));
}

/** Each capability's resources from the config, and each service's edges to what it uses (the descriptors' `diagram`). */
function backingResources({ config, ids }: Sources): Part {
  return {
    nodes: BACKING_KINDS.flatMap((kind) => backingNodes(kind, config, ids)),
    edges: config.services.flatMap((service) => BACKING_KINDS.flatMap((kind) => usageEdges(kind, service, ids.idFor("service", service.name), ids))),
  };
}

/** NAT gateways (counted in the synthesized stack) → Internet; without NAT, public subnets go out directly, or nothing does. */
function egress({ config, stack, ids }: Sources): Part {
  const gateways = stack.ofType("aws_nat_gateway").length;
  const internet = ids.idFor(INTERNET);
  if (gateways === 0) {
    return serviceTier({ config, stack, ids }) === "public"
      ? { nodes: [], edges: [{ from: groupId("public"), to: internet, label: "egress, public IPs", dotted: true }] }
      : { nodes: [], edges: [] };
  }
  const azs = config.network.subnetPlan.azs;
  const nat: DiagramNode = {
    id: ids.idFor("nat"),
    label: gateways === 1 ? ["NAT gateway", azs[0]] : [`NAT gateways ×${gateways}`, "one per AZ"],
    shape: "box",
    group: "public",
  };
  return {
    nodes: [nat],
    edges: [
      { from: groupId("private"), to: nat.id, dotted: true },
      { from: nat.id, to: internet, label: "egress", dotted: true },
    ],
  };
}

/** The alarm topic (and the paging topic) with their subscribers, the environment's external integrations. */
function alarms({ config, ids }: Sources): Part {
  const monitoring = config.monitoring;
  const parts = [
    topicPart({ name: "alarms", label: ["SNS alarm topic", "every alarm"], notifications: monitoring.notifications }, ids),
    ...(monitoring.paging ? [topicPart({ name: "paging", label: ["SNS paging topic", "alarms that page"], notifications: monitoring.paging }, ids)] : []),
  ];
  return { nodes: parts.flatMap((part) => part.nodes), edges: parts.flatMap((part) => part.edges) };
}

interface Notifications {
  readonly emails?: readonly unknown[];
  readonly httpsEndpoints?: readonly unknown[];
  readonly slack?: unknown;
}

interface Topic {
  readonly name: string;
  readonly label: readonly string[];
  readonly notifications: Notifications;
}

function topicPart(topic: Topic, ids: NodeIds): Part {
  const subscribers = subscriberNodes(topic.name, topic.notifications, ids);
  const label = subscribers.length === 0 ? [...topic.label, "no subscribers"] : topic.label;
  const node: DiagramNode = { id: ids.idFor("topic", topic.name), label, shape: "stadium", group: "regional" };
  // Every module registers alarms for what it creates; the VPC stands for all of them.
  const alarmsIn: DiagramEdge = { from: groupId("vpc"), to: node.id, label: "alarms", dotted: true };
  const notices = subscribers.map((subscriber) => ({ from: node.id, to: subscriber.id, dotted: true }));
  return { nodes: [node, ...subscribers], edges: [alarmsIn, ...notices] };
}

function subscriberNodes(topic: string, notifications: Notifications, ids: NodeIds): DiagramNode[] {
  const emails = notifications.emails?.length ?? 0;
  const endpoints = notifications.httpsEndpoints?.length ?? 0;
  const node = (kind: string, label: string): DiagramNode => ({ id: ids.idFor(`${topic}_${kind}`), label: [label], shape: "box" });
  return [
    ...(emails > 0 ? [node("email", counted(emails, "email subscriber"))] : []),
    ...(notifications.slack !== undefined ? [node("slack", "Slack via AWS Chatbot")] : []),
    ...(endpoints > 0 ? [node("https", counted(endpoints, "HTTPS endpoint"))] : []),
  ];
}
