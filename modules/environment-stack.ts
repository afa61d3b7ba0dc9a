import { S3Backend } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../environments/types";
import { AwsContext, createAwsContext } from "./lib/aws-context";
import { ApplicationLoadBalancer } from "./application-load-balancer";
import { EcsCluster } from "./ecs-cluster";
import { EcsService } from "./ecs-service";
import { Network } from "./network";
import { PlatformStack } from "./platform-stack";
import { PostgresDatabase } from "./postgres-database";

/** State key of an environment inside the shared state bucket. */
export function stateKey(project: string, environment: string): string {
  return `${project}/${environment}/terraform.tfstate`;
}

/** One environment: network, shared cluster, load balancer, services and database, from its config. */
export class EnvironmentStack extends PlatformStack {
  readonly context: AwsContext;
  readonly network: Network;
  readonly database?: PostgresDatabase;
  readonly cluster: EcsCluster;
  readonly loadBalancer: ApplicationLoadBalancer;
  readonly services: ReadonlyMap<string, EcsService>;

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
    if (config.database) {
      this.database = new PostgresDatabase(this, "database", {
        ...config.database,
        context: this.context,
        vpcId: this.network.vpcId,
        databaseSubnetGroupName: this.network.databaseSubnetGroupName,
      });
    }
    this.cluster = new EcsCluster(this, "cluster", { ...config.cluster, context: this.context, vpcId: this.network.vpcId });
    this.loadBalancer = new ApplicationLoadBalancer(this, "load-balancer", {
      ...config.loadBalancer,
      context: this.context,
      vpcId: this.network.vpcId,
      publicSubnetIds: this.network.publicSubnetIds,
    });
    this.services = this.createServices(config);
  }

  private createServices(config: EnvironmentConfig): Map<string, EcsService> {
    const services = new Map<string, EcsService>();
    for (const service of config.services ?? []) {
      const created = new EcsService(this, `service-${service.name}`, {
        ...service,
        context: this.context,
        cluster: this.cluster,
        vpcId: this.network.vpcId,
        subnetIds: this.network.serviceSubnetIds,
        assignPublicIp: this.network.servicesNeedPublicIp,
        alb: this.loadBalancer,
        database: service.useDatabase ? this.database : undefined,
      });
      if (service.useDatabase) this.database?.allowFrom(service.name, created.securityGroupId);
      services.set(service.name, created);
    }
    for (const service of config.services ?? []) {
      for (const caller of service.allowIngressFrom ?? []) {
        services.get(service.name)?.acceptCallsFrom(services.get(caller) as EcsService);
      }
    }
    return services;
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
