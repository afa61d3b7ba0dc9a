import { S3Backend } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../environments/types";
import { AwsContext, createAwsContext } from "./lib/aws-context";
import { Network } from "./network";
import { PlatformStack } from "./platform-stack";

/** State key of an environment inside the shared state bucket. */
export function stateKey(project: string, environment: string): string {
  return `${project}/${environment}/terraform.tfstate`;
}

/** One environment: network, shared cluster, load balancer, services and database, from its config. */
export class EnvironmentStack extends PlatformStack {
  readonly context: AwsContext;
  readonly network: Network;

  constructor(scope: Construct, config: EnvironmentConfig) {
    super(scope, config.environment, {
      project: config.project,
      environment: config.environment,
      region: config.region,
      allowedAccountIds: config.allowedAccountIds,
      tags: config.tags,
    });
    this.configureBackend(config);
    this.context = createAwsContext(this, config.project, config.environment, config.region);
    this.network = new Network(this, "network", { ...config.network, context: this.context });
  }

  private configureBackend(config: EnvironmentConfig): void {
    const backend = config.stateBackend;
    new S3Backend(this, {
      bucket: backend.bucket,
      key: stateKey(config.project, config.environment),
      region: backend.region,
      encrypt: true,
      dynamodbTable: backend.dynamodbTable,
    });
    if (backend.useLockfile) {
      // cdktf 0.21's S3Backend has no use_lockfile option yet.
      this.addOverride("terraform.backend.s3.use_lockfile", true);
    }
  }
}
