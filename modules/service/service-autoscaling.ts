import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { Construct } from "constructs";
import { ServiceAutoscalingConfig } from "./schema";

export const SCALE_OUT_COOLDOWN_SECONDS = 60;
export const SCALE_IN_COOLDOWN_SECONDS = 300;

export interface ServiceAutoscalingProps extends ServiceAutoscalingConfig {
  /** Name of the ECS cluster. No default. */
  readonly clusterName: string;
  /** Name of the ECS service. No default. */
  readonly serviceName: string;
  /** "<alb arn suffix>/<target group arn suffix>", for request-count scaling. Default: none. */
  readonly requestCountResourceLabel?: string;
}

/** Target tracking on CPU, memory and optionally ALB requests per task; scales out fast, in slowly. */
export class ServiceAutoscaling extends Construct {
  readonly target: AppautoscalingTarget;

  constructor(scope: Construct, id: string, props: ServiceAutoscalingProps) {
    super(scope, id);
    this.target = new AppautoscalingTarget(this, "target", {
      serviceNamespace: "ecs",
      resourceId: `service/${props.clusterName}/${props.serviceName}`,
      scalableDimension: "ecs:service:DesiredCount",
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
    });
    this.trackMetric("cpu", "ECSServiceAverageCPUUtilization", props.cpuTargetPercent);
    this.trackMetric("memory", "ECSServiceAverageMemoryUtilization", props.memoryTargetPercent);
    if (props.requestsPerTarget !== undefined && props.requestCountResourceLabel) {
      this.trackMetric("requests", "ALBRequestCountPerTarget", props.requestsPerTarget, props.requestCountResourceLabel);
    }
  }

  private trackMetric(id: string, metric: string, targetValue: number, resourceLabel?: string): void {
    new AppautoscalingPolicy(this, id, {
      name: `${id}-target-tracking`,
      policyType: "TargetTrackingScaling",
      serviceNamespace: this.target.serviceNamespace,
      resourceId: this.target.resourceId,
      scalableDimension: this.target.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        targetValue,
        scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS,
        scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS,
        predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel },
      },
    });
  }
}
