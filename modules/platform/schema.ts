/**
 * An environment: the capabilities' schemas composed, the rules that relate them, and the
 * bindings a service can ask for. Parsing fills every default, so constructs never derive one.
 */
import { accountIds, projectName, regionCode, tags } from "../core/identity";
import { bool, listOf, matching, oneOf, Problems, strict, z } from "../core/schema";
import { TIERS } from "../core/tiers";
import { Capability, UseRule } from "../core/capability";
import { checkRouteTarget, checkServiceRoutes, firstPathOverlap, firstRouteConflict, serviceApiRoutesSchema } from "../api-gateway/schema";
import { checkBudget, resolveBudget } from "../budget/schema";
import { checkFrontendLoadBalancer } from "../cdn/schema";
import { checkOffHours } from "../cluster/schema";
import { policySchema } from "../guardrails/schema";
import { serviceAlarmOverridesSchema } from "../monitoring/schema";
import { resolveLoadBalancer } from "../load-balancer/schema";
import { resolveNetwork } from "../network/schema";
import { autoscalingSchema, checkService, serviceFields } from "../service/schema";
import { checkDeployment, resolveDeployment, TrafficShape } from "../service/deployment";
import { checkJob, jobFields } from "../job/schema";
import { environmentAccountSchema, stateBackendSchema } from "../state/schema";
import { registrySchema } from "../registry/schema";
import { CAPABILITIES, Capabilities, POLICY_RULE_IDS } from "./capabilities";
import { TierDefaults, WithTierDefaults } from "./tiers";
import { checkEndpointsOnlyEgress } from "./vpc-endpoint-needs";
import { checkFrontendApiServed } from "./frontend-paths";

/** Capabilities a service may name under `uses`. */
type Usable = Capabilities extends infer C
  ? C extends Capability<infer K, infer S, infer D, infer U, infer F>
    ? [U] extends [z.ZodNever]
      ? never
      : Capability<K, S, D, U, F> & { readonly use: UseRule<NonNullable<z.output<S>>, U> }
    : never
  : never;
const USABLE = CAPABILITIES.filter((capability): capability is Usable => "use" in capability && capability.use !== undefined);

/** What a service may use; each key is a capability of the environment (see each capability's `use`). */
const usesSchema = strict(
  Object.fromEntries(USABLE.map((capability) => [capability.key, capability.use.schema])) as { [C in Usable as C["key"]]: C["use"]["schema"] },
);
type Uses = z.output<typeof usesSchema>;
export type BackingResource = keyof Uses;

/** The use rule of capability `key`, typed by what a service writes for it. */
function usage<K extends BackingResource>(key: K): UseRule<unknown, z.ZodType<Uses[K]>> {
  const capability = USABLE.find((candidate) => candidate.key === key);
  if (!capability) throw new Error(`no capability ${key}`);
  return capability.use as unknown as UseRule<unknown, z.ZodType<Uses[K]>>;
}

/** Whether `service` uses `resource`: for the environment stack, which binds only what is used. */
export function uses<K extends BackingResource>(service: { uses: Uses }, resource: K): boolean {
  return usage(resource).used(service.uses[resource]);
}

/** A union's members as one intersection: the fields every capability adds, together. */
type Together<U> = (U extends unknown ? (part: U) => void : never) extends (part: infer I) => void ? I : never;
type ScalingFieldsOf<C> = C extends { readonly scaling?: { readonly fields: infer F } } ? F : never;
type ScalingFields = Together<ScalingFieldsOf<Capabilities>>;

/** What capabilities add to a service's `autoscaling` (each descriptor's `scaling`), e.g. a queue's backlog. */
const scalingFields = Object.assign({}, ...CAPABILITIES.map((capability: Capability) => capability.scaling?.fields ?? {})) as ScalingFields;

