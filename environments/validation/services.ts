import { describeFargateSizes, FARGATE_MEMORY_BY_CPU, isValidFargateSize } from "../../modules/lib/fargate";
import { ProblemList } from "../../modules/lib/problem";
import { EnvironmentConfig, ServiceConfig } from "../types";
import { isWhole } from "./cluster";

const SERVICE_NAME_PATTERN = /^[a-z](?:[a-z0-9]|-(?!-)){0,14}[a-z0-9]$|^[a-z]$/;
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IMAGE_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const IMAGE_URI_PATTERN = /^[a-z0-9][a-z0-9.-]*(?::\d+)?\/[a-z0-9._/-]+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;
export const SECRETS_MANAGER_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+(?::[^:]*:[^:]*:[^:]*)?$/;
export const SSM_PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9/_.-]+$/;
/** Variable names that hold credentials; their values belong in `secrets`. */
const SECRET_LIKE_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
/** Variables the platform sets for services with `useDatabase`. */
export const DATABASE_VARIABLES = ["PGHOST", "PGPORT", "PGDATABASE", "PGSSLMODE", "PGUSER", "PGPASSWORD", "DATABASE_SECRET_ARN"];
const HEALTH_MATCHER_PATTERN = /^\d{3}(?:-\d{3})?(?:,\d{3}(?:-\d{3})?)*$/;
const IAM_ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;
/** ALB allows at most five condition values per listener rule. */
const MAX_RULE_CONDITION_VALUES = 5;

export function checkServices(config: EnvironmentConfig, root: ProblemList): void {
  const services = config.services ?? [];
  const names = services.map((service) => service.name);
  services.forEach((service, index) => {
    const problems = root.nested(`services[${index}]`);
    problems.check(
      names.indexOf(service.name) === index,
      "name",
      service.name,
      "a service name used once in the environment",
    );
    checkService(service, config, names, problems);
  });
  checkListenerRules(services, root);
}

function checkService(service: ServiceConfig, config: EnvironmentConfig, names: string[], problems: ProblemList): void {
  problems.check(
    SERVICE_NAME_PATTERN.test(service.name),
    "name",
    service.name,
    "1-16 characters of a-z, 0-9 and single '-', starting with a letter and not ending with '-'",
  );
  checkImage(service, problems);
  checkTaskSize(service, problems);
  if (service.containerPort !== undefined || service.loadBalancer || service.allowIngressFrom?.length) {
    problems.check(
      service.containerPort !== undefined && isWhole(service.containerPort, 1, 65535),
      "containerPort",
      service.containerPort,
      "a port from 1 to 65535 (required for services behind the load balancer or called by others)",
    );
  }
  problems.check(isWhole(service.desiredCount, 0, 1000), "desiredCount", service.desiredCount, "a whole number from 0 to 1000");
  checkVariables(service, problems);
  checkHealthCheck(service, problems);
  checkLoadBalancerTarget(service, problems);
  checkAutoscaling(service, problems);
  if (service.useDatabase) {
    problems.check(config.database !== undefined, "useDatabase", true, "a database in this environment's config");
  }
  (service.allowIngressFrom ?? []).forEach((caller, index) =>
    problems.check(
      names.includes(caller) && caller !== service.name,
      `allowIngressFrom[${index}]`,
      caller,
      `the name of another service in this environment: ${names.filter((n) => n !== service.name).join(", ") || "none"}`,
    ),
  );
  (service.taskRolePolicyStatements ?? []).forEach((statement, index) => {
    const field = `taskRolePolicyStatements[${index}]`;
    problems.check(
      statement.actions.length > 0 && statement.actions.every((action) => IAM_ACTION_PATTERN.test(action)),
      `${field}.actions`,
      statement.actions,
      "one or more IAM actions of the form service:Action (a bare '*' is not allowed)",
    );
    problems.check(statement.resources.length > 0, `${field}.resources`, statement.resources, "one or more resource ARNs");
  });
}

