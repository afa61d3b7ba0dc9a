/** The shape every module describes its alarms and dashboard tiles in. */
import { Construct } from "constructs";

/** "page": users are affected now (goes to the paging topic when there is one); "notify": look soon. */
export type Severity = "page" | "notify";

/**
 * What CloudWatch does when a metric has no data: "breaching" where silence means the thing is
 * gone (no running task), "notBreaching" where silence means nothing happened (no 5xx, no traffic),
 * "missing" for gauges that always report.
 */
export type MissingData = "breaching" | "notBreaching" | "missing";

export type Comparison =
  | "GreaterThanThreshold"
  | "GreaterThanOrEqualToThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold";

/** One CloudWatch metric. */
export interface Metric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** "Average", "Sum", "Maximum", "Minimum" or a percentile such as "p99". */
  readonly statistic: string;
}

/** An expression over named metrics, e.g. `IF(req >= 20, 100 * err / req, 0)`. */
export interface MetricExpression {
  readonly expression: string;
  /** What the expression yields, e.g. "5xx % of requests". */
  readonly label: string;
  /** The metrics it uses, by the id the expression names them with (lowercase first letter). */
  readonly metrics: Readonly<Record<string, Metric>>;
}

export interface AlarmSpec {
  /** What is watched, e.g. "api" or "database"; part of the alarm's name. */
  readonly resource: string;
  /** What about it, e.g. "cpu-high"; the rest of the name. */
  readonly signal: string;
  /** What the alarm means and what to look at first. */
  readonly description: string;
  readonly metric: Metric | MetricExpression;
  readonly comparison: Comparison;
  readonly threshold: number;
  /** Minutes looked at (one datapoint a minute). */
  readonly evaluationPeriods: number;
  /** How many of them must breach: fewer than `evaluationPeriods` keeps a blip from flapping. */
  readonly datapointsToAlarm: number;
  readonly missingData: MissingData;
  readonly severity: Severity;
}

/** A graph on the environment's dashboard. */
export interface DashboardTile {
  /** The section it belongs to, e.g. "Load balancer" or "Service api"; sections keep their first-seen order. */
  readonly section: string;
  readonly title: string;
  readonly metrics: readonly (Metric | MetricExpression)[];
  /** A line at a threshold, e.g. an alarm's. Default: none. */
  readonly threshold?: number;
}

/** Where modules register their alarms and dashboard tiles: the environment's monitoring. */
export interface Monitor {
  /** Creates the alarm in `scope` (so it sits beside what it watches) and returns its name. */
  alarm(scope: Construct, spec: AlarmSpec): string;
  tile(tile: DashboardTile): void;
  /** Sends the events matching an EventBridge `pattern` to the alarm topic, through a rule created in `scope`. */
  notifyOn(scope: Construct, id: string, description: string, pattern: Readonly<Record<string, unknown>>): void;
}

/**
 * Minutes (one-minute datapoints) a condition must hold before most alarms fire: long enough to
 * pass over a deployment's or a failover's blip, short enough to notify within minutes.
 */
export const ALARM_MINUTES = 5;

/** Below this many requests a minute, a 5xx share is noise (1 of 1 is 100%): error-rate expressions read 0. */
export const MIN_REQUESTS_FOR_ERROR_RATE = 20;

/** The share of `requests` that were `errors`, in percent, and 0 below `MIN_REQUESTS_FOR_ERROR_RATE` requests. */
export function errorRatePercent(errors: string, requests: string): string {
  return `IF(FILL(${requests}, 0) >= ${MIN_REQUESTS_FOR_ERROR_RATE}, 100 * FILL(${errors}, 0) / ${requests}, 0)`;
}

/**
 * The alarm fires on the first minute with any occurrence (a failed run, a message in a dead-letter
 * queue): an event that should never happen, where no data means none happened.
 */
export const ON_ANY_OCCURRENCE: Pick<AlarmSpec, "comparison" | "threshold" | "evaluationPeriods" | "datapointsToAlarm" | "missingData"> = {
  comparison: "GreaterThanThreshold",
  threshold: 0,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  missingData: "notBreaching",
};

/** The alarm fires when the condition held on every datapoint of the last `minutes` minutes. */
export function sustainedFor(minutes: number): Pick<AlarmSpec, "evaluationPeriods" | "datapointsToAlarm"> {
  return { evaluationPeriods: minutes, datapointsToAlarm: minutes };
}

/** The alarm fires when the condition held on `breaching` of the last `minutes` minutes: a good minute in a bad spell does not reset it. */
export function mostOf(breaching: number, minutes: number): Pick<AlarmSpec, "evaluationPeriods" | "datapointsToAlarm"> {
  return { evaluationPeriods: minutes, datapointsToAlarm: breaching };
}

export function isExpression(metric: Metric | MetricExpression): metric is MetricExpression {
  return "expression" in metric;
}