export const serviceSchema = strict({
  ...serviceFields,
  /** Autoscaling. Default: none (the task count stays `desiredCount`). */
  autoscaling: autoscalingSchema(scalingFields).optional(),
  /** Backing resources this service uses, e.g. `{ database: true }`. Default: none. */
  uses: usesSchema.prefault({}),
  /** Alarm thresholds where this service differs from `monitoring.serviceAlarms`. Default: none. */
  alarms: serviceAlarmOverridesSchema.prefault({}),
  /** Tracing through an AWS Distro for OpenTelemetry sidecar. Default: `monitoring.tracing`. */
  tracing: bool().optional(),
  /** Routes of the environment's HTTP API (`apiGateway`) to this service. Default: none. */
  apiRoutes: serviceApiRoutesSchema.optional(),
}).superRefine((service, context) => checkService(service, new Problems(context)));

/** A scheduled job; it may use backing resources as a service does. */
export const jobSchema = strict({
  ...jobFields,
  /** Backing resources this job uses, e.g. `{ database: true }`. Default: none. */
  uses: usesSchema.prefault({}),
}).superRefine((job, context) => checkJob(job, new Problems(context)));

/** Each capability's section, under its key, in the list's order. */
function capabilitySections(): { [C in Capabilities as C["key"]]: C["section"] } {
  return Object.fromEntries(CAPABILITIES.map((capability) => [capability.key, capability.section])) as { [C in Capabilities as C["key"]]: C["section"] };
}

const environmentFields = strict({
  /** Project name, prefix of every AWS name: 2-16 chars of a-z, 0-9, '-'. No default. */
  project: projectName,
  /** Environment name and stack name: 2-10 chars of a-z, 0-9, starting with a letter. No default. */
  environment: matching(/^[a-z][a-z0-9]{1,9}$/, "2-10 characters of a-z and 0-9, starting with a letter"),
  /** AWS region. No default. */
  region: regionCode,
  /** What the environment is for; picks the defaults of `platform/tiers.ts` and the policy pack's strictness. No default. */
  tier: oneOf(TIERS),
  /** Accounts Terraform may touch; a guard against deploying to the wrong one. Default: any (with `account`: that account). */
  allowedAccountIds: accountIds.optional(),
  /** The environment's own AWS account, its stack deploying there through an assumed role. Default: the state's account. */
  account: environmentAccountSchema.optional(),
  /** Where the environment's images come from (`registry.promoteFrom`). Default: built for it. */
  registry: registrySchema.optional(),
  /** Tags on every resource, next to Project, Environment and ManagedBy. Default: none. */
  tags: tags.default({}),
  /** Remote state. No default. */
  stateBackend: stateBackendSchema,
  /** Services on the shared cluster. Default: none. */
  services: listOf(serviceSchema).default([]),
  ...capabilitySections(),
  /**
   * Let `terraform destroy` empty and delete what holds only reproducible data: log buckets (ALB
   * access logs, flow logs) and ECR repositories with their images. Off in production, where logs
   * are evidence and a destroy should stop at anything holding data. Default: per tier (see
   * `platform/tiers.ts`).
   */
  forceDestroy: bool(),
  /** Scheduled jobs (EventBridge Scheduler starting ECS tasks). Default: none. */
  jobs: listOf(jobSchema).default([]),
  /** Policy pack suppressions. Default: none. */
  policy: policySchema(POLICY_RULE_IDS).prefault({}),
});

/**
 * Cross-field rules run as a refinement, which zod still runs when only other rules (not the
 * shape) failed, so a config's problems are reported together; the subnet layout is resolved
 * once they all hold.
 */
