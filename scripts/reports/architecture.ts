/**
 * An environment's architecture, read from its built stack and parsed config: the front door
 * (Internet, WAF, load balancer), the services in their subnet tier, the backing resources they
 * use, egress, and where alarms go. Pure: reads constructs, writes nothing.
 */
import type { IConstruct } from "constructs";
import type { EnvironmentStack } from "../../modules/platform/environment-stack";
import type { EnvironmentConfig, ServiceConfig } from "../../modules/platform/schema";
import { BACKING_KINDS, backingNodeId, BackingKind, fallbackKind, usageEdges } from "./backing-resources";
import { Diagram, DiagramEdge, DiagramNode, GroupId, groupId, NodeIds } from "./diagram-model";
import { counted, entriesOf, field, flagField } from "./fields";
import { compareText, isRecord } from "./text";

/** Everything a part of the diagram reads. */
interface Sources {
  readonly stack: EnvironmentStack;
  readonly config: EnvironmentConfig;
  readonly ids: NodeIds;
}

interface Part {
  readonly nodes: DiagramNode[];
  readonly edges: DiagramEdge[];
}

export function describeArchitecture(stack: EnvironmentStack, config: EnvironmentConfig): Diagram {
  const sources: Sources = { stack, config, ids: new NodeIds() };
  const parts = [frontDoor(sources), services(sources), backingResources(sources), egress(sources), alarms(sources)];
  return {
    nodes: parts.flatMap((part) => part.nodes),
    edges: parts.flatMap((part) => part.edges),
    groupLabels: groupLabels(sources),
  };
}

function groupLabels({ stack, config }: Sources): Record<GroupId, string> {
  const azs = counted(stack.network.azs.length, "AZ");
  return {
    vpc: `VPC ${config.network.cidr}`,
    public: `public subnets · ${azs}`,
    private: `private subnets · ${azs}`,
    database: `database subnets · ${azs}, no route out`,
    regional: "regional AWS services",
  };
}

/** Where services run: private subnets behind NAT, or public subnets with public IPs when there is no NAT. */
function serviceTier(config: EnvironmentConfig): GroupId {
  return config.network.natStrategy === "none" ? "public" : "private";
}

const INTERNET = "internet";

/**
 * The hops a request takes from the Internet, in order; each returns its node, or nothing when the
 * environment does not have it. A new entry point (a CDN, an API gateway) is one more hop here.
 */
const FRONT_DOOR_HOPS: readonly ((sources: Sources) => DiagramNode | undefined)[] = [wafHop, loadBalancerHop];

function wafHop({ stack, config, ids }: Sources): DiagramNode | undefined {
  const enabled = stack.loadBalancer !== undefined && flagField(field(config.loadBalancer, "waf"), "enabled");
  return enabled ? { id: ids.idFor("waf"), label: ["WAF web ACL"], shape: "hexagon" } : undefined;
}

function loadBalancerHop({ stack, config, ids }: Sources): DiagramNode | undefined {
  const balancer = stack.loadBalancer;
  if (!balancer) return undefined;
  const internal = flagField(config.loadBalancer, "internal");
  return {
    id: ids.idFor("alb"),
    label: [`ALB, ${internal ? "internal" : "internet-facing"}`, balancer.https ? "HTTPS, TLS 1.3" : "HTTP only"],
    shape: "box",
    group: internal ? "private" : "public",
  };
}

/** Internet → each hop in turn; an internal load balancer right after the Internet is not reached from it. */
function frontDoor(sources: Sources): Part {
  const internet: DiagramNode = { id: sources.ids.idFor(INTERNET), label: ["Internet"], shape: "circle" };
  const hops = FRONT_DOOR_HOPS.flatMap((hop) => hop(sources) ?? []);
  const protocol = sources.stack.loadBalancer?.https ? "HTTPS" : "HTTP";
  const chain = [internet, ...hops];
  const edges = chain.slice(1).map((node, index) => ({ from: chain[index].id, to: node.id, label: index === 0 ? protocol : undefined }));
  const reachable = edges.filter((edge) => !(edge.from === internet.id && flagField(sources.config.loadBalancer, "internal") && edge.to === sources.ids.idFor("alb")));
  return { nodes: chain, edges: reachable };
}

function services(sources: Sources): Part {
  const configs = [...sources.stack.services.keys()].flatMap((name) => sources.config.services.filter((service) => service.name === name));
  return {
    nodes: configs.map((service) => serviceNode(service, sources)),
    edges: configs.flatMap((service) => [...routingEdges(service, sources), ...callerEdges(service, sources)]),
  };
}

function serviceNode(service: ServiceConfig, { config, ids }: Sources): DiagramNode {
  const scaling = service.autoscaling;
  const tasks = scaling ? `${scaling.minCapacity}–${scaling.maxCapacity} tasks` : counted(service.desiredCount, "task");
  return {
    id: ids.idFor("service", service.name),
    label: [service.name, `${vcpu(service.cpu)} vCPU · ${memory(service.memory)}`, tasks],
    shape: "round",
    group: serviceTier(config),
  };
}

function vcpu(units: number): string {
  return String(units / 1024);
}

