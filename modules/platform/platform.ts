import { Annotations, App, Aspects, TerraformStack } from "cdktf";
import { placeholderWarning } from "../core/placeholders";
import { Tier } from "../core/tiers";
import { PolicyPack } from "../guardrails/policy-pack";
import { Suppression } from "../guardrails/suppressions";
import { EDGE_REGION } from "../cdn/schema";
import { AccountBootstrapStack } from "../state/account-bootstrap-stack";
import { BootstrapStack } from "../state/bootstrap-stack";
import { DeployEnvironment } from "../delivery/deploy-roles";
import { accountBootstrapStackName, BOOTSTRAP_STACK_NAME, stateKey } from "../state/schema";
import { PASSED_TO_SERVICES, POLICY_RULES } from "./capabilities";
import { CONFIG_LOCATOR } from "./config-locator";
import { Configuration, parseConfiguration } from "./configuration";
import { RepositorySpec, repositoryName } from "../registry/image-registries";
import { repositoryPullers } from "../registry/promotion";
import { publishRoleName } from "../delivery/image-publisher";
import { EnvironmentStack } from "./environment-stack";
import { stackNamesOf } from "./stack-names";
import { EnvironmentConfig } from "./schema";

export interface Platform {
  readonly app: App;
  readonly bootstrap: BootstrapStack;
  /** The bootstrap stack of each environment with an account of its own, by environment. */
  readonly accounts: ReadonlyMap<string, AccountBootstrapStack>;
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
  const stackOf = <Stack>(name: string) => built.stacks.get(name) as Stack;
  return {
    app: built.app,
    bootstrap: stackOf<BootstrapStack>(BOOTSTRAP_STACK_NAME),
    accounts: new Map(
      configuration.environments.filter((config) => config.account).map((config) => [config.environment, stackOf<AccountBootstrapStack>(accountBootstrapStackName(config.environment))]),
    ),
    environments: new Map(configuration.environments.map((config) => [config.environment, stackOf<EnvironmentStack>(config.environment)])),
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
  const served = environments.map(deployEnvironmentOf);
  const add = (name: string, stack: TerraformStack, tier: Tier, suppressions: readonly Suppression[]) => {
    stacks.set(name, stack);
    policies.set(name, attachPolicyPack(stack, tier, suppressions));
  };
  if (wanted.has(BOOTSTRAP_STACK_NAME)) {
    const bootstrapStack = new BootstrapStack(app, BOOTSTRAP_STACK_NAME, bootstrap, { repositories: environments.flatMap((config) => imageRepositories(config, served, bootstrap.allowedAccountIds)), environments: served });
    warnOfPlaceholders(bootstrapStack, bootstrap);
    add(BOOTSTRAP_STACK_NAME, bootstrapStack, BOOTSTRAP_TIER, []);
  }
  environments.forEach((config, index) => {
    const name = accountBootstrapStackName(config.environment);
    if (!config.account || !wanted.has(name)) return;
    const stack = new AccountBootstrapStack(app, {
      config: bootstrap,
      environment: served[index],
      bootstrapRole: config.account.bootstrapRole,
      // parseConfiguration requires the bootstrap's allowedAccountIds to be the one state account when an environment has its own.
      stateAccountId: String(bootstrap.allowedAccountIds?.[0]),
      environments: served,
      repositories: imageRepositories(config, served, bootstrap.allowedAccountIds),
    });
    warnOfPlaceholders(stack, bootstrap);
    add(name, stack, BOOTSTRAP_TIER, []);
  });
  for (const config of environments.filter((candidate) => wanted.has(candidate.environment))) {
    const stack = new EnvironmentStack(app, config);
    warnOfPlaceholders(stack, config);
    const suppressions = config.policy.suppressions.map((suppression) => ({
      ...suppression,
      path: suppression.path ? `${stack.node.path}/${suppression.path}` : stack.node.path,
    }));
    add(config.environment, stack, config.tier, suppressions);
  }
  return { app, stacks, policies };
}

function warnOfPlaceholders(stack: TerraformStack, config: unknown): void {
  const warning = placeholderWarning(config);
  if (warning) Annotations.of(stack).addWarning(warning);
}

/** An environment as its deploy roles, boundary and account bootstrap see it. */
function deployEnvironmentOf(config: EnvironmentConfig): DeployEnvironment {
  return {
    name: config.environment,
    region: config.region,
    stateKey: stateKey(config.project, config.environment),
    otherRegions: otherRegionsOf(config),
    accountId: config.account?.id,
    promoteFrom: config.registry?.promoteFrom,
    passedToServices: PASSED_TO_SERVICES,
    recordNames: recordNamesOf(config),
    ecrServices: config.services.filter((service) => service.image.source === "ecr").map((service) => service.name),
  };
}

/** The DNS names an environment's stack writes records under: its domains and its Cloud Map namespace. */
function recordNamesOf(config: EnvironmentConfig): string[] {
  const certificate = config.loadBalancer?.certificate;
  return [
    ...(certificate && "domainName" in certificate ? [certificate.domainName] : []),
    ...(config.frontend?.domain ? [config.frontend.domain.domainName] : []),
    ...(config.apiGateway?.domain ? [config.apiGateway.domain.domainName] : []),
    ...(config.cluster.serviceDiscoveryNamespace ? [config.cluster.serviceDiscoveryNamespace] : []),
  ];
}

/** Regions besides its own that an environment's stack creates resources in, for its apply role's region guard. */
function otherRegionsOf(config: EnvironmentConfig): string[] {
  const backup = config.database?.engine === "rds-postgres" ? config.database.crossRegionBackup?.region : undefined;
  return [...(backup ? [backup] : []), ...(config.frontend ? [EDGE_REGION] : [])];
}

/**
 * The repositories an environment's services pull their ECR images from, for the registries stage,
 * with the publish roles of the environments promoting from it (`registry.promoteFrom`), which may pull.
 */
function imageRepositories(config: EnvironmentConfig, served: readonly DeployEnvironment[], allowedAccountIds: readonly string[] | undefined): RepositorySpec[] {
  const stateAccountId = allowedAccountIds?.length === 1 ? allowedAccountIds[0] : undefined;
  const roleName = (environment: string, service: string) => publishRoleName(config.project, { environment, service });
  return config.services.flatMap((service) =>
    service.image.source === "ecr"
      ? [
          {
            name: repositoryName(`${config.project}-${config.environment}`, service.name),
            initialTag: service.image.tag,
            keepLastImages: service.image.keepLastImages,
            forceDelete: config.forceDestroy,
            pullers: repositoryPullers(served, config.environment, service.name, stateAccountId, roleName),
          },
        ]
      : [],
  );
}

/** Every rule runs over the stack whenever it is synthesized (`cdktf synth`, `app.synth()`, `Testing.synth`). */
function attachPolicyPack(stack: TerraformStack, tier: Tier, suppressions: readonly Suppression[]): PolicyPack {
  const pack = new PolicyPack(stack, { tier, rules: POLICY_RULES, locator: CONFIG_LOCATOR, suppressions });
  Aspects.of(stack).add(pack);
  return pack;
}
