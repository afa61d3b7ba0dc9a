/** A containerized service on the shared cluster. */
import { CREDENTIALS_IN_URL, SECRET_LIKE_NAME } from "../core/problems";
import { bool, listOf, matching, oneOf, oneOfNumbers, Problems, strict, textWhere, whole, z } from "../core/schema";
import { serviceDeploymentSchema } from "./deployment";
import { describeFargateSizes, FARGATE_CPU_VALUES, isValidFargateSize } from "./fargate";

export const CPU_ARCHITECTURES = ["X86_64", "ARM64"] as const;

const SERVICE_NAME_PATTERN = /^[a-z](?:[a-z0-9]|-(?!-)){0,14}[a-z0-9]$|^[a-z]$/;
const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IMAGE_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const IMAGE_URI_PATTERN = /^[a-z0-9][a-z0-9.-]*(?::\d+)?\/[a-z0-9._/-]+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;
export const SECRETS_MANAGER_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+(?::[^:]*:[^:]*:[^:]*)?$/;
export const SSM_PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9/_.-]+$/;
const HEALTH_MATCHER_PATTERN = /^\d{3}(?:-\d{3})?(?:,\d{3}(?:-\d{3})?)*$/;
const IAM_ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;
/**
 * ALB path patterns: up to 128 characters of A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & and the wildcards
 * * and ?; a request path always starts with '/', so a pattern must too.
 */
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+&*?]{0,127}$/;
/** ALB host headers: up to 128 characters of A-Z a-z 0-9 - . and the wildcards * and ?, with at least one '.', letters only after the last. */
const HOST_HEADER_PATTERN = /^(?=.{1,128}$)[A-Za-z0-9\-*?]+(?:\.[A-Za-z0-9\-*?]+)*\.[A-Za-z*?]+$/;
/** ALB allows at most five condition values per listener rule. */
const MAX_RULE_CONDITION_VALUES = 5;

const variableName = matching(VARIABLE_NAME_PATTERN, "a variable name of A-Z, a-z, 0-9 and '_', not starting with a digit");

/** An image from the ECR repository the service construct creates. */
export const ecrImageSchema = strict({
  source: z.literal("ecr"),
  /** Tag to run; tags are immutable, so every release pushes a new one. No default. */
  tag: matching(IMAGE_TAG_PATTERN, "a release tag of up to 128 characters of A-Z, a-z, 0-9, '_', '.', '-'").refine(
    (tag) => tag !== "latest",
    { error: "a release tag other than 'latest' (tags are immutable)" },
  ),
  /** Images kept by the repository's lifecycle policy. Default: 30. */
  keepLastImages: whole(1, 10000).default(30),
});

/** An image pulled from elsewhere. */
export const externalImageSchema = strict({
  source: z.literal("uri"),
  /** Full image reference, e.g. "public.ecr.aws/nginx/nginx:1.27". No default. */
  uri: matching(
    IMAGE_URI_PATTERN,
    "a full image reference with registry and an explicit tag or digest, e.g. public.ecr.aws/nginx/nginx:1.27",
  ),
});

/**
 * Container health check run by the ECS agent, which replaces a task whose essential container
 * turns unhealthy, also where no load balancer watches it (workers, internal services). Give
 * either a `command`, or an `httpPath` that the platform checks on the container port with wget
 * or curl (so the image needs one of them; a distroless image needs its own `command`).
 */
export const containerHealthCheckSchema = strict({
  /** Command, e.g. ["CMD", "/app/healthcheck"] or ["CMD-SHELL", "pgrep -f worker || exit 1"]. Default: none. */
  command: listOf(z.string())
    .refine((command) => command.length >= 2 && ["CMD", "CMD-SHELL"].includes(command[0]), {
      error: 'a command starting with "CMD" or "CMD-SHELL", e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]',
    })
    .optional(),
  /** An HTTP path answered with 2xx or 3xx on the container port when the container is healthy, e.g. "/health". Default: none. */
  httpPath: matching(/^\/[A-Za-z0-9\-._~/?=&%]{0,255}$/, "a URL path starting with '/', e.g. /health").optional(),
  /** Seconds between checks. Default: 30. */
  interval: whole(5, 300).default(30),
  /** Seconds before a check fails. Default: 5. */
  timeout: whole(2, 60).default(5),
  /** Failures before the container is unhealthy. Default: 3. */
  retries: whole(1, 10).default(3),
  /** Seconds of grace after start. Default: 60. */
  startPeriod: whole(0, 300).default(60),
}).refine((check) => (check.command === undefined) !== (check.httpPath === undefined), {
  path: ["command"],
  error: "either a command or an httpPath, not both",
});

