/**
 * An environment: the capabilities' schemas composed, the rules that relate them, and the
 * bindings a service can ask for. Parsing fills every default, so constructs never derive one.
 */
import { accountIds, projectName, regionCode, tags } from "../core/identity";
import { bool, listOf, matching, oneOf, Problems, strict, z } from "../core/schema";
import { TIERS } from "../core/tiers";
import { apiGatewaySchema, checkApiGatewayRegion, checkRouteTarget, checkServiceRoutes, firstPathOverlap, firstRouteConflict, serviceApiRoutesSchema } from "../api-gateway/schema";
import { budgetSchema, checkBudget, resolveBudget } from "../budget/schema";
import { checkFrontendLoadBalancer, frontendSchema } from "../cdn/schema";
import { policySchema } from "../guardrails/schema";
import { monitoringSchema, serviceAlarmOverridesSchema } from "../monitoring/schema";
import { CACHE_VARIABLES, cacheSchema, cacheUseSchema } from "../cache/schema";
import { checkOffHours, clusterSchema } from "../cluster/schema";
import { checkDatabaseRegion, DATABASE_VARIABLES, databaseSchema, databaseUseSchema } from "../database/schema";
import { checkLoadBalancerRegion, loadBalancerSchema, resolveLoadBalancer } from "../load-balancer/schema";
import { networkSchema, resolveNetwork } from "../network/schema";
import { checkService, serviceFields } from "../service/schema";
import { checkDeployment, deploymentDefaultsSchema, resolveDeployment, TrafficShape } from "../service/deployment";
import { checkJob, jobFields } from "../job/schema";
import { checkQueueUses, queuesSchema, queueUseSchema, queueVariables } from "../queue/schema";
import { checkSecretsRegion, checkSecretUses, secretsSchema, secretUseSchema, secretVariables } from "../secret/schema";
import { stateBackendSchema } from "../state/schema";
import { checkTableUses, tablesSchema, tableUseSchema, tableVariables } from "../table/schema";
import { TierDefaults, WithTierDefaults } from "./tiers";
import { checkEndpointsOnlyEgress } from "./vpc-endpoint-needs";

/** What a service may use; each key is a backing resource (or set of them) of the environment. */
const usesSchema = strict({
  /** Receive the database's connection settings and credentials (PG* variables). Default: false. */
  database: databaseUseSchema.default(false),
  /** Queues this service sends to or consumes from, by name: { emails: "consume" }. Default: none. */
  queues: queueUseSchema.default({}),
  /** Tables this service reads or writes, by name: { reports: "read-write" }. Default: none. */
  tables: tableUseSchema.default({}),
  /** Application secrets as variables, by variable name: { JWT_SIGNING_KEY: "jwt-signing-key" }. Default: none. */
  secrets: secretUseSchema.default({}),
  /** Receive the cache's endpoint and IAM user (CACHE_* variables) and a path to it. Default: false. */
  cache: cacheUseSchema.default(false),
});
type Uses = z.output<typeof usesSchema>;
export type BackingResource = keyof Uses;

/** How what a service says it uses is checked against the environment. */
interface UsageRule<Use> {
  /** Whether the service uses this resource at all. */
  used(use: Use): boolean;
  /** Problems when the environment lacks what the service names. */
  check(use: Use, environment: ParsedFields, problems: Problems): void;
  /** The variables the binding sets, which the service may not set itself. */
  variables(use: Use): readonly string[];
}

const USAGE: { readonly [K in BackingResource]: UsageRule<Uses[K]> } = {
  database: {
    used: (use) => use,
    check: (_use, environment, problems) => problems.check(environment.database !== undefined, [], "a database in this environment's config"),
    variables: () => DATABASE_VARIABLES,
  },
  queues: {
    used: (use) => Object.keys(use).length > 0,
    check: (use, environment, problems) => checkQueueUses(use, environment.queues, problems),
    variables: queueVariables,
  },
  tables: {
    used: (use) => Object.keys(use).length > 0,
    check: (use, environment, problems) => checkTableUses(use, environment.tables, problems),
    variables: tableVariables,
  },
  secrets: {
    used: (use) => Object.keys(use).length > 0,
    check: (use, environment, problems) => checkSecretUses(use, environment.secrets, problems),
    variables: secretVariables,
  },
  cache: {
    used: (use) => use,
    check: (_use, environment, problems) => problems.check(environment.cache !== undefined, [], "a cache in this environment's config"),
    variables: () => CACHE_VARIABLES,
  },
};

/** Whether `service` uses `resource`: for the environment stack, which binds only what is used. */
export function uses<K extends BackingResource>(service: { uses: Uses }, resource: K): boolean {
  return (USAGE[resource] as UsageRule<Uses[K]>).used(service.uses[resource]);
}

