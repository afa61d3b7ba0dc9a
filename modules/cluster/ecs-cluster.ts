import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster as EcsClusterResource } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { Monitor } from "../monitoring/alarm";
import { ClusterConfig, OffHoursConfig } from "./schema";

export interface EcsClusterProps extends ClusterConfig {
  readonly context: AwsContext;
  /** VPC of the Cloud Map namespace; required with `serviceDiscoveryNamespace`. Default: none. */
  readonly vpcId?: string;
  /** The environment's key for log groups and ECS Exec sessions. No default. */
  readonly logsKeyArn: string;
  /** Where failed deployments are reported. No default. */
  readonly monitor: Monitor;
}

/** One entry of a capacity provider strategy, as services repeat it. */
export interface CapacityProviderShare {
  readonly capacityProvider: "FARGATE" | "FARGATE_SPOT";
  readonly base: number;
  readonly weight: number;
}

/**
 * The ECS cluster all services of an environment share: Fargate and Fargate Spot capacity, Container
 * Insights, ECS Exec with encrypted, logged sessions, the log groups' prefix and key, and
 * optionally a Cloud Map namespace for service-to-service discovery.
 */
export class EcsCluster extends Construct {
  readonly cluster: EcsClusterResource;
  readonly capacityProviders: EcsClusterCapacityProviders;
  readonly capacityProviderStrategy: readonly CapacityProviderShare[];
  /** Log groups under this prefix are encrypted with `logsKeyArn`. */
  readonly logGroupPrefix: string;
  readonly logsKeyArn: string;
  readonly serviceLogRetentionInDays: number;
  readonly executeCommandEnabled: boolean;
  /** Container Insights publishes per-service task counts (and more). */
  readonly containerInsights: boolean;
  readonly execLogGroupArn: string;
  readonly serviceDiscoveryNamespaceId?: string;
  /** When every service scales to zero and back. Default: none. */
  readonly offHours?: OffHoursConfig;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    const { namePrefix } = props.context;
    this.logGroupPrefix = `/ecs/${namePrefix}/`;
    this.serviceLogRetentionInDays = props.serviceLogRetentionInDays;
    this.executeCommandEnabled = props.enableExecuteCommand;
    this.containerInsights = props.containerInsights !== "disabled";
    this.logsKeyArn = props.logsKeyArn;
    this.offHours = props.offHours;
    const execLogGroup = new CloudwatchLogGroup(this, "exec-logs", {
      name: `${this.logGroupPrefix}execute-command`,
      retentionInDays: props.execLogRetentionInDays,
      kmsKeyId: this.logsKeyArn,
    });
    this.execLogGroupArn = execLogGroup.arn;

    this.cluster = new EcsClusterResource(this, "cluster", {
      name: namePrefix,
      setting: [{ name: "containerInsights", value: props.containerInsights }],
      configuration: {
        executeCommandConfiguration: {
          kmsKeyId: this.logsKeyArn,
          logging: "OVERRIDE",
          logConfiguration: {
            cloudWatchLogGroupName: execLogGroup.name,
            cloudWatchEncryptionEnabled: true,
          },
        },
      },
    });

    const { fargateBase, fargateWeight, fargateSpotWeight } = props.capacityProviderStrategy;
    this.capacityProviderStrategy = [
      { capacityProvider: "FARGATE", base: fargateBase, weight: fargateWeight },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: fargateSpotWeight },
    ];
    this.capacityProviders = new EcsClusterCapacityProviders(this, "capacity-providers", {
      clusterName: this.cluster.name,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategy: this.capacityProviderStrategy.map((share) => ({ ...share })),
    });

    if (props.serviceDiscoveryNamespace && props.vpcId) {
      this.serviceDiscoveryNamespaceId = new ServiceDiscoveryPrivateDnsNamespace(this, "namespace", {
        name: props.serviceDiscoveryNamespace,
        description: `Service discovery for ${namePrefix}`,
        vpc: props.vpcId,
      }).id;
    }
    this.reportFailedDeployments(props);
    new TerraformOutput(this, "cluster_name", { value: this.cluster.name, staticId: true });
    new TerraformOutput(this, "cluster_arn", { value: this.cluster.arn, staticId: true });
  }

  /**
   * Every deployment of the cluster's services that ECS marks failed (rolled back by the circuit
   * breaker or a deployment alarm) is sent to the alarm topic.
   */
  private reportFailedDeployments(props: EcsClusterProps): void {
    const { partition, region, accountId, namePrefix } = props.context;
    props.monitor.notifyOn(this, "failed-deployments", `Failed ECS deployments in ${namePrefix}`, {
      source: ["aws.ecs"],
      "detail-type": ["ECS Deployment State Change"],
      resources: [{ prefix: `arn:${partition}:ecs:${region}:${accountId}:service/${namePrefix}/` }],
      detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
    });
  }
}
