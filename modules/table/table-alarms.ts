import { Construct } from "constructs";
import { ALARM_MINUTES, AlarmSpec, Metric, MetricExpression, Monitor, mostOf, sustainedFor } from "../monitoring/alarm";
import { TableConfig } from "./schema";

/** CloudWatch's hard limit of metrics in an alarm on metric math. */
const MAX_ALARM_METRICS = 10;
/**
 * The operations whose server errors are watched: the item and batch reads and writes a service
 * makes. SystemErrors has no table-wide total: DynamoDB publishes it per TableName and Operation.
 */
export const WATCHED_OPERATIONS = ["GetItem", "BatchGetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"] as const;

/** One table to watch. */
export interface WatchedTable {
  readonly scope: Construct;
  /** "table-orders": the resource part of alarm names. */
  readonly resource: string;
  /** The table's AWS name, its CloudWatch TableName dimension. */
  readonly tableName: string;
  readonly config: TableConfig;
}

type AlarmSettings = Pick<AlarmSpec, "description" | "evaluationPeriods" | "datapointsToAlarm" | "severity">;

function dynamodbMetric(metricName: string, dimensions: Readonly<Record<string, string>>): Metric {
  return { namespace: "AWS/DynamoDB", metricName, dimensions, statistic: "Sum" };
}

/** `items` in runs of at most `size`. */
function chunks<Item>(items: readonly Item[], size: number): Item[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

/**
 * The total of `metrics`: the metric itself when there is one, else a sum with missing datapoints
 * as 0, one per 10 metrics (an alarm's limit). Ids are single letters, as metric math wants them.
 */
function totals(label: string, metrics: readonly Metric[]): (Metric | MetricExpression)[] {
  if (metrics.length === 1) return [metrics[0]];
  return chunks(metrics, MAX_ALARM_METRICS).map((chunk, index, all) => {
    const ids = chunk.map((_, position) => String.fromCharCode("a".charCodeAt(0) + position));
    return {
      expression: ids.map((id) => `FILL(${id},0)`).join("+"),
      label: all.length > 1 ? `${label} (${index + 1} of ${all.length})` : label,
      metrics: Object.fromEntries(ids.map((id, position) => [id, chunk[position]])),
    };
  });
}

/** ReadThrottleEvents or WriteThrottleEvents of the table and of each index (DynamoDB reports them apart). */
function throttleMetrics(table: WatchedTable, direction: "Read" | "Write"): Metric[] {
  const metricName = `${direction}ThrottleEvents`;
  return [
    dynamodbMetric(metricName, { TableName: table.tableName }),
    ...table.config.globalSecondaryIndexes.map((index) =>
      dynamodbMetric(metricName, { TableName: table.tableName, GlobalSecondaryIndexName: index.name }),
    ),
  ];
}

/** One alarm per total, above 0; DynamoDB publishes these counts only when there are some, so no data means none. */
function alarmOnTotals(monitor: Monitor, table: WatchedTable, signal: string, metrics: readonly (Metric | MetricExpression)[], settings: AlarmSettings): void {
  metrics.forEach((metric, index) =>
    monitor.alarm(table.scope, {
      ...settings,
      resource: table.resource,
      signal: index === 0 ? signal : `${signal}-${index + 1}`,
      metric,
      comparison: "GreaterThanThreshold",
      threshold: 0,
      missingData: "notBreaching",
    }),
  );
}

function throttleAdvice(config: TableConfig, direction: "Read" | "Write"): string {
  return config.billingMode === "PROVISIONED"
    ? `raise ${direction.toLowerCase()}Capacity (now ${direction === "Read" ? config.readCapacity : config.writeCapacity}) or look for a hot partition key`
    : "look for a hot partition key, or traffic above twice the previous peak (on-demand capacity takes minutes to follow)";
}

/**
 * Alarms on a table's read and write throttling (table and indexes, 5 of 5 minutes) and on server
 * errors of the operations services make (3 of 5 minutes, paging), and its dashboard tiles.
 */
export function watchTable(monitor: Monitor, table: WatchedTable): void {
  const { tableName, config } = table;
  const throttles = (["Read", "Write"] as const).map((direction) => ({
    direction,
    totals: totals(`${direction} throttle events`, throttleMetrics(table, direction)),
  }));
  for (const { direction, totals: metrics } of throttles) {
    alarmOnTotals(monitor, table, `${direction.toLowerCase()}-throttles`, metrics, {
      description: `${direction} requests to ${tableName} or its indexes throttled for 5 minutes: ${throttleAdvice(config, direction)}.`,
      ...sustainedFor(ALARM_MINUTES),
      severity: "notify",
    });
  }
  const errors = WATCHED_OPERATIONS.map((operation) => dynamodbMetric("SystemErrors", { TableName: tableName, Operation: operation }));
  alarmOnTotals(monitor, table, "system-errors", totals(`Server errors (HTTP 500) of ${tableName}`, errors), {
    description: `DynamoDB answered requests to ${tableName} with server errors in 3 of 5 minutes: SDK retries may hide them; check the AWS Health Dashboard for DynamoDB in this region.`,
    ...mostOf(3, ALARM_MINUTES),
    severity: "page",
  });
  const section = `Table ${tableName}`;
  monitor.tile({
    section,
    title: "Consumed read / write capacity units",
    metrics: [dynamodbMetric("ConsumedReadCapacityUnits", { TableName: tableName }), dynamodbMetric("ConsumedWriteCapacityUnits", { TableName: tableName })],
  });
  monitor.tile({ section, title: "Read / write throttle events (table and indexes)", metrics: throttles.flatMap((throttle) => throttle.totals) });
}
