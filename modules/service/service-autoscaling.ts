import { Token } from "cdktf";
import { AppautoscalingPolicy, AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingScheduledAction } from "@cdktf/provider-aws/lib/appautoscaling-scheduled-action";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { Construct } from "constructs";
import { OffHoursConfig } from "../cluster/schema";
import { PerTaskMetric } from "../core/capability";
import { ServiceAutoscalingConfig } from "./schema";

/**
 * Seconds between scaling steps: out after one minute (a load spike needs tasks now), in after
 * five (a dip between spikes should not remove the tasks the next spike needs).
 */
export const SCALE_OUT_COOLDOWN_SECONDS = 60;
export const SCALE_IN_COOLDOWN_SECONDS = 300;

/** Names of the two scheduled actions of an off-hours schedule, unique per scalable target. */
export const OFF_HOURS_ACTIONS = { down: "off-hours-scale-down", up: "off-hours-scale-up" } as const;

export interface ServiceAutoscalingProps extends Partial<ServiceAutoscalingConfig> {
  /** Fewest and most tasks: autoscaling's, or the desired count for both on a fixed-size service. */
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Track CPU, memory and the optional metrics; off for a fixed-size service scaled only by `offHours`. */
  readonly tracking: boolean;
  /** Scale to zero outside working hours and back to min..max. Default: none. */
  readonly offHours?: OffHoursConfig;
  /** Name of the ECS cluster. No default. */
  readonly clusterName: string;
  /** Name of the ECS service. No default. */
  readonly serviceName: string;
  /** "<alb arn suffix>/<target group arn suffix>", for request-count scaling. Default: none. */
  readonly requestCountResourceLabel?: string;
  /** Metrics per running task to track, made by the capabilities that own them (e.g. a queue's backlog). Default: none. */
  readonly perTaskMetrics?: readonly PerTaskMetric[];
}

/**
 * The service's scalable target: target tracking on CPU, memory and optionally ALB requests or
 * a capability's metric per task (scales out fast, in slowly), and an optional off-hours schedule.
 */
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
      // The schedule moves min and max twice a day; a plan in between would undo it. The scale-up
      // action carries the configured bounds, so a changed min or max arrives with the next morning
      // (terraform-aws-modules/terraform-aws-ecs#422).
      lifecycle: props.offHours ? { ignoreChanges: ["min_capacity", "max_capacity"] } : undefined,
    });
    if (props.offHours) this.scheduleOffHours(props.offHours, props);
    if (!props.tracking) return;
    if (props.cpuTargetPercent !== undefined) this.trackMetric("cpu", "ECSServiceAverageCPUUtilization", props.cpuTargetPercent);
    if (props.memoryTargetPercent !== undefined) this.trackMetric("memory", "ECSServiceAverageMemoryUtilization", props.memoryTargetPercent);
    if (props.requestsPerTarget !== undefined && props.requestCountResourceLabel) {
      this.trackMetric("requests", "ALBRequestCountPerTarget", props.requestsPerTarget, props.requestCountResourceLabel);
    }
    for (const metric of props.perTaskMetrics ?? []) this.trackPerTask(props, metric);
  }

  /** AWS's metric-per-task pattern (as for a queue's backlog): the total divided by running tasks, held at the target. */
  private trackPerTask(props: ServiceAutoscalingProps, { policy, targetValue, total, perTask }: PerTaskMetric): void {
    this.policy(policy, targetValue, {
      customizedMetricSpecification: {
        metrics: [
          {
            id: total.id,
            returnData: false,
            metricStat: {
              stat: total.stat,
              metric: { namespace: total.namespace, metricName: total.metricName, dimensions: [...total.dimensions] },
            },
          },
          {
            id: "tasks",
            returnData: false,
            metricStat: {
              stat: "Average",
              metric: {
                namespace: "ECS/ContainerInsights",
                metricName: "RunningTaskCount",
                dimensions: [
                  { name: "ClusterName", value: props.clusterName },
                  { name: "ServiceName", value: props.serviceName },
                ],
              },
            },
          },
          { id: perTask.id, label: perTask.label, expression: `${total.id} / tasks`, returnData: true },
        ],
      },
    });
  }

  private scheduleOffHours(offHours: OffHoursConfig, props: ServiceAutoscalingProps): void {
    const action = (id: keyof typeof OFF_HOURS_ACTIONS, schedule: string, minCapacity: number, maxCapacity: number) =>
      new AppautoscalingScheduledAction(this, OFF_HOURS_ACTIONS[id], {
        name: OFF_HOURS_ACTIONS[id],
        serviceNamespace: this.target.serviceNamespace,
        resourceId: this.target.resourceId,
        scalableDimension: this.target.scalableDimension,
        schedule,
        timezone: offHours.timeZone,
        scalableTargetAction: { minCapacity: asText(minCapacity), maxCapacity: asText(maxCapacity) },
      });
    action("down", offHours.scaleDownAt, 0, 0);
    action("up", offHours.scaleUpAt, props.minCapacity, props.maxCapacity);
  }

  private trackMetric(id: string, metric: string, targetValue: number, resourceLabel?: string): void {
    this.policy(id, targetValue, { predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel } });
  }

  private policy(id: string, targetValue: number, metric: Partial<AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration>): void {
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
        ...metric,
      },
    });
  }
}

/** A count as the scheduled action's text; a held count (a Terraform expression) stays an expression. */
function asText(count: number): string {
  return Token.isUnresolved(count) ? Token.asString(count) : String(count);
}
