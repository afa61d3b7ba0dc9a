/**
 * The one place configuration is parsed: the bootstrap config and every environment, each by its
 * schema, then the rules across environments. Every problem is collected before anything is built.
 */
import { cidrsOverlap } from "../core/cidr";
import { TIERS } from "../core/tiers";
import { ConfigValidationError, formatIssues, formatPath } from "../core/problems";
import { DeliveryEnvironmentFacts, deliveryProblems } from "../delivery/schema";
import { vpcCidrOf } from "../network/subnet-plan";
import { promotionProblems } from "../registry/promotion";
import { BOOTSTRAP_STACK_NAME, BootstrapConfig, bootstrapSchema } from "../state/schema";
import { EnvironmentConfig, environmentSchema } from "./schema";
import { arnProblems, ClaimedName, credentialProblems, duplicateNameProblems, RegionRule, valuesOfKey } from "./cross-checks";
import { generatedNameProblems } from "./generated-names";
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
  const messages = new ProblemLines();
  const bootstrap = bootstrapSchema.safeParse(bootstrapInput);
  if (!bootstrap.success) messages.push(...formatIssues("bootstrap", bootstrapInput, bootstrap.error.issues));
  messages.pushGeneric(...credentialProblems("bootstrap", bootstrapInput));
  if (bootstrap.success) messages.pushGeneric(...arnProblems(bootstrap.data, { scope: "bootstrap", allowedAccountIds: bootstrap.data.allowedAccountIds, region: bootstrap.data.stateBackend.region, regionRules: [{ field: /.*/, region: "any" }] }));
  const environments: EnvironmentConfig[] = [];
  const facts: DeliveryEnvironmentFacts[] = [];
  environmentInputs.forEach((written, index) => {
    const input = applyTierDefaults(written);
    const scope = environmentScope(input, index);
    const parsed = environmentSchema.safeParse(input);
    if (parsed.success) environments.push(parsed.data);
    else messages.push(...formatIssues(scope, input, parsed.error.issues));
    const fact = parsed.success ? deliveryFacts(parsed.data) : unparsedDeliveryFacts(input);
    if (fact) facts.push(fact);
    messages.pushGeneric(...credentialProblems(scope, written));
    messages.pushGeneric(...generatedNameProblems(input));
    if (parsed.success) messages.pushGeneric(...arnProblems(parsed.data, { scope, allowedAccountIds: parsed.data.allowedAccountIds, region: parsed.data.region, regionRules: ENVIRONMENT_ARN_REGIONS }));
  });
  if (environmentInputs.length === 0) messages.push("environments: none configured; expected at least one environment");
  messages.push(...crossEnvironmentProblems(environments, bootstrap.success ? bootstrap.data : undefined));
  const stateAccounts = bootstrap.success ? bootstrap.data.allowedAccountIds : undefined;
  messages.push(...promotionProblems(environments.map(promotionFacts), stateAccounts?.length === 1 ? stateAccounts[0] : undefined));
  messages.push(...duplicateNameProblems(environments.flatMap(claimedNames)));
  // In the same round as the field problems: an environment that did not parse is known by its name (and tier), not its services.
  if (bootstrap.success && bootstrap.data.delivery) messages.push(...deliveryProblems("bootstrap.delivery", bootstrap.data.delivery, facts));
  if (messages.length > 0 || !bootstrap.success) throw new ConfigValidationError(messages.lines);
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

/**
 * Problem lines, at most one per field: a generic rule (a credential, an ARN) does not repeat a
 * field a capability's own rule already reported, with its more specific words.
 */
class ProblemLines {
  readonly lines: string[] = [];
  private readonly fields = new Set<string>();

  get length(): number {
    return this.lines.length;
  }

  push(...lines: string[]): void {
    for (const problem of lines) {
      this.fields.add(fieldOf(problem));
      this.lines.push(problem);
    }
  }

  /** Lines of a generic rule: dropped for a field that already has a problem. */
  pushGeneric(...lines: string[]): void {
    this.push(...lines.filter((problem) => !this.fields.has(fieldOf(problem))));
  }
}

function fieldOf(problem: string): string {
  return problem.slice(0, problem.indexOf(" is ") + 1 || undefined);
}

/** Where an environment's ARNs may be in another region, or are checked by their capability (see `arnProblems`). */
const ENVIRONMENT_ARN_REGIONS: readonly RegionRule[] = [
  { field: /^(frontend\.domain|loadBalancer\.certificate|apiGateway\.domain)\.certificateArn$/, region: "checked" },
  { field: /^database\.kmsKeyArn$/, region: "checked" },
  { field: /^secrets\.[^.]+\.rotation\.lambdaArn$/, region: "checked" },
  // An application may read a secret or call a resource of another region on purpose.
  { field: /^services\[\d+\]\.(secrets\.[^.]+|taskRolePolicyStatements\[\d+\]\.resources\[\d+\])$/, region: "any" },
];

/** The names an environment claims that no other front door or environment may: its DNS records and its Cloud Map namespace. */
function claimedNames(environment: EnvironmentConfig): ClaimedName[] {
  const domains = valuesOfKey(environment, "domainName").map(({ path, value }) => ({
    environment: environment.environment,
    field: formatPath(path),
    name: value,
    kind: "a domain",
  }));
  const namespace = environment.cluster.serviceDiscoveryNamespace;
  return [
    ...domains,
    ...(namespace ? [{ environment: environment.environment, field: "cluster.serviceDiscoveryNamespace", name: namespace, kind: "a Cloud Map namespace" }] : []),
  ];
}

function deliveryFacts(environment: EnvironmentConfig): DeliveryEnvironmentFacts {
  return {
    name: environment.environment,
    tier: environment.tier,
    services: environment.services.map((service) => service.name),
    ecrServices: environment.services.filter((service) => service.image.source === "ecr").map((service) => service.name),
  };
}

function promotionFacts(environment: EnvironmentConfig) {
  return { ...deliveryFacts(environment), tier: environment.tier, accountId: environment.account?.id, promoteFrom: environment.registry?.promoteFrom };
}

/** What the delivery checks may know of an environment that did not parse: its name and tier as written, when they are valid. */
function unparsedDeliveryFacts(input: unknown): DeliveryEnvironmentFacts | undefined {
  const { environment, tier } = (input ?? {}) as { environment?: unknown; tier?: unknown };
  if (typeof environment !== "string") return undefined;
  return { name: environment, tier: TIERS.find((known) => known === tier), services: [], ecrServices: [], parsed: false };
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
