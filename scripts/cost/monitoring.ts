/** CloudWatch alarms (per metric they read), dashboards, and log groups (ingestion and storage). */
import { count, EstimateContext, LineItem, lineItem, price, Range, summedAddress } from "./line-items";
import { Block, block, blocks, num, Resource, str } from "./terraform";

/** Metrics of a period under a minute are high resolution. */
const STANDARD_PERIOD_SECONDS = 60;
/** An anomaly detection band is billed as two metrics beside the one it watches. */
const ANOMALY_BAND_EXTRA_METRICS = 2;
const DAYS_PER_MONTH = 365 / 12;
/** A log group that never expires keeps growing; the estimate shows its first year. */
const NEVER_EXPIRES_MONTHS = 12;

export interface AlarmMetrics {
  readonly metrics: number;
  readonly highResolution: boolean;
}

/** Metrics an alarm is billed for: one, or one per metric a metric-math alarm reads (anomaly bands count 3). */
export function alarmMetrics(alarm: Block): AlarmMetrics {
  const queries = blocks(alarm, "metric_query");
  if (queries.length === 0) return { metrics: 1, highResolution: (num(alarm, "period") ?? STANDARD_PERIOD_SECONDS) < STANDARD_PERIOD_SECONDS };
  const read = queries.map((query) => block(query, "metric")).filter((metric): metric is Block => metric !== undefined);
  const bands = queries.filter((query) => (str(query, "expression") ?? "").includes("ANOMALY_DETECTION_BAND")).length;
  return {
    // A query-only alarm (Metrics Insights) is billed as at least one metric.
    metrics: Math.max(1, read.length + bands * ANOMALY_BAND_EXTRA_METRICS),
    highResolution: read.some((metric) => (num(metric, "period") ?? STANDARD_PERIOD_SECONDS) < STANDARD_PERIOD_SECONDS),
  };
}

function alarmLine(context: EstimateContext, alarms: readonly Resource[], highResolution: boolean): LineItem[] {
  const selected = alarms.map((alarm) => alarmMetrics(alarm.body)).filter((metrics) => metrics.highResolution === highResolution);
  if (selected.length === 0) return [];
  const metrics = selected.reduce((sum, alarm) => sum + alarm.metrics, 0);
  return [
    lineItem({
      item: `CloudWatch alarm metrics (${highResolution ? "high" : "standard"} resolution)`,
      address: summedAddress("aws_cloudwatch_metric_alarm", selected.length),
      quantity: metrics,
      unit: "alarm metrics",
      price: price(
        context,
        (prices) => (highResolution ? prices.cloudwatch.highResolutionAlarmMetric : prices.cloudwatch.standardAlarmMetric),
        "CloudWatch alarms",
      ),
      note: `${selected.length} alarm(s); metric-math alarms count each metric they read; the account's 10 free alarm metrics are not deducted`,
    }),
  ];
}

export function alarmLines(context: EstimateContext): LineItem[] {
  const alarms = context.stack.ofType("aws_cloudwatch_metric_alarm");
  const composite = context.stack.ofType("aws_cloudwatch_composite_alarm");
  const compositeLine = lineItem({
    item: "CloudWatch composite alarms",
    address: summedAddress("aws_cloudwatch_composite_alarm", composite.length),
    quantity: composite.length,
    unit: "alarms",
    price: price(context, (prices) => prices.cloudwatch.compositeAlarm, "CloudWatch composite alarms"),
  });
  return [...alarmLine(context, alarms, false), ...alarmLine(context, alarms, true), ...(composite.length > 0 ? [compositeLine] : [])];
}

export function dashboardLines(context: EstimateContext): LineItem[] {
  const dashboards = context.stack.ofType("aws_cloudwatch_dashboard");
  if (dashboards.length === 0) return [];
  const free = context.usage.freeDashboards;
  return [
    lineItem({
      item: "CloudWatch dashboards",
      address: summedAddress("aws_cloudwatch_dashboard", dashboards.length),
      quantity: Math.max(0, dashboards.length - free),
      unit: "dashboards",
      price: price(context, (prices) => prices.cloudwatch.dashboard, "CloudWatch dashboards"),
      note: `${dashboards.length} dashboard(s) less freeDashboards ${free} (assumption: AWS's 3 free per account are shared by every stack)`,
    }),
  ];
}

