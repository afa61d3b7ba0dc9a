import { Construct } from "constructs";
import { ALARM_MINUTES, errorRatePercent, Metric, MetricExpression, Monitor, mostOf, sustainedFor } from "../monitoring/alarm";
import { ServiceAlarmThresholds } from "../monitoring/schema";

export interface WatchedService {
  readonly scope: Construct;
  /** Service name as configured: the resource part of alarm names. */
  readonly name: string;
  readonly clusterName: string;
  /** The ECS service's name; a literal, so the service can wait for its own alarms. */
  readonly ecsServiceName: string;
  readonly thresholds: ServiceAlarmThresholds;
  /** Tasks that should always run (the autoscaling minimum, else the desired count); 0 turns the alarm off. */
  readonly minimumTasks: number;
  /** Container Insights publishes the running task count; without it there is no such alarm. */
  readonly containerInsights: boolean;
  /** For a service behind the load balancer: the ARN suffixes its metrics are keyed by. */
  readonly target?: { readonly loadBalancer: string; readonly targetGroup: string };
}

/**
 * AWS's recommended ECS and target-group alarms for one service (CPU, memory, running tasks below
 * the minimum; for routed services 5xx share, p99 response time and unhealthy targets) and its
 * dashboard tiles. Returns the alarms that guard its deployments: a deployment that raises the
 * 5xx share or latency (memory, for a worker) rolls back.
 */
export function watchService(monitor: Monitor, service: WatchedService): string[] {
  const { name, scope, thresholds } = service;
  const ecs = (metricName: string, statistic: string, namespace = "AWS/ECS"): Metric => ({
    namespace,
    metricName,
    dimensions: { ClusterName: service.clusterName, ServiceName: service.ecsServiceName },
    statistic,
  });
  const alarm = (signal: string, description: string, spec: Omit<Parameters<Monitor["alarm"]>[1], "resource" | "signal" | "description">) =>
    monitor.alarm(scope, { resource: name, signal, description, ...spec });
  const utilisation = (signal: string, metricName: string, label: string, threshold: number) =>
    alarm(signal, `${label} of ${name}'s tasks above ${threshold}% for 5 minutes: look at the service's logs and load; autoscaling may be at its maximum.`, {
      metric: ecs(metricName, "Average"),
      comparison: "GreaterThanThreshold",
      threshold,
      ...sustainedFor(ALARM_MINUTES),
      missingData: "notBreaching",
      severity: "notify",
    });

  utilisation("cpu-high", "CPUUtilization", "CPU", thresholds.cpuPercent);
  const memory = utilisation("memory-high", "MemoryUtilization", "Memory", thresholds.memoryPercent);
  if (service.containerInsights && service.minimumTasks > 0) {
    alarm("tasks-below-minimum", `Fewer than ${service.minimumTasks} task(s) of ${name} running for 3 of 5 minutes: look at the service's events (failed pulls, failing health checks, crashes).`, {
      metric: ecs("RunningTaskCount", "Average", "ECS/ContainerInsights"),
      comparison: "LessThanThreshold",
      threshold: service.minimumTasks,
      ...mostOf(3, ALARM_MINUTES),
      missingData: "breaching",
      severity: "page",
    });
  }
  const section = `Service ${name}`;
  monitor.tile({ section, title: "CPU and memory %", metrics: [ecs("CPUUtilization", "Average"), ecs("MemoryUtilization", "Average")] });
  if (service.containerInsights) monitor.tile({ section, title: "Running tasks", metrics: [ecs("RunningTaskCount", "Average", "ECS/ContainerInsights")] });
  if (!service.target) return [memory];
  return watchTarget(monitor, service, service.target, alarm, section);
}

function watchTarget(
  monitor: Monitor,
  service: WatchedService,
  target: NonNullable<WatchedService["target"]>,
  alarm: (signal: string, description: string, spec: Omit<Parameters<Monitor["alarm"]>[1], "resource" | "signal" | "description">) => string,
  section: string,
): string[] {
  const { name, thresholds } = service;
  const metric = (metricName: string, statistic: string): Metric => ({
    namespace: "AWS/ApplicationELB",
    metricName,
    dimensions: { LoadBalancer: target.loadBalancer, TargetGroup: target.targetGroup },
    statistic,
  });
  const errorRate: MetricExpression = {
    expression: errorRatePercent("errors", "requests"),
    label: `${name} 5xx % of requests`,
    metrics: { errors: metric("HTTPCode_Target_5XX_Count", "Sum"), requests: metric("RequestCount", "Sum") },
  };
  const errors = alarm("5xx-rate-high", `${name} answered more than ${thresholds.target5xxPercent}% of requests with 5xx in 3 of 5 minutes: look at the service's logs and its latest deployment.`, {
    metric: errorRate,
    comparison: "GreaterThanThreshold",
    threshold: thresholds.target5xxPercent,
    ...mostOf(3, ALARM_MINUTES),
    missingData: "notBreaching",
    severity: "page",
  });
  const latency = alarm("latency-high", `99th percentile response time of ${name} above ${thresholds.targetResponseTimeP99Seconds} s for 5 minutes: look at its dependencies (database, other services) and CPU.`, {
    metric: metric("TargetResponseTime", "p99"),
    comparison: "GreaterThanThreshold",
    threshold: thresholds.targetResponseTimeP99Seconds,
    ...sustainedFor(ALARM_MINUTES),
    missingData: "notBreaching",
    severity: "notify",
  });
  alarm("unhealthy-targets", `Targets of ${name} failing load balancer health checks for 5 minutes: look at the health check path and the tasks' logs.`, {
    metric: metric("UnHealthyHostCount", "Maximum"),
    comparison: "GreaterThanThreshold",
    threshold: 0,
    ...sustainedFor(ALARM_MINUTES),
    missingData: "notBreaching",
    severity: "notify",
  });
  monitor.tile({ section, title: "Requests and 5xx %", metrics: [metric("RequestCount", "Sum"), errorRate], threshold: thresholds.target5xxPercent });
  monitor.tile({ section, title: "Response time p99 (s)", metrics: [metric("TargetResponseTime", "p99")], threshold: thresholds.targetResponseTimeP99Seconds });
  return [errors, latency];
}
