import { LocalBackend, S3Backend } from "cdktf";
import { Construct } from "constructs";
import { createAwsContext } from "../core/aws-context";
import { PlatformStack } from "../core/platform-stack";
import { DeployEnvironment, DeployRoles } from "../delivery/deploy-roles";
import { imagePublisherTargets } from "../delivery/image-publisher";
import { DeliveryConfig } from "../delivery/schema";
import { ImageRegistries, imageTagParameterName, RepositorySpec } from "../registry/image-registries";
import { BootstrapConfig } from "./schema";
import { TerraformStateBackend } from "./terraform-state-backend";

/** Where the bootstrap stack's local state lives, relative to cdktf.out/stacks/bootstrap: the repo root, so `rm -rf cdktf.out` keeps it. */
export const BOOTSTRAP_LOCAL_STATE_PATH = "../../../terraform.bootstrap.tfstate";
export const BOOTSTRAP_STATE_KEY_SUFFIX = "bootstrap/terraform.tfstate";

/** Creates the state backend. Its own state is local until migrated into the bucket it creates. */
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
    if (config.stateInBucket) {
      new S3Backend(this, {
        bucket: config.stateBackend.bucket,
        key: `${config.project}/${BOOTSTRAP_STATE_KEY_SUFFIX}`,
        region: config.stateBackend.region,
        encrypt: true,
        dynamodbTable: config.stateBackend.dynamodbTable,
      });
    } else {
      new LocalBackend(this, { path: BOOTSTRAP_LOCAL_STATE_PATH });
    }
    this.stateBackend = new TerraformStateBackend(this, "state", {
      bucket: config.stateBackend.bucket,
      dynamodbTable: config.stateBackend.dynamodbTable,
      noncurrentVersionExpirationDays: config.noncurrentVersionExpirationDays,
    });
    const { accountId, partition } = createAwsContext(this, config.project, id, config.stateBackend.region);
    this.registries = new ImageRegistries(this, "registries", { project: config.project, accountId, partition, repositories: served.repositories });
    this.deployRoles = config.delivery && this.createDeployRoles(config, config.delivery, served.environments);
  }

  private createDeployRoles(config: BootstrapConfig, delivery: DeliveryConfig, environments: readonly DeployEnvironment[]): DeployRoles {
    const { project, stateBackend } = config;
    return new DeployRoles(this, "delivery", {
      project,
      delivery,
      environments,
      state: { bucket: stateBackend.bucket, lockTable: stateBackend.dynamodbTable, region: stateBackend.region },
      otherStateKeys: [`${project}/${BOOTSTRAP_STATE_KEY_SUFFIX}`],
      imagePublishers: imagePublisherTargets(project, delivery.imagePublishers, {
        ecrRegion: stateBackend.region,
        imageTagParameter: (environment, service) => imageTagParameterName(project, environment, service),
      }),
    });
  }
}

/** What the bootstrap stack serves ahead of the environments. */
export interface ServedEnvironments {
  /** Every environment's services' image repositories, created here a stage ahead. */
  readonly repositories: readonly RepositorySpec[];
  /** Every environment, for the deploy roles (their state stays out of other environments' reach). */
  readonly environments: readonly DeployEnvironment[];
}
