import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { createAwsContext } from "../core/aws-context";
import { PlatformStack } from "../core/platform-stack";
import { EnvironmentBoundary } from "../delivery/boundary";
import { boundaryScope, DeployEnvironment, DeployRoles } from "../delivery/deploy-roles";
import { imagePublisherTargets, ImagePublisherTarget } from "../delivery/image-publisher";
import { DeliveryConfig, resolvedPublishers } from "../delivery/schema";
import { stateArns, StateLocation } from "../delivery/state-access";
import { ImageRegistries, imageTagParameterName, RepositorySpec } from "../registry/image-registries";
import { promotionSource } from "../registry/promotion";
import { accountBootstrapStackName, BOOTSTRAP_STACK_NAME, BootstrapConfig } from "./schema";
import { TerraformStateBackend } from "./terraform-state-backend";

/** Where the bootstrap stack's local state lives, relative to cdktf.out/stacks/bootstrap: the repo root, so `rm -rf cdktf.out` keeps it. */
export const BOOTSTRAP_LOCAL_STATE_PATH = "../../../terraform.bootstrap.tfstate";
export const BOOTSTRAP_STATE_KEY_SUFFIX = "bootstrap/terraform.tfstate";

/**
 * The backend of a bootstrap stack (the state's, or an account's): local until migrated into the
 * bucket the state's creates (`stateInBucket`), then beside the environments' states.
 */
export function configureBootstrapBackend(stack: TerraformStack, config: BootstrapConfig, name: string): void {
  if (!config.stateInBucket) {
    new LocalBackend(stack, { path: BOOTSTRAP_LOCAL_STATE_PATH.replace("bootstrap", name) });
    return;
  }
  new S3Backend(stack, {
    bucket: config.stateBackend.bucket,
    key: `${config.project}/${BOOTSTRAP_STATE_KEY_SUFFIX.replace("bootstrap", name)}`,
    region: config.stateBackend.region,
    encrypt: true,
    dynamodbTable: config.stateBackend.dynamodbTable,
  });
  // cdktf 0.21's S3Backend has no use_lockfile option yet.
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}

/** The state location every deploy role is granted on. */
export function stateLocationOf(config: BootstrapConfig): StateLocation {
  const { bucket, dynamodbTable, region } = config.stateBackend;
  return { bucket, lockTable: dynamodbTable, region };
}

/** The publishers of the delivery settings, resolved per environment and with their services' names. */
export function publisherTargets(config: BootstrapConfig, delivery: DeliveryConfig, environments: readonly DeployEnvironment[]): ImagePublisherTarget[] {
  const facts = environments.map((environment) => ({ name: environment.name, services: [], ecrServices: environment.ecrServices ?? [] }));
  return imagePublisherTargets(config.project, resolvedPublishers(delivery, facts), {
    ecrRegion: config.stateBackend.region,
    imageTagParameter: (environment, service) => imageTagParameterName(config.project, environment, service),
    promotedFrom: (environment, service) =>
      promotionSource(config.project, environments, environment, service, config.allowedAccountIds?.length === 1 ? config.allowedAccountIds[0] : undefined),
  });
}

/** The state keys of the bootstrap stacks (the state's, each account's), which no deploy role may touch. */
export function bootstrapStateKeys(project: string, environments: readonly DeployEnvironment[]): string[] {
  const names = [BOOTSTRAP_STACK_NAME, ...environments.filter((environment) => !inStateAccount(environment)).map((environment) => accountBootstrapStackName(environment.name))];
  return names.map((name) => `${project}/${BOOTSTRAP_STATE_KEY_SUFFIX.replace("bootstrap", name)}`);
}

/** Environments in the state's account: the bootstrap stack serves them; each other account has its own stack. */
export function inStateAccount(environment: DeployEnvironment): boolean {
  return environment.accountId === undefined;
}

/**
 * Creates the state backend, and for the environments in its account their image registries,
 * permissions boundaries and deploy roles. Its own state is local until migrated into the bucket it
 * creates.
 */
export class BootstrapStack extends PlatformStack {
  readonly stateBackend: TerraformStateBackend;

  readonly registries: ImageRegistries;
  readonly deployRoles?: DeployRoles;

  constructor(scope: Construct, id: string, config: BootstrapConfig, served: ServedEnvironments = { repositories: [], environments: [] }) {
    super(scope, id, {
      project: config.project,
      environment: id,
      region: config.stateBackend.region,
      allowedAccountIds: config.allowedAccountIds,
      tags: config.tags,
    });
    configureBootstrapBackend(this, config, id);
    this.stateBackend = new TerraformStateBackend(this, "state", {
      bucket: config.stateBackend.bucket,
      dynamodbTable: config.stateBackend.dynamodbTable,
      noncurrentVersionExpirationDays: config.noncurrentVersionExpirationDays,
    });
    const { accountId, partition } = createAwsContext(this, config.project, id, config.stateBackend.region);
    const local = served.environments.filter(inStateAccount);
    this.registries = new ImageRegistries(this, "registries", {
      project: config.project,
      accountId,
      partition,
      repositories: served.repositories.filter((repository) => local.some((environment) => repository.name.startsWith(`${config.project}-${environment.name}/`))),
    });
    const state = stateArns(stateLocationOf(config), accountId, partition);
    for (const environment of local) {
      new EnvironmentBoundary(this, `${environment.name}-boundary`, boundaryScope({ project: config.project, environments: served.environments }, environment, partition, state));
    }
    this.deployRoles = config.delivery && this.createDeployRoles(config, config.delivery, served.environments);
  }

  private createDeployRoles(config: BootstrapConfig, delivery: DeliveryConfig, environments: readonly DeployEnvironment[]): DeployRoles {
    const { project } = config;
    const local = new Set(environments.filter(inStateAccount).map((environment) => environment.name));
    return new DeployRoles(this, "delivery", {
      project,
      delivery,
      environments,
      state: stateLocationOf(config),
      otherStateKeys: bootstrapStateKeys(project, environments),
      imagePublishers: publisherTargets(config, delivery, environments).filter((target) => local.has(target.environment)),
    });
  }
}

/** What the bootstrap stack serves ahead of the environments. */
export interface ServedEnvironments {
  /** Every environment's services' image repositories, created here (or in the environment's account stack) a stage ahead. */
  readonly repositories: readonly RepositorySpec[];
  /** Every environment, for the deploy roles (their state stays out of other environments' reach). */
  readonly environments: readonly DeployEnvironment[];
}
