import { Construct } from "constructs";
import { ALARM_MINUTES, errorRatePercent, Metric, MetricExpression, Monitor, mostOf, sustainedFor } from "../monitoring/alarm";
import { ApiGatewayConfig } from "./schema";

/** The one stage of the API; HTTP APIs publish their metrics per API and stage. */
export const DEFAULT_STAGE = "$default";

/**
 * The API's alarms (the share of requests answered with 5xx, the p99 latency) and its dashboard
 * tiles, from the HTTP API metrics of AWS/ApiGateway (`Count`, `4xx`, `5xx`, `Latency`,
 * `IntegrationLatency`) by ApiId and Stage.
 */
export function watchHttpApi(monitor: Monitor, scope: Construct, apiId: string, config: ApiGatewayConfig): void {
  const metric = (metricName: string, statistic: string): Metric => ({
    namespace: "AWS/ApiGateway",
    metricName,
    dimensions: { ApiId: apiId, Stage: DEFAULT_STAGE },
    statistic,
  });
  const { error5xxPercent, latencyP99Milliseconds } = config.alarms;
  const errorRate: MetricExpression = {
    expression: errorRatePercent("errors", "requests"),
    label: "5xx from the API, % of requests",
    metrics: { errors: metric("5xx", "Sum"), requests: metric("Count", "Sum") },
  };
  monitor.alarm(scope, {
    resource: "http-api",
    signal: "5xx-rate-high",
    description: `The HTTP API answered more than ${error5xxPercent}% of requests with 5xx in 3 of 5 minutes: its access log's integrationError and integrationStatus tell an unreachable service (503, VPC link, Cloud Map) from one that failed.`,
    metric: errorRate,
    comparison: "GreaterThanThreshold",
    threshold: error5xxPercent,
    ...mostOf(3, ALARM_MINUTES),
    missingData: "notBreaching",
    severity: "page",
  });
  monitor.alarm(scope, {
    resource: "http-api",
    signal: "latency-high",
    description: `99th percentile latency of the HTTP API above ${latencyP99Milliseconds} ms for 5 minutes: compare with IntegrationLatency, then look at the slow service.`,
    metric: metric("Latency", "p99"),
    comparison: "GreaterThanThreshold",
    threshold: latencyP99Milliseconds,
    ...sustainedFor(ALARM_MINUTES),
    missingData: "notBreaching",
    severity: "notify",
  });
  const section = "HTTP API";
  monitor.tile({ section, title: "Requests, 4xx and 5xx", metrics: [metric("Count", "Sum"), metric("4xx", "Sum"), metric("5xx", "Sum")] });
  monitor.tile({ section, title: "5xx, % of requests", metrics: [errorRate], threshold: error5xxPercent });
  monitor.tile({
    section,
    title: "Latency p99 (ms)",
    metrics: [metric("Latency", "p99"), metric("IntegrationLatency", "p99")],
    threshold: latencyP99Milliseconds,
  });
}
