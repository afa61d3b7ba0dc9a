import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { Metric, Monitor, sustainedFor } from "../monitoring/alarm";
import { EDGE_REGION, FrontendConfig } from "./schema";

/** Minutes in a row the 5xx rate must stay above the threshold. */
const ERROR_RATE_MINUTES = 5;

/**
 * The distribution's 5xx rate alarm and its dashboard tiles. CloudFront publishes its metrics in
 * us-east-1 only, and an alarm (like a dashboard metric without a region) reads its own region's
 * metrics, while `Monitor` creates both in the environment's region: so they are registered only
 * for an environment in us-east-1. Elsewhere the construct says so at synth (an info line), and
 * the alarm waits for a Monitor that can place an alarm in another region.
 */
export function watchDistribution(
  monitor: Monitor,
  scope: Construct,
  context: AwsContext,
  distributionId: string,
  alarms: FrontendConfig["alarms"],
): void {
  if (context.region !== EDGE_REGION) {
    Annotations.of(scope).addInfo(
      `${context.namePrefix}: the CloudFront 5xx alarm is not created: CloudFront's metrics are in ${EDGE_REGION} and the environment's alarms in ${context.region}.`,
    );
    return;
  }
  const metric = (metricName: string, statistic: string): Metric => ({
    namespace: "AWS/CloudFront",
    metricName,
    dimensions: { DistributionId: distributionId, Region: "Global" },
    statistic,
  });
  monitor.alarm(scope, {
    resource: "cdn",
    signal: "5xx-rate-high",
    description: `CloudFront answered more than ${alarms.error5xxPercent}% of requests with 5xx for ${ERROR_RATE_MINUTES} minutes in a row: look at the API origin (load balancer, services) and, for static paths, the bucket and its policy.`,
    metric: metric("5xxErrorRate", "Average"),
    comparison: "GreaterThanThreshold",
    threshold: alarms.error5xxPercent,
    ...sustainedFor(ERROR_RATE_MINUTES),
    missingData: "notBreaching",
    severity: "page",
  });
  const section = "CloudFront";
  monitor.tile({ section, title: "Requests", metrics: [metric("Requests", "Sum")] });
  monitor.tile({ section, title: "5xx, % of requests", metrics: [metric("5xxErrorRate", "Average")], threshold: alarms.error5xxPercent });
}