export const environmentSchema = environmentFields
  .superRefine((environment, context) => {
    const problems = new Problems(context);
    resolveNetwork(environment.network, environment.region, problems.nested("network"));
    checkRegions(environment, problems);
    if (environment.frontend) {
      const loadBalancer = environment.loadBalancer;
      const certificate = loadBalancer?.certificate;
      checkFrontendLoadBalancer(
        environment.frontend,
        {
          present: loadBalancer !== undefined,
          internal: loadBalancer?.internal === true,
          https: certificate !== undefined,
          domainName: certificate && "domainName" in certificate ? certificate.domainName : undefined,
          tier: environment.tier,
        },
        problems.nested("frontend"),
      );
    }
    checkServices(environment, problems);
    checkFrontendApiServed(environment, problems);
    checkEndpointsOnlyEgress(environment, problems);
    checkBudget(environment.budget, environment.tier, problems.nested("budget"));
    checkOffHours(environment.cluster, environment.tier, problems.nested("cluster"));
  })
  .transform((environment, context) => {
    const network = resolveNetwork(environment.network, environment.region, new Problems(context).nested("network"));
    if (!network) return z.NEVER;
    return {
      ...environment,
      network,
      loadBalancer: environment.loadBalancer && resolveLoadBalancer(environment.loadBalancer, network.cidr),
      services: environment.services.map((service) => withEnvironmentDefaults(service, environment)),
      jobs: environment.jobs.map((job) => ({ ...job, spot: job.spot ?? environment.deployments.jobsOnSpot })),
      budget: resolveBudget(environment.budget, environment.tier),
    };
  });

/** A service's alarm thresholds and tracing, where it does not set them, are the environment's. */
function withEnvironmentDefaults(service: ParsedFields["services"][number], environment: ParsedFields) {
  const overrides = Object.fromEntries(Object.entries(service.alarms).filter(([, value]) => value !== undefined));
  return {
    ...service,
    alarms: { ...environment.monitoring.serviceAlarms, ...overrides },
    tracing: service.tracing ?? environment.monitoring.tracing,
    deployment: resolveDeployment(service.deployment, environment.deployments, trafficShape(service, environment)),
  };
}

/** What decides whether ECS can shift the service's traffic (see `service/deployment.ts`). */
function trafficShape(service: ParsedFields["services"][number], environment: ParsedFields): TrafficShape {
  const called = service.allowIngressFrom.length > 0 || service.apiRoutes?.integration === "cloud-map";
  return {
    routed: service.loadBalancer !== undefined,
    cloudMap: called && environment.cluster.serviceDiscoveryNamespace !== undefined,
    scalesOnRequestsPerTarget: service.autoscaling?.requestsPerTarget !== undefined,
  };
}

/** An environment as written in `environments/`: fields with a tier default may be left out. */
export type EnvironmentInput = WithTierDefaults<z.input<typeof environmentSchema>, TierDefaults>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type ServiceConfig = EnvironmentConfig["services"][number];
export type JobConfig = EnvironmentConfig["jobs"][number];

type ParsedFields = z.output<typeof environmentFields>;

/** Each capability the environment has, checked against its region. */
function checkRegions(environment: ParsedFields, problems: Problems): void {
  for (const capability of CAPABILITIES as readonly Capability[]) {
    const section: unknown = environment[capability.key as keyof ParsedFields];
    if (section !== undefined && section !== null && capability.checkRegion) capability.checkRegion(section, environment.region, problems.nested(capability.key));
  }
}

/** Names of the capabilities' own resources in alarm names ("<prefix>-<resource>-<signal>"), which a service's alarms would collide with. */
const RESERVED_NAMES = (CAPABILITIES as readonly Capability[]).flatMap((capability) => capability.alarmNames?.names ?? []);
const RESERVED_PREFIXES = (CAPABILITIES as readonly Capability[]).flatMap((capability) => capability.alarmNames?.prefixes ?? []);