/** GB a month written to a log group: its entry in logGroupGbPerMonth, else logGbPerGroupPerMonth. */
export function logGroupGb(context: EstimateContext, group: Resource): number {
  const name = str(group.body, "name");
  const overrides = context.usage.logGroupGbPerMonth;
  return name !== undefined && Object.prototype.hasOwnProperty.call(overrides, name) ? overrides[name] : context.usage.logGbPerGroupPerMonth;
}

/** Months of logs a group holds once its retention is full (a group that never expires: its first year). */
export function retainedMonths(retentionDays: number | undefined): number {
  return retentionDays === undefined || retentionDays === 0 ? NEVER_EXPIRES_MONTHS : Math.min(retentionDays, 365) / DAYS_PER_MONTH;
}

/** GB stored: in the first month at most one month's worth, once retention is full `months` months' worth. */
function storedGb(gb: number, months: number): Range {
  return { min: gb * Math.min(1, months), max: gb * months };
}

export function logGroupLines(context: EstimateContext): LineItem[] {
  const groups = context.stack.ofType("aws_cloudwatch_log_group");
  if (groups.length === 0) return [];
  const written = groups.map((group) => ({ gb: logGroupGb(context, group), months: retainedMonths(num(group.body, "retention_in_days")) }));
  const ingested = written.reduce((sum, group) => sum + group.gb, 0);
  const stored = written
    .map((group) => storedGb(group.gb, group.months))
    .reduce((sum, range) => ({ min: sum.min + range.min, max: sum.max + range.max }), { min: 0, max: 0 });
  const address = summedAddress("aws_cloudwatch_log_group", groups.length);
  const overridden = groups.filter((group) => logGroupGb(context, group) !== context.usage.logGbPerGroupPerMonth).length;
  return [
    lineItem({
      item: "CloudWatch Logs ingestion",
      address,
      quantity: ingested,
      unit: "GB",
      price: price(context, (prices) => prices.cloudwatch.logIngestionGb, "CloudWatch Logs ingestion"),
      note: `logGbPerGroupPerMonth ${context.usage.logGbPerGroupPerMonth} GB a group${
        overridden > 0 ? `, ${overridden} set in logGroupGbPerMonth` : ""
      } (assumptions)`,
    }),
    lineItem({
      item: "CloudWatch Logs storage",
      address,
      quantity: stored,
      unit: "GB-months",
      price: price(context, (prices) => prices.cloudwatch.logStorageGbMonth, "CloudWatch Logs storage"),
      note: `min: the first month; max: once each group's retention is full (${count(
        Math.max(...written.map((group) => group.months)),
      )} months at most), uncompressed`,
    }),
  ];
}

/** A target tracking policy makes CloudWatch alarms of its own: one to scale out and one to scale in. */
const ALARMS_PER_TARGET_TRACKING_POLICY = 2;

/** The alarms Application Auto Scaling creates for target tracking policies: billed like any alarm, absent from the Terraform JSON. */
export function targetTrackingAlarmLines(context: EstimateContext): LineItem[] {
  const policies = context.stack.ofType("aws_appautoscaling_policy").filter((policy) => str(policy.body, "policy_type") === "TargetTrackingScaling");
  if (policies.length === 0) return [];
  return [
    lineItem({
      item: "CloudWatch alarms of target tracking policies",
      address: summedAddress("aws_appautoscaling_policy", policies.length),
      quantity: policies.length * ALARMS_PER_TARGET_TRACKING_POLICY,
      unit: "alarm metrics",
      price: price(context, (prices) => prices.cloudwatch.standardAlarmMetric, "CloudWatch alarms"),
      note: `${policies.length} target tracking polic(ies), each with the scale-out and scale-in alarms Application Auto Scaling creates`,
    }),
  ];
}