function memory(mebibytes: number): string {
  return mebibytes >= 1024 ? `${mebibytes / 1024} GiB` : `${mebibytes} MiB`;
}

/** The load balancer → a routed service, labelled with its hosts and paths. */
function routingEdges(service: ServiceConfig, { stack, ids }: Sources): DiagramEdge[] {
  const routing = service.loadBalancer;
  if (!routing || !stack.loadBalancer) return [];
  const routes = [...routing.hostHeaders, ...routing.pathPatterns].join(" ");
  return [{ from: ids.idFor("alb"), to: ids.idFor("service", service.name), label: routes }];
}

/** Services allowed to call this one (`allowIngressFrom`), labelled with the port. */
function callerEdges(service: ServiceConfig, { ids }: Sources): DiagramEdge[] {
  return service.allowIngressFrom.map((caller) => ({
    from: ids.idFor("service", caller),
    to: ids.idFor("service", service.name),
    label: service.containerPort === undefined ? "" : `:${service.containerPort}`,
  }));
}

/** Each kind's resources from the config, and each service's edges to what it uses. */
function backingResources(sources: Sources): Part {
  const kinds = [...BACKING_KINDS, ...unknownKinds(sources.config)];
  const section = (kind: BackingKind): unknown => field(sources.config, kind.key);
  const edges = sources.config.services.flatMap((service) =>
    kinds.flatMap((kind) => usageEdges(kind, field(service.uses, kind.key), sources.ids.idFor("service", service.name), sources.ids)),
  );
  const nodes = kinds.flatMap((kind) => kind.nodes(section(kind), sources.ids));
  return { nodes: [...nodes, ...undeclaredTargets(kinds, nodes, sources)], edges };
}

/** Keys of `uses` no case knows yet (a capability being added). */
function unknownKinds(config: EnvironmentConfig): BackingKind[] {
  const known = new Set(BACKING_KINDS.map((kind) => kind.key));
  const keys = new Set(config.services.flatMap((service) => (isRecord(service.uses) ? Object.keys(service.uses) : [])));
  return [...keys].filter((key) => !known.has(key)).sort(compareText).map(fallbackKind);
}

/** A node for every resource a service uses that no case drew (a kind without a case, or a section it could not read). */
function undeclaredTargets(kinds: readonly BackingKind[], declared: readonly DiagramNode[], { config, ids }: Sources): DiagramNode[] {
  const seen = new Set(declared.map((node) => node.id));
  return kinds.flatMap((kind) =>
    config.services
      .flatMap((service) => kind.uses(field(service.uses, kind.key)))
      .flatMap(([name]) => {
        const id = backingNodeId(kind, name, ids);
        if (seen.has(id)) return [];
        seen.add(id);
        return [{ id, label: [[kind.key, name].filter(Boolean).join(" ")], shape: "box" as const, group: kind.group }];
      }),
  );
}

/** NAT gateways (counted in the network's constructs) → Internet; without NAT the public subnets go out directly. */
function egress({ stack, ids }: Sources): Part {
  const gateways = stack.network.node.findAll().filter(isNatGateway).length;
  const internet = ids.idFor(INTERNET);
  if (gateways === 0) return { nodes: [], edges: [{ from: groupId("public"), to: internet, label: "egress, public IPs", dotted: true }] };
  const nat: DiagramNode = {
    id: ids.idFor("nat"),
    label: gateways === 1 ? ["NAT gateway", stack.network.azs[0]] : [`NAT gateways ×${gateways}`, "one per AZ"],
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

function isNatGateway(construct: IConstruct): boolean {
  return (construct as { terraformResourceType?: unknown }).terraformResourceType === "aws_nat_gateway";
}

/** The alarm topic (and the paging topic) with their subscribers, the environment's external integrations. */
function alarms({ config, ids }: Sources): Part {
  const monitoring: unknown = config.monitoring;
  const paging = field(monitoring, "paging");
  const parts = [
    topicPart({ name: "alarms", label: ["SNS alarm topic", "every alarm"], notifications: field(monitoring, "notifications") }, ids),
    ...(paging === undefined ? [] : [topicPart({ name: "paging", label: ["SNS paging topic", "alarms that page"], notifications: paging }, ids)]),
  ];
  return { nodes: parts.flatMap((part) => part.nodes), edges: parts.flatMap((part) => part.edges) };
}

interface Topic {
  readonly name: string;
  readonly label: readonly string[];
  readonly notifications: unknown;
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

function subscriberNodes(topic: string, notifications: unknown, ids: NodeIds): DiagramNode[] {
  const emails = listLength(field(notifications, "emails"));
  const endpoints = listLength(field(notifications, "httpsEndpoints"));
  const slack = field(notifications, "slack");
  const node = (kind: string, label: string): DiagramNode => ({ id: ids.idFor(`${topic}_${kind}`), label: [label], shape: "box" });
  return [
    ...(emails > 0 ? [node("email", counted(emails, "email subscriber"))] : []),
    ...(slack !== undefined ? [node("slack", "Slack via AWS Chatbot")] : []),
    ...(endpoints > 0 ? [node("https", counted(endpoints, "HTTPS endpoint"))] : []),
  ];
}

function listLength(value: unknown): number {
  return Array.isArray(value) ? value.length : entriesOf(value).length;
}