export const serviceSchema = strict({
  ...serviceFields,
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

const environmentFields = strict({
  /** Project name, prefix of every AWS name: 2-16 chars of a-z, 0-9, '-'. No default. */
  project: projectName,
  /** Environment name and stack name: 2-10 chars of a-z, 0-9, starting with a letter. No default. */
  environment: matching(/^[a-z][a-z0-9]{1,9}$/, "2-10 characters of a-z and 0-9, starting with a letter"),
  /** AWS region. No default. */
  region: regionCode,
  /** What the environment is for; picks the defaults of `platform/tiers.ts` and the policy pack's strictness. No default. */
  tier: oneOf(TIERS),
  /** Accounts Terraform may touch; a guard against deploying to the wrong one. Default: any. */
  allowedAccountIds: accountIds.optional(),
  /** Tags on every resource, next to Project, Environment and ManagedBy. Default: none. */
  tags: tags.default({}),
  /** Remote state. No default. */
  stateBackend: stateBackendSchema,
  /** VPC and subnets. No default. */
  network: networkSchema,
  /** The shared ECS cluster. No default. */
  cluster: clusterSchema,
  /** The application load balancer. Default: none (no service is routed through one). */
  loadBalancer: loadBalancerSchema.optional(),
  /** A static frontend (S3 + CloudFront), optionally with the API paths on its domain. Default: none. */
  frontend: frontendSchema.optional(),
  /** An HTTP API (API Gateway) in front of services, reaching them through a VPC link. Default: none. */
  apiGateway: apiGatewaySchema.optional(),
  /** Services on the shared cluster. Default: none. */
  services: listOf(serviceSchema).default([]),
  /** PostgreSQL: RDS or Aurora. Default: none. */
  database: databaseSchema.optional(),
  /** SQS queues, each with its dead-letter queue, by name. Default: none. */
  queues: queuesSchema.default({}),
  /** A Valkey or Redis OSS cache (ElastiCache) in the database subnets. Default: none. */
  cache: cacheSchema.optional(),
  /** DynamoDB tables, by name. Default: none. */
  tables: tablesSchema.default({}),
  /** Application secrets, created empty, by name; values are set outside Terraform. Default: none. */
  secrets: secretsSchema.default({}),
  /**
   * Let `terraform destroy` empty and delete what holds only reproducible data: log buckets (ALB
   * access logs, flow logs) and ECR repositories with their images. Off in production, where logs
   * are evidence and a destroy should stop at anything holding data. Default: per tier (see
   * `platform/tiers.ts`).
   */
  forceDestroy: bool(),
  /** How services are deployed and jobs placed by default. Default: per tier (see `platform/tiers.ts`). */
  deployments: deploymentDefaultsSchema,
  /** Scheduled jobs (EventBridge Scheduler starting ECS tasks). Default: none. */
  jobs: listOf(jobSchema).default([]),
  /** Policy pack suppressions. Default: none. */
  policy: policySchema.prefault({}),
  /** Alarm notifications, thresholds, dashboard and tracing. Default: see each field. */
  monitoring: monitoringSchema,
  /** A monthly AWS Budgets budget alerting the alarm topic. Default: per tier's limit; production sets its own. */
  budget: budgetSchema.prefault({}),
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
    if (environment.loadBalancer) checkLoadBalancerRegion(environment.loadBalancer, environment.region, problems.nested("loadBalancer"));
    if (environment.database) checkDatabaseRegion(environment.database, environment.region, problems.nested("database"));
    checkSecretsRegion(environment.secrets, environment.region, problems.nested("secrets"));
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
        },
        problems.nested("frontend"),
      );
    }
    if (environment.apiGateway) checkApiGatewayRegion(environment.apiGateway, environment.region, problems.nested("apiGateway"));
    checkServices(environment, problems);
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

/** Rules that relate services to each other and to the environment's backing resources. */
function checkServices(environment: ParsedFields, root: Problems): void {
  const names = environment.services.map((service) => service.name);
  environment.services.forEach((service, index) => {
    const problems = root.nested(["services", index]);
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
    for (const resource of Object.keys(USAGE) as BackingResource[]) {
      const rule = USAGE[resource] as UsageRule<Uses[typeof resource]>;
      const use = service.uses[resource];
      if (!rule.used(use)) continue;
      rule.check(use, environment, problems.nested(["uses", resource]));
      checkBoundVariables(service, resource, rule.variables(use), problems);
    }
    checkDeployment(service.deployment, trafficShape(service, environment), problems.nested("deployment"));
    checkTaskSecrets(service, problems);
  });
  checkJobs(environment, root);
  checkListenerRules(environment, root);
  checkApiRoutes(environment, root);
  checkQueueBacklogScaling(environment, root);
}

/** A one-off task receives only secrets the service has: its own, or those of what it uses. */
function checkTaskSecrets(service: ParsedFields["services"][number], problems: Problems): void {
  const available = [
    ...Object.keys(service.secrets),
    ...(Object.keys(USAGE) as BackingResource[]).flatMap((resource) => {
      const rule = USAGE[resource] as UsageRule<Uses[typeof resource]>;
      return rule.used(service.uses[resource]) ? rule.variables(service.uses[resource]) : [];
    }),
  ];
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
    for (const resource of Object.keys(USAGE) as BackingResource[]) {
      const rule = USAGE[resource] as UsageRule<Uses[typeof resource]>;
      if (rule.used(job.uses[resource])) rule.check(job.uses[resource], environment, problems.nested(["uses", resource]));
    }
  });
}

/** Backlog scaling reads a queue the service consumes, and the running-task count Container Insights reports. */
function checkQueueBacklogScaling(environment: ParsedFields, root: Problems): void {
  environment.services.forEach((service, index) => {
    const backlog = service.autoscaling?.queueBacklog;
    if (!backlog) return;
    const problems = root.nested(["services", index, "autoscaling", "queueBacklog"]);
    const consumed = Object.entries(service.uses.queues).filter(([, access]) => access !== "send").map(([name]) => name);
    problems.check(consumed.includes(backlog.queue), "queue", `a queue this service consumes (uses.queues): ${consumed.join(", ") || "none"}`);
    problems.check(
      environment.cluster.containerInsights !== "disabled",
      [],
      'no queueBacklog, or cluster.containerInsights on: the running-task count comes from Container Insights',
    );
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
function checkBoundVariables(service: ParsedFields["services"][number], resource: BackingResource, bound: readonly string[], problems: Problems): void {
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