/** How the load balancer routes to a service. */
export const serviceRoutingSchema = strict({
  /** Listener rule priority, 1 to 50000, unique within the environment. No default. */
  priority: whole(1, 50000),
  /** Path patterns, e.g. ["/api/*"]. Default: none (at least one of paths or hosts is required). */
  pathPatterns: listOf(
    matching(PATH_PATTERN, "an ALB path pattern: '/' then up to 127 of A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + & and the wildcards * ?"),
  ).default([]),
  /** Host headers, e.g. ["api.example.com"]. Default: none. */
  hostHeaders: listOf(
    matching(
      HOST_HEADER_PATTERN,
      "a host name without scheme, port or path, e.g. api.example.com or *.example.com (A-Z a-z 0-9 - . * ?)",
    ),
  ).default([]),
  /** Target group health check path. Default: "/health". */
  healthCheckPath: matching(/^\/.{0,1023}$/, "a path starting with '/'").default("/health"),
  /** HTTP codes counted healthy. Default: "200-399". */
  healthCheckMatcher: matching(HEALTH_MATCHER_PATTERN, 'HTTP codes such as "200" or "200-399"').default("200-399"),
  /** Seconds to drain a deregistering target. Default: 30. */
  deregistrationDelay: whole(0, 3600, "a whole number of seconds").default(30),
  /** Seconds ECS ignores failing load balancer health checks after a task starts. Default: 60. */
  healthCheckGracePeriodSeconds: whole(0, 7200, "a whole number of seconds").default(60),
  /**
   * Keep a client on one task for this many seconds with the load balancer's cookie, e.g. for
   * WebSocket or long-polling clients that reconnect. Default: none (no stickiness).
   */
  stickinessSeconds: whole(1, 604800, "a whole number of seconds").optional(),
}).refine(
  (routing) => {
    const values = routing.pathPatterns.length + routing.hostHeaders.length;
    return values >= 1 && values <= MAX_RULE_CONDITION_VALUES;
  },
  { path: ["pathPatterns"], error: `1 to ${MAX_RULE_CONDITION_VALUES} path patterns and host headers in all (an ALB rule limit)` },
);

/** Target-tracking autoscaling of a service's task count: what every service can track. */
const autoscalingFields = {
  /** Fewest tasks. No default. */
  minCapacity: whole(0, 1000),
  /** Most tasks, at least max(1, minCapacity). No default. */
  maxCapacity: whole(1, 1000),
  /** Target average CPU utilisation, percent. Default: 70. */
  cpuTargetPercent: whole(10, 95, "a whole percentage").default(70),
  /** Target average memory utilisation, percent. Default: 80. */
  memoryTargetPercent: whole(10, 95, "a whole percentage").default(80),
  /** Target ALB requests per task; only for services behind the load balancer. Default: off. */
  requestsPerTarget: whole(1, 1000000, "a whole number of requests per task").optional(),
};

/**
 * Autoscaling with the fields capabilities add (their descriptors' `scaling`, composed by
 * platform/schema.ts), e.g. a queue's backlog.
 */
export function autoscalingSchema<Added extends z.core.$ZodLooseShape>(added: Added) {
  return strict({ ...autoscalingFields, ...added }).refine(maxAtLeastMin, {
    path: ["maxCapacity"],
    error: "a whole number from max(1, minCapacity) to 1000",
  });
}

