/**
 * The one place configuration is parsed: the bootstrap config and every environment, each by its
 * schema, then the rules across environments. Every problem is collected before anything is built.
 */
import { cidrsOverlap } from "../core/cidr";
import { ConfigValidationError, formatIssues } from "../core/problems";
import { DeliveryEnvironmentFacts, deliveryProblems } from "../delivery/schema";
import { vpcCidrOf } from "../network/subnet-plan";
import { BOOTSTRAP_STACK_NAME, BootstrapConfig, bootstrapSchema } from "../state/schema";
import { EnvironmentConfig, environmentSchema } from "./schema";
import { applyTierDefaults } from "./tiers";

export interface Configuration {
  readonly bootstrap: BootstrapConfig;
  readonly environments: readonly EnvironmentConfig[];
}

/** Parses and checks the whole configuration; throws a ConfigValidationError listing every problem. */
export function parseConfiguration(bootstrapInput: unknown, environmentInputs: readonly unknown[]): Configuration {
  if (!Array.isArray(environmentInputs)) {
    throw new ConfigValidationError(["environments: is not a list; expected a list of environments, e.g. export const environments = [dev, staging, prod]"]);
  }
  const messages: string[] = [];
  const bootstrap = bootstrapSchema.safeParse(bootstrapInput);
  if (!bootstrap.success) messages.push(...formatIssues("bootstrap", bootstrapInput, bootstrap.error.issues));
  const environments: EnvironmentConfig[] = [];
  environmentInputs.forEach((written, index) => {
    const input = applyTierDefaults(written);
    const parsed = environmentSchema.safeParse(input);
    if (parsed.success) environments.push(parsed.data);
    else messages.push(...formatIssues(environmentScope(input, index), input, parsed.error.issues));
  });
  if (environmentInputs.length === 0) messages.push("environments: none configured; expected at least one environment");
  messages.push(...crossEnvironmentProblems(environments, bootstrap.success ? bootstrap.data : undefined));
  // An environment that did not parse would look unknown to the delivery settings: check them once all parse.
  const allParsed = environments.length === environmentInputs.length;
  if (allParsed && bootstrap.success && bootstrap.data.delivery) messages.push(...deliveryProblems("bootstrap.delivery", bootstrap.data.delivery, environments.map(deliveryFacts)));
  if (messages.length > 0 || !bootstrap.success) throw new ConfigValidationError(messages);
  return { bootstrap: bootstrap.data, environments };
}

/**
 * An environment in an account of its own: the provider may act only there, and the state's account
 * (whose roles its deploy roles trust) is the bootstrap's one allowed account.
 */
function accountProblems(environment: EnvironmentConfig, bootstrap: BootstrapConfig): string[] {
  const account = environment.account;
  if (!account) return [];
  const scope = `environment "${environment.environment}"`;
  const problems: string[] = [];
  if (environment.allowedAccountIds && environment.allowedAccountIds.join() !== account.id) {
    problems.push(`${scope}: allowedAccountIds is ${JSON.stringify(environment.allowedAccountIds)}; expected ["${account.id}"], the environment's account, or none`);
  }
  if (bootstrap.allowedAccountIds?.length !== 1) {
    problems.push(
      `bootstrap: allowedAccountIds is ${JSON.stringify(bootstrap.allowedAccountIds)}; expected exactly one account, the state's, since environment "${environment.environment}" deploys from it into its own account`,
    );
  } else if (bootstrap.allowedAccountIds[0] === account.id) {
    problems.push(`${scope}: account.id is "${account.id}"; expected an account other than the state's, or no account (the state's is the default)`);
  }
  return problems;
}

function deliveryFacts(environment: EnvironmentConfig): DeliveryEnvironmentFacts {
  return {
    name: environment.environment,
    services: environment.services.map((service) => service.name),
    ecrServices: environment.services.filter((service) => service.image.source === "ecr").map((service) => service.name),
  };
}

function environmentScope(input: unknown, index: number): string {
  const name = (input as { environment?: unknown } | undefined)?.environment;
  return typeof name === "string" ? `environment "${name}"` : `environments[${index}]`;
}

/** Rules between environments, and between each environment and the bootstrap stack. */
function crossEnvironmentProblems(environments: readonly EnvironmentConfig[], bootstrap: BootstrapConfig | undefined): string[] {
  const messages: string[] = [];
  const problem = (environment: EnvironmentConfig, field: string, value: unknown, expected: string) =>
    messages.push(`environment "${environment.environment}": ${field} is ${JSON.stringify(value)}; expected ${expected}`);
  environments.forEach((environment, index) => {
    const name = environment.environment;
    if (environments.findIndex((other) => other.environment === name) !== index) {
      problem(environment, "environment", name, "a name no other environment uses");
    }
    if (name === BOOTSTRAP_STACK_NAME) problem(environment, "environment", name, "a name other than the bootstrap stack's");
    if (bootstrap) {
      if (environment.project !== bootstrap.project) {
        problem(environment, "project", environment.project, `${JSON.stringify(bootstrap.project)}, the bootstrap stack's project`);
      }
      for (const key of ["bucket", "region", "dynamodbTable"] as const) {
        if (environment.stateBackend[key] !== bootstrap.stateBackend[key]) {
          problem(
            environment,
            `stateBackend.${key}`,
            environment.stateBackend[key],
            `${JSON.stringify(bootstrap.stateBackend[key])}, the ${key} the bootstrap stack creates`,
          );
        }
      }
      messages.push(...accountProblems(environment, bootstrap));
      // The state bucket and the image registries live in the bootstrap stack's account, and every stack reaches them as itself.
      const outside = (environment.allowedAccountIds ?? []).filter((id) => bootstrap.allowedAccountIds && !bootstrap.allowedAccountIds.includes(id));
      if (!environment.account && outside.length > 0) {
        problem(environment, "allowedAccountIds", environment.allowedAccountIds, `accounts the bootstrap stack allows too (${JSON.stringify(bootstrap.allowedAccountIds)}): its state bucket and image registries are in that account`);
      }
    }
    // Environments are peered or joined to a transit gateway sooner or later: their VPCs must not overlap.
    const cidr = vpcCidrOf(environment.network);
    environments.slice(0, index).forEach((other) => {
      const otherCidr = vpcCidrOf(other.network);
      if (cidr && otherCidr && cidrsOverlap(cidr, otherCidr)) {
        problem(
          environment,
          "network.cidr",
          environment.network.cidr,
          `a VPC CIDR that does not overlap environment "${other.environment}"'s ${other.network.cidr}`,
        );
      }
    });
  });
  return messages;
}