function checkTaskSize(service: ServiceConfig, problems: ProblemList): void {
  const cpuValid = problems.check(
    FARGATE_MEMORY_BY_CPU[service.cpu] !== undefined,
    "cpu",
    service.cpu,
    describeFargateSizes(service.cpu),
  );
  if (cpuValid) {
    problems.check(isValidFargateSize(service.cpu, service.memory), "memory", service.memory, describeFargateSizes(service.cpu));
  }
}

function checkImage(service: ServiceConfig, problems: ProblemList): void {
  const image = service.image;
  if (image.source === "ecr") {
    problems.check(
      IMAGE_TAG_PATTERN.test(image.tag) && image.tag !== "latest",
      "image.tag",
      image.tag,
      "a release tag of up to 128 characters of A-Z, a-z, 0-9, '_', '.', '-' other than 'latest' (tags are immutable)",
    );
    const keep = image.keepLastImages ?? 30;
    problems.check(isWhole(keep, 1, 10000), "image.keepLastImages", keep, "a whole number from 1 to 10000");
  } else {
    problems.check(
      IMAGE_URI_PATTERN.test(image.uri),
      "image.uri",
      image.uri,
      "a full image reference with registry and an explicit tag or digest, e.g. public.ecr.aws/nginx/nginx:1.27",
    );
  }
}

function checkVariables(service: ServiceConfig, problems: ProblemList): void {
  const secrets = service.secrets ?? {};
  for (const [name, value] of Object.entries(service.environment ?? {})) {
    problems.check(ENV_NAME_PATTERN.test(name), "environment", name, "variable names of A-Z, a-z, 0-9, '_'");
    problems.check(
      !SECRET_LIKE_NAME.test(name),
      `environment.${name}`,
      "(value hidden)",
      "no credential in plain environment variables: put a Secrets Manager or SSM parameter ARN under secrets instead",
    );
    problems.check(!(name in secrets), `environment.${name}`, value, "a variable that is not also in secrets");
    problems.check(
      !(service.useDatabase && DATABASE_VARIABLES.includes(name)),
      `environment.${name}`,
      value,
      `no ${DATABASE_VARIABLES.join(", ")} with useDatabase: the platform sets them`,
    );
  }
  for (const [name, reference] of Object.entries(secrets)) {
    problems.check(ENV_NAME_PATTERN.test(name), "secrets", name, "variable names of A-Z, a-z, 0-9, '_'");
    const isArn = SECRETS_MANAGER_ARN.test(reference) || SSM_PARAMETER_ARN.test(reference);
    problems.check(
      isArn,
      `secrets.${name}`,
      isArn || reference.startsWith("arn:") ? reference : "(plain value hidden)",
      "a Secrets Manager secret ARN or an SSM parameter ARN; plain values never go into the task definition",
    );
    problems.check(
      !(service.useDatabase && DATABASE_VARIABLES.includes(name)),
      `secrets.${name}`,
      reference,
      `no ${DATABASE_VARIABLES.join(", ")} with useDatabase: the platform sets them`,
    );
  }
}

function checkHealthCheck(service: ServiceConfig, root: ProblemList): void {
  const check = service.healthCheck;
  if (!check) return;
  const problems = root.nested("healthCheck");
  problems.check(
    check.command.length >= 2 && ["CMD", "CMD-SHELL"].includes(check.command[0]),
    "command",
    check.command,
    'a command starting with "CMD" or "CMD-SHELL", e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]',
  );
  const ranges = { interval: [5, 300], timeout: [2, 60], retries: [1, 10], startPeriod: [0, 300] } as const;
  for (const [field, [min, max]] of Object.entries(ranges)) {
    const value = check[field as keyof typeof ranges];
    if (value !== undefined) problems.check(isWhole(value, min, max), field, value, `a whole number from ${min} to ${max}`);
  }
}

