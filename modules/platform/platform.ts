import { Annotations, App, Aspects, TerraformStack } from "cdktf";
import { placeholderWarning } from "../core/placeholders";
import { Tier } from "../core/tiers";
import { PolicyPack } from "../guardrails/policy-pack";
import { POLICY_RULES } from "../guardrails/rules";
import { Suppression } from "../guardrails/suppressions";
import { EDGE_REGION } from "../cdn/schema";
import { BootstrapStack } from "../state/bootstrap-stack";
import { BOOTSTRAP_STACK_NAME, stateKey } from "../state/schema";
import { PASSED_TO_SERVICES } from "./capabilities";
import { Configuration, parseConfiguration } from "./configuration";
import { RepositorySpec, repositoryName } from "../registry/image-registries";
import { EnvironmentStack } from "./environment-stack";
import { stackNamesOf } from "./stack-names";
import { EnvironmentConfig } from "./schema";

export interface Platform {
  readonly app: App;
  readonly bootstrap: BootstrapStack;
  readonly environments: ReadonlyMap<string, EnvironmentStack>;
  /** The policy pack of each stack, by stack name. */
  readonly policies: ReadonlyMap<string, PolicyPack>;
}

/** The state bucket and lock table hold every environment's state: judged as production. */
const BOOTSTRAP_TIER: Tier = "production";

/**
 * Parses the whole configuration, then creates the app (`createApp`, called only once the
 * configuration is valid: an App creates its output directory) with the bootstrap stack and one
 * stack per environment. Bad input therefore never leaves anything in cdktf.out.
 */
export function buildPlatform(createApp: () => App, bootstrapInput: unknown, environmentInputs: readonly unknown[]): Platform {
  const configuration = parseConfiguration(bootstrapInput, environmentInputs);
  const built = buildStacks(createApp(), configuration, stackNamesOf(configuration));
  return {
    app: built.app,
    bootstrap: built.stacks.get(BOOTSTRAP_STACK_NAME) as BootstrapStack,
    environments: new Map(configuration.environments.map((config) => [config.environment, built.stacks.get(config.environment) as EnvironmentStack])),
    policies: built.policies,
  };
}

/** Some stacks of a platform, each with its policy pack, by stack name. */
export interface BuiltStacks {
  readonly app: App;
  readonly stacks: ReadonlyMap<string, TerraformStack>;
  readonly policies: ReadonlyMap<string, PolicyPack>;
}

/**
 * Builds only the named stacks of an already parsed configuration into `app` (names not in the
 * configuration are ignored: the caller checks them). Each stack depends on the configuration
 * alone, never on another stack, so a stack built on its own is the same as one built beside the
 * others: `npm run synth -- --stack <name>` and parallel synth rely on that.
 */
export function buildStacks(app: App, configuration: Configuration, names: readonly string[]): BuiltStacks {
  const { bootstrap, environments } = configuration;
  const wanted = new Set(names);
  const stacks = new Map<string, TerraformStack>();
  const policies = new Map<string, PolicyPack>();
  if (wanted.has(BOOTSTRAP_STACK_NAME)) {
    const bootstrapStack = new BootstrapStack(app, BOOTSTRAP_STACK_NAME, bootstrap, {
      repositories: environments.flatMap(imageRepositories),
      environments: environments.map((config) => ({
        name: config.environment,
        region: config.region,
        stateKey: stateKey(config.project, config.environment),
        otherRegions: otherRegionsOf(config),
        passedToServices: PASSED_TO_SERVICES,
      })),
    });
    warnOfPlaceholders(bootstrapStack, bootstrap);
    stacks.set(BOOTSTRAP_STACK_NAME, bootstrapStack);
    policies.set(BOOTSTRAP_STACK_NAME, attachPolicyPack(bootstrapStack, BOOTSTRAP_TIER, []));
  }
  for (const config of environments.filter((candidate) => wanted.has(candidate.environment))) {
    const stack = new EnvironmentStack(app, config);
    warnOfPlaceholders(stack, config);
    const suppressions = config.policy.suppressions.map((suppression) => ({
      ...suppression,
      path: suppression.path ? `${stack.node.path}/${suppression.path}` : stack.node.path,
    }));
    stacks.set(config.environment, stack);
    policies.set(config.environment, attachPolicyPack(stack, config.tier, suppressions));
  }
  return { app, stacks, policies };
}

function warnOfPlaceholders(stack: TerraformStack, config: unknown): void {
  const warning = placeholderWarning(config);
  if (warning) Annotations.of(stack).addWarning(warning);
}

/** Regions besides its own that an environment's stack creates resources in, for its apply role's region guard. */
function otherRegionsOf(config: EnvironmentConfig): string[] {
  const backup = config.database?.engine === "rds-postgres" ? config.database.crossRegionBackup?.region : undefined;
  return [...(backup ? [backup] : []), ...(config.frontend ? [EDGE_REGION] : [])];
}

/** The repositories an environment's services pull their ECR images from, for the registries stage. */
function imageRepositories(config: EnvironmentConfig): RepositorySpec[] {
  return config.services.flatMap((service) =>
    service.image.source === "ecr"
      ? [
          {
            name: repositoryName(`${config.project}-${config.environment}`, service.name),
            initialTag: service.image.tag,
            keepLastImages: service.image.keepLastImages,
            forceDelete: config.forceDestroy,
          },
        ]
      : [],
  );
}

/** Every rule runs over the stack whenever it is synthesized (`cdktf synth`, `app.synth()`, `Testing.synth`). */
function attachPolicyPack(stack: TerraformStack, tier: Tier, suppressions: readonly Suppression[]): PolicyPack {
  const pack = new PolicyPack(stack, { tier, rules: POLICY_RULES, suppressions });
  Aspects.of(stack).add(pack);
  return pack;
}