/** The fields are `autoscalingFields` whatever is added (the compiler does not see that through the generic). */
function maxAtLeastMin(scaling: object): boolean {
  const { minCapacity, maxCapacity } = scaling as z.output<z.ZodObject<typeof autoscalingFields>>;
  return maxCapacity >= minCapacity;
}

export const serviceAutoscalingSchema = autoscalingSchema({});

/** A statement added to a service's task role. */
export const policyStatementSchema = strict({
  actions: listOf(
    matching(IAM_ACTION_PATTERN, "an IAM action of the form service:Action (a bare '*' is not allowed)"),
  ).min(1, { error: "one or more IAM actions of the form service:Action" }),
  resources: listOf(z.string()).min(1, { error: "one or more resource ARNs" }),
});

const TASK_NAME_PATTERN = /^[a-z](?:[a-z0-9]|-(?!-)){0,14}[a-z0-9]$|^[a-z]$/;

/**
 * A one-off task of a service, e.g. `migrate`: the service's image at the running release tag with
 * another command, in the service's subnets and security group, with its own two roles that hold
 * only what the task names. Run by the release workflow before the rollout (`migrate`) or by hand
 * (`npm run task -- <env> <service> <task>`).
 */
export const oneOffTaskSchema = strict({
  /** Command that replaces the image's, e.g. ["npm", "run", "migrate"]. No default. */
  command: listOf(z.string({ error: "text" })).min(1, { error: 'a command of one or more words, e.g. ["npm", "run", "migrate"]' }),
  /**
   * Variables under the service's `secrets` (or set by what it `uses`, e.g. PGPASSWORD) the task
   * receives; the others stay out of its definition and its execution role. Default: none.
   */
  secrets: listOf(variableName).default([]),
  /** Permissions of the task's own role. Default: none (an empty role). */
  taskRolePolicyStatements: listOf(policyStatementSchema).default([]),
  /** Minutes the release workflow waits for the task to stop before it fails the release. Default: 30. */
  timeoutMinutes: whole(1, 600, "a whole number of minutes").default(30),
});
export type OneOffTaskConfig = z.output<typeof oneOffTaskSchema>;

/**
 * The fields of a service. The platform adds `uses` (which backing resources it binds to), since
 * only the platform knows every capability a service can use.
 */
