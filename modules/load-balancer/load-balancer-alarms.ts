import { Construct } from "constructs";
import { ALARM_MINUTES, errorRatePercent, Metric, MetricExpression, Monitor, mostOf } from "../monitoring/alarm";
import { LoadBalancerConfig } from "./schema";

/**
 * The load balancer's own alarms (the 5xx it answers itself, as a share of requests, and rejected
 * connections) and its dashboard tiles; each routed service watches its own target group.
 */
export function watchLoadBalancer(monitor: Monitor, scope: Construct, arnSuffix: string, config: LoadBalancerConfig): void {
  const metric = (metricName: string): Metric => ({
    namespace: "AWS/ApplicationELB",
    metricName,
    dimensions: { LoadBalancer: arnSuffix },
    statistic: "Sum",
  });
  const errorRate: MetricExpression = {
    expression: errorRatePercent("errors", "requests"),
    label: "5xx from the load balancer, % of requests",
    metrics: { errors: metric("HTTPCode_ELB_5XX_Count"), requests: metric("RequestCount") },
  };
  monitor.alarm(scope, {
    resource: "alb",
    signal: "5xx-rate-high",
    description: `The load balancer itself answered more than ${config.alarms.elb5xxPercent}% of requests with 5xx in 3 of 5 minutes (502/503/504: no healthy target, target timeouts): look at the services' unhealthy-target alarms.`,
    metric: errorRate,
    comparison: "GreaterThanThreshold",
    threshold: config.alarms.elb5xxPercent,
    ...mostOf(3, ALARM_MINUTES),
    missingData: "notBreaching",
    severity: "page",
  });
  monitor.alarm(scope, {
    resource: "alb",
    signal: "rejected-connections",
    description: "The load balancer rejected connections for 3 of 5 minutes: it reached its connection limit; look at traffic and targets' response times.",
    metric: metric("RejectedConnectionCount"),
    comparison: "GreaterThanThreshold",
    threshold: 0,
    ...mostOf(3, ALARM_MINUTES),
    missingData: "notBreaching",
    severity: "notify",
  });
  const section = "Load balancer";
  monitor.tile({ section, title: "Requests", metrics: [metric("RequestCount")] });
  monitor.tile({ section, title: "5xx from the load balancer, %", metrics: [errorRate], threshold: config.alarms.elb5xxPercent });
}
