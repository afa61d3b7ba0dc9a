import { Problem, ProblemList } from "../../modules/lib/problem";
import { BootstrapConfig, EnvironmentConfig } from "../types";
import { checkCluster, checkLoadBalancer } from "./cluster";
import { checkDatabase } from "./database";
import {
  checkAllowedAccountIds,
  checkBackendMatchesBootstrap,
  checkEnvironmentIdentity,
  checkProject,
  checkStateBackend,
  checkTags,
} from "./foundation";
import { checkNetwork } from "./network";
import { checkServices } from "./services";

/** Every problem found in the configuration, one line each, thrown before any construct exists. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration, ${problems.length} problem(s):\n${problems.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "ConfigValidationError";
  }
}

/** The stack name of the bootstrap stack, which no environment may take. */
export const BOOTSTRAP_STACK_NAME = "bootstrap";

export function formatProblem(scope: string, problem: Problem): string {
  return `${scope}: ${problem.field} is ${describeValue(problem.value)}; expected ${problem.expected}`;
}

/** Validates the bootstrap config and all environments together; throws listing every problem. */
export function validateConfiguration(
  bootstrap: BootstrapConfig,
  environments: readonly EnvironmentConfig[],
): void {
  const messages = [
    ...bootstrapProblems(bootstrap).map((problem) => formatProblem("bootstrap", problem)),
    ...environmentSetProblems(environments),
    ...environments.flatMap((environment) =>
      environmentProblems(environment, bootstrap).map((problem) =>
        formatProblem(`environment "${environment.environment}"`, problem),
      ),
    ),
  ];
  if (messages.length > 0) throw new ConfigValidationError(messages);
}

export function bootstrapProblems(bootstrap: BootstrapConfig): readonly Problem[] {
  const problems = new ProblemList();
  checkProject(bootstrap.project, problems);
  checkStateBackend(bootstrap.stateBackend, problems);
  checkAllowedAccountIds(bootstrap.allowedAccountIds, problems);
  checkTags(bootstrap.tags, problems);
  const days = bootstrap.noncurrentVersionExpirationDays ?? 90;
  problems.check(
    Number.isInteger(days) && days >= 1,
    "noncurrentVersionExpirationDays",
    days,
    "a whole number of days, 1 or more",
  );
  return problems.all;
}

export function environmentProblems(environment: EnvironmentConfig, bootstrap: BootstrapConfig): readonly Problem[] {
  const problems = new ProblemList();
  checkEnvironmentIdentity(environment, problems);
  checkBackendMatchesBootstrap(environment, bootstrap, problems);
  problems.check(
    environment.project === bootstrap.project,
    "project",
    environment.project,
    `${JSON.stringify(bootstrap.project)}, the bootstrap stack's project`,
  );
  checkNetwork(environment.network, environment.region, problems);
  checkCluster(environment.cluster, problems);
  checkLoadBalancer(environment.loadBalancer, environment.region, problems);
  checkServices(environment, problems);
  if (environment.database) checkDatabase(environment.database, environment.region, problems);
  return problems.all;
}

function environmentSetProblems(environments: readonly EnvironmentConfig[]): string[] {
  const names = environments.map((environment) => environment.environment);
  const messages: string[] = [];
  if (names.length === 0) messages.push("environments: none configured; expected at least one environment");
  names.forEach((name, index) => {
    if (names.indexOf(name) !== index) {
      messages.push(`environment "${name}": environment is "${name}"; expected a name no other environment uses`);
    }
    if (name === BOOTSTRAP_STACK_NAME) {
      messages.push(`environment "${name}": environment is "${name}"; expected a name other than the bootstrap stack's`);
    }
  });
  return messages;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "not set";
  return JSON.stringify(value);
}