function checkLoadBalancerTarget(service: ServiceConfig, root: ProblemList): void {
  const target = service.loadBalancer;
  if (!target) return;
  const problems = root.nested("loadBalancer");
  problems.check(isWhole(target.priority, 1, 50000), "priority", target.priority, "a whole number from 1 to 50000");
  const conditionValues = (target.pathPatterns?.length ?? 0) + (target.hostHeaders?.length ?? 0);
  problems.check(
    conditionValues >= 1 && conditionValues <= MAX_RULE_CONDITION_VALUES,
    "pathPatterns",
    target.pathPatterns ?? [],
    `1 to ${MAX_RULE_CONDITION_VALUES} path patterns and host headers in all (an ALB rule limit)`,
  );
  const path = target.healthCheckPath ?? "/health";
  problems.check(path.startsWith("/") && path.length <= 1024, "healthCheckPath", path, "a path starting with '/'");
  const matcher = target.healthCheckMatcher ?? "200-399";
  problems.check(HEALTH_MATCHER_PATTERN.test(matcher), "healthCheckMatcher", matcher, 'HTTP codes such as "200" or "200-399"');
  const delay = target.deregistrationDelay ?? 30;
  problems.check(isWhole(delay, 0, 3600), "deregistrationDelay", delay, "a whole number of seconds from 0 to 3600");
  const grace = target.healthCheckGracePeriodSeconds ?? 60;
  problems.check(isWhole(grace, 0, 7200), "healthCheckGracePeriodSeconds", grace, "a whole number of seconds from 0 to 7200");
}

function checkAutoscaling(service: ServiceConfig, root: ProblemList): void {
  const scaling = service.autoscaling;
  if (!scaling) return;
  const problems = root.nested("autoscaling");
  problems.check(isWhole(scaling.minCapacity, 0, 1000), "minCapacity", scaling.minCapacity, "a whole number from 0 to 1000");
  problems.check(
    isWhole(scaling.maxCapacity, Math.max(1, scaling.minCapacity), 1000),
    "maxCapacity",
    scaling.maxCapacity,
    `a whole number from max(1, minCapacity = ${scaling.minCapacity}) to 1000`,
  );
  root.check(
    service.desiredCount >= scaling.minCapacity && service.desiredCount <= scaling.maxCapacity,
    "desiredCount",
    service.desiredCount,
    `a count within autoscaling's ${scaling.minCapacity}..${scaling.maxCapacity}`,
  );
  for (const field of ["cpuTargetPercent", "memoryTargetPercent"] as const) {
    const value = scaling[field];
    if (value !== undefined) problems.check(isWhole(value, 10, 95), field, value, "a whole percentage from 10 to 95");
  }
  if (scaling.requestsPerTarget !== undefined) {
    problems.check(
      service.loadBalancer !== undefined && isWhole(scaling.requestsPerTarget, 1, 1000000),
      "requestsPerTarget",
      scaling.requestsPerTarget,
      "a whole number of requests per task, only on a service behind the load balancer",
    );
  }
}

/** Two rules with one priority, or the same route twice, make the second rule fail or never match. */
function checkListenerRules(services: readonly ServiceConfig[], root: ProblemList): void {
  const priorities = new Map<number, string>();
  const routes = new Map<string, string>();
  services.forEach((service, index) => {
    const target = service.loadBalancer;
    if (!target) return;
    const problems = root.nested(`services[${index}].loadBalancer`);
    const owner = priorities.get(target.priority);
    problems.check(owner === undefined, "priority", target.priority, `a priority not already used by service "${owner}"`);
    priorities.set(target.priority, service.name);
    const hosts = [...(target.hostHeaders ?? [])].sort().join(",");
    for (const path of target.pathPatterns ?? [""]) {
      const route = `${hosts} ${path}`;
      const routeOwner = routes.get(route);
      problems.check(
        routeOwner === undefined,
        path ? "pathPatterns" : "hostHeaders",
        path || target.hostHeaders,
        `a route not already served by service "${routeOwner}"`,
      );
      routes.set(route, service.name);
    }
  });
}