export const serviceFields = {
  /**
   * Service name, unique in the environment: 1-16 chars of a-z, 0-9, '-', starting with a letter,
   * and none the capabilities' own alarms use (see `alarmNames` in each capability). No default.
   */
  name: matching(SERVICE_NAME_PATTERN, "1-16 characters of a-z, 0-9 and single '-', starting with a letter and not ending with '-'"),
  /** Container image. No default. */
  image: z.discriminatedUnion("source", [ecrImageSchema, externalImageSchema], {
    error: '{ source: "ecr", tag } or { source: "uri", uri }',
  }),
  /** Task CPU units. No default. */
  cpu: oneOfNumbers(FARGATE_CPU_VALUES, describeFargateSizes(undefined)),
  /** Task memory in MiB; must be a combination Fargate accepts for `cpu`. No default. */
  memory: z.number().int(),
  /** CPU architecture. Default: "X86_64". */
  cpuArchitecture: oneOf(CPU_ARCHITECTURES).default("X86_64"),
  /** Port the container listens on; required with `loadBalancer` or `allowIngressFrom`. Default: none. */
  containerPort: whole(1, 65535, "a port").optional(),
  /** Tasks to run (the initial count when autoscaling). No default. */
  desiredCount: whole(0, 1000),
  /** Plain environment variables; never secrets. Values are text. Default: none. */
  environment: z
    .record(variableName, z.string({ error: 'text: environment values are strings (write "8080", not 8080)' }))
    .default({}),
  /** Secrets as Secrets Manager secret ARNs or SSM parameter ARNs, by variable name. Default: none. */
  secrets: z
    .record(
      variableName,
      textWhere(
        (reference) => SECRETS_MANAGER_ARN.test(reference) || SSM_PARAMETER_ARN.test(reference),
        "a Secrets Manager secret ARN or an SSM parameter ARN; plain values never go into the task definition",
      ),
    )
    .default({}),
  /** Container health check. Default: none. */
  healthCheck: containerHealthCheckSchema.optional(),
  /** Mount the container's root filesystem read-only. Default: false. */
  readonlyRootFilesystem: bool().default(false),
  /**
   * Writable directories for a container with a read-only root, e.g. ["/tmp"]: each is an empty
   * volume on the task's ephemeral storage (Fargate has no tmpfs). Default: none.
   */
  scratchPaths: listOf(matching(/^\/[A-Za-z0-9._\-/]{0,254}$/, "an absolute path such as /tmp")).default([]),
  /** Route to this service from the load balancer. Default: none (a worker). */
  loadBalancer: serviceRoutingSchema.optional(),
  /** Autoscaling. Default: none (the task count stays `desiredCount`). */
  autoscaling: serviceAutoscalingSchema.optional(),
  /** Names of other services allowed to call this one on `containerPort`. Default: none. */
  allowIngressFrom: listOf(z.string()).default([]),
  /** Extra permissions for the application's task role. Default: none (an empty role). */
  taskRolePolicyStatements: listOf(policyStatementSchema).default([]),
  /** How new revisions replace the running ones. Default: the environment's `deployments` where ECS can shift the traffic, else rolling. */
  deployment: serviceDeploymentSchema.optional(),
  /** One-off tasks by name (1-16 of a-z, 0-9, '-'), e.g. { migrate: { command: [...] } }. Default: none. */
  tasks: z
    .record(
      matching(TASK_NAME_PATTERN, "a task name of 1-16 characters of a-z, 0-9 and single '-', starting with a letter"),
      oneOffTaskSchema,
    )
    .default({}),
  /**
   * The application calls the internet itself (a payment provider, a webhook): refused with
   * `network.natStrategy` "endpoints", which has no route out. Default: false (AWS APIs only).
   */
  internetAccess: bool().default(false),
};

const serviceSettingsSchema = strict(serviceFields);
export type ServiceSettingsInput = z.input<typeof serviceSettingsSchema>;
/** A parsed service, without what the platform adds (its bindings). */
export type ServiceSettings = z.output<typeof serviceSettingsSchema>;
export type EcrImageConfig = z.output<typeof ecrImageSchema>;
export type ServiceAutoscalingConfig = z.output<typeof serviceAutoscalingSchema>;
export type PolicyStatementConfig = z.output<typeof policyStatementSchema>;

/** The rules that relate a service's own fields. */
export function checkService(service: ServiceSettings, problems: Problems): void {
  problems.check(isValidFargateSize(service.cpu, service.memory), "memory", describeFargateSizes(service.cpu));
  if (service.loadBalancer || service.allowIngressFrom.length > 0 || service.healthCheck?.httpPath) {
    problems.check(
      service.containerPort !== undefined,
      "containerPort",
      "a port from 1 to 65535 (required for services behind the load balancer, called by others, or checked by httpPath)",
    );
  }
  for (const [name, value] of Object.entries(service.environment)) {
    problems.check(
      !SECRET_LIKE_NAME.test(name),
      ["environment", name],
      "no credential in plain environment variables: put a Secrets Manager or SSM parameter ARN under secrets instead",
    );
    problems.check(
      !CREDENTIALS_IN_URL.test(value),
      ["environment", name],
      "no URL with a user and password in plain environment variables: put the credentials in a secret under secrets",
    );
    problems.check(!(name in service.secrets), ["environment", name], "a variable that is not also in secrets", { shown: value });
  }
  const scaling = service.autoscaling;
  if (scaling) {
    problems.check(
      service.desiredCount >= scaling.minCapacity && service.desiredCount <= scaling.maxCapacity,
      "desiredCount",
      `a count within autoscaling's ${scaling.minCapacity}..${scaling.maxCapacity}`,
    );
    problems.check(
      scaling.requestsPerTarget === undefined || service.loadBalancer !== undefined,
      ["autoscaling", "requestsPerTarget"],
      "a whole number of requests per task, only on a service behind the load balancer",
    );
  }
}