function isReservedName(name: string): boolean {
  return RESERVED_NAMES.includes(name) || RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** Rules that relate services to each other and to the environment's backing resources. */
function checkServices(environment: ParsedFields, root: Problems): void {
  const names = environment.services.map((service) => service.name);
  environment.services.forEach((service, index) => {
    const problems = root.nested(["services", index]);
    problems.check(
      !isReservedName(service.name),
      "name",
      `a name other than ${RESERVED_NAMES.join(", ")} and not starting with ${RESERVED_PREFIXES.join(", ")} (the platform's own alarms use those names)`,
    );
    problems.check(names.indexOf(service.name) === index, "name", "a service name used once in the environment");
    problems.check(
      !service.loadBalancer || environment.loadBalancer !== undefined,
      "loadBalancer",
      "no routing: this environment has no loadBalancer (add one, or route the service through another front door)",
    );
    service.allowIngressFrom.forEach((caller, callerIndex) =>
      problems.check(
        names.includes(caller) && caller !== service.name,
        ["allowIngressFrom", callerIndex],
        `the name of another service in this environment: ${names.filter((name) => name !== service.name).join(", ") || "none"}`,
      ),
    );
    for (const { key } of USABLE) {
      const rule = usage(key);
      const use = service.uses[key];
      if (!rule.used(use)) continue;
      rule.check(use, environment[key], problems.nested(["uses", key]));
      checkBoundVariables(service, key, rule.variables(use), problems);
    }
    checkDeployment(service.deployment, trafficShape(service, environment), problems.nested("deployment"));
    checkTaskSecrets(service, problems);
  });
  checkJobs(environment, root);
  checkListenerRules(environment, root);
  checkApiRoutes(environment, root);
  checkScaling(environment, root);
}

/** The variables the bindings of what `user` uses set. */
function boundVariables(user: { uses: Uses }): string[] {
  return USABLE.flatMap(({ key }) => {
    const rule = usage(key);
    const use = user.uses[key];
    return rule.used(use) ? [...rule.variables(use)] : [];
  });
}

/** A one-off task receives only secrets the service has: its own, or those of what it uses. */
function checkTaskSecrets(service: ParsedFields["services"][number], problems: Problems): void {
  const available = [...Object.keys(service.secrets), ...boundVariables(service)];
  for (const [task, { secrets }] of Object.entries(service.tasks)) {
    secrets.forEach((name, index) =>
      problems.check(available.includes(name), ["tasks", task, "secrets", index], `a variable the service has: ${available.join(", ") || "none"}`),
    );
  }
}

/** Jobs: unique names, a service image of an existing service, backing resources the environment has. */
function checkJobs(environment: ParsedFields, root: Problems): void {
  const names = environment.jobs.map((job) => job.name);
  const services = environment.services.map((service) => service.name);
  environment.jobs.forEach((job, index) => {
    const problems = root.nested(["jobs", index]);
    problems.check(names.indexOf(job.name) === index, "name", "a job name used once in the environment");
    if (job.image.source === "service") {
      problems.check(services.includes(job.image.service), ["image", "service"], `the name of a service of this environment: ${services.join(", ") || "none"}`);
    }
    for (const { key } of USABLE) {
      const rule = usage(key);
      const use = job.uses[key];
      if (!rule.used(use)) continue;
      rule.check(use, environment[key], problems.nested(["uses", key]));
      checkBoundVariables(job, key, rule.variables(use), problems);
    }
  });
}

/** What a service's autoscaling tracks of a capability (its `scaling`), checked by that capability. */
function checkScaling(environment: ParsedFields, root: Problems): void {
  const containerInsights = environment.cluster.containerInsights !== "disabled";
  environment.services.forEach((service, index) => {
    const autoscaling = service.autoscaling;
    if (!autoscaling) return;
    for (const capability of CAPABILITIES as readonly Capability[]) {
      const use: unknown = service.uses[capability.key as BackingResource];
      capability.scaling?.check(autoscaling, { use, containerInsights }, root.nested(["services", index, "autoscaling"]));
    }
  });
}

/**
 * A service's API routes need the API, a way in (Cloud Map needs the cluster's namespace; a load
 * balancer integration an internal one, since a VPC link is for private targets), no path that a
 * public load balancer serves unauthenticated beside a JWT-checked route, and no route another
 * service already claims.
 */
function checkApiRoutes(environment: ParsedFields, root: Problems): void {
  const claimed: { service: string; routeKeys: readonly string[] }[] = [];
  environment.services.forEach((service, index) => {
    const routes = service.apiRoutes;
    if (!routes) return;
    const problems = root.nested(["services", index, "apiRoutes"]);
    checkServiceRoutes(routes, environment.apiGateway, problems);
    checkRouteTarget(routes, service, problems);
    if (routes.integration === "cloud-map") {
      root.check(
        environment.cluster.serviceDiscoveryNamespace !== undefined,
        ["cluster", "serviceDiscoveryNamespace"],
        `a Cloud Map namespace such as ${environment.environment}.${environment.project}.internal: the API reaches service "${service.name}" through it (apiRoutes.integration "cloud-map")`,
      );
    } else {
      const loadBalancer = environment.loadBalancer;
      problems.check(
        loadBalancer?.internal === true,
        "integration",
        '"cloud-map": "load-balancer" needs an internal loadBalancer (internal: true); an internet-facing one is reached directly',
      );
      problems.check(
        !loadBalancer?.certificate || "domainName" in loadBalancer.certificate,
        "integration",
        '"cloud-map", or a loadBalancer.certificate with domainName: API Gateway verifies the HTTPS listener\'s certificate against that name',
      );
    }
    // A listener rule without path patterns (host headers only) serves every path. Two front doors
    // on one path of one service: one of them skips the other's throttling, authorizer or web ACL.
    const publicRouting = environment.loadBalancer?.internal ? undefined : service.loadBalancer;
    const publicPaths = publicRouting && (publicRouting.pathPatterns.length > 0 ? publicRouting.pathPatterns : ["/*"]);
    const overlap = publicPaths ? firstPathOverlap(routes.routeKeys, publicPaths) : undefined;
    problems.check(
      overlap === undefined,
      ["routeKeys", routes.routeKeys.indexOf(overlap?.[0] ?? "")],
      `a route on a path the internet-facing load balancer does not also serve to this service (it serves ${overlap?.[1]}): ` +
        "one of the two doors would skip the other's throttling, authorizer and web ACL",
    );
    for (const other of claimed) {
      const conflict = firstRouteConflict(routes.routeKeys, other.routeKeys);
      problems.check(
        conflict === undefined,
        ["routeKeys", routes.routeKeys.indexOf(conflict?.[0] ?? "")],
        `a route not already claimed by service "${other.service}" (${conflict?.[1]})`,
      );
    }
    claimed.push({ service: service.name, routeKeys: routes.routeKeys });
  });
}

/** A variable the binding sets would be overwritten (or would overwrite it): refuse it up front. */
function checkBoundVariables(service: Pick<ParsedFields["services"][number], "environment" | "secrets">, resource: BackingResource, bound: readonly string[], problems: Problems): void {
  for (const field of ["environment", "secrets"] as const) {
    for (const name of Object.keys(service[field])) {
      problems.check(
        !bound.includes(name),
        [field, name],
        `no ${bound.join(", ")} with uses.${resource}: the platform sets them`,
      );
    }
  }
}

/** Two rules with one priority, or the same route twice, make the second rule fail or never match. */
function checkListenerRules(environment: ParsedFields, root: Problems): void {
  const priorities = new Map<number, string>();
  const routes = new Map<string, string>();
  environment.services.forEach((service, index) => {
    const target = service.loadBalancer;
    if (!target) return;
    const problems = root.nested(["services", index, "loadBalancer"]);
    const owner = priorities.get(target.priority);
    problems.check(owner === undefined, "priority", `a priority not already used by service "${owner}"`);
    priorities.set(target.priority, service.name);
    const hosts = [...target.hostHeaders].sort().join(",");
    const paths = target.pathPatterns.length > 0 ? target.pathPatterns : [""];
    paths.forEach((path, pathIndex) => {
      const route = `${hosts} ${path}`;
      const routeOwner = routes.get(route);
      problems.check(
        routeOwner === undefined,
        path ? ["pathPatterns", pathIndex] : "hostHeaders",
        `a route not already served by service "${routeOwner}"`,
      );
      routes.set(route, service.name);
    });
  });
}
