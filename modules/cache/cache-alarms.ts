import { Construct } from "constructs";
import { ALARM_MINUTES, AlarmSpec, Metric, MetricExpression, Monitor, sustainedFor } from "../monitoring/alarm";
import { CacheConfig } from "./schema";

/** CloudWatch lets an alarm's metric math read at most 10 metrics. */
const METRICS_PER_ALARM = 10;

/** How a metric of several nodes becomes one series: the busiest node, or the sum over all. */
type Aggregate = "MAX" | "SUM";

/**
 * The member clusters (one node each) of a replication group, as ElastiCache names them when it
 * creates the group: `<id>-001`, `<id>-002`, ... without cluster mode, `<id>-0001-001` (shard 1,
 * node 1) with it. Node metrics are published per member cluster (dimension CacheClusterId); the
 * replication group has no metrics of its own. The first member is the primary at creation; after
 * a failover it may be a replica, which is why the alarms watch every member. Changing the replica
 * count later can leave other ids than these: the alarms then see fewer nodes (never a false alarm).
 */
export function memberClusterIds(replicationGroupId: string, cache: Pick<CacheConfig, "clusterMode" | "shards" | "replicasPerShard">): string[] {
  const nodes = numbered(cache.replicasPerShard + 1, 3);
  if (!cache.clusterMode) return nodes.map((node) => `${replicationGroupId}-${node}`);
  return numbered(cache.shards, 4).flatMap((shard) => nodes.map((node) => `${replicationGroupId}-${shard}-${node}`));
}

/** "001", "002", ... up to `count`, `digits` wide. */
function numbered(count: number, digits: number): string[] {
  return Array.from({ length: count }, (_, index) => String(index + 1).padStart(digits, "0"));
}

function cacheMetric(memberClusterId: string, metricName: string, statistic: string): Metric {
  return { namespace: "AWS/ElastiCache", metricName, dimensions: { CacheClusterId: memberClusterId }, statistic };
}

/** One node's metric as it is, or several nodes' metrics folded into one series. */
function acrossNodes(memberClusterIds: readonly string[], metricName: string, statistic: string, aggregate: Aggregate): Metric | MetricExpression {
  const metrics = memberClusterIds.map((id) => cacheMetric(id, metricName, statistic));
  if (metrics.length === 1) return metrics[0];
  const ids = metrics.map((_, index) => `node${index + 1}`);
  return {
    expression: `${aggregate}([${ids.join(", ")}])`,
    label: `${metricName} (${aggregate === "MAX" ? "busiest" : "sum over"} ${memberClusterIds.length} nodes)`,
    metrics: Object.fromEntries(metrics.map((metric, index) => [ids[index], metric])),
  };
}

/** The member ids in groups small enough for one alarm each. */
function inGroups(memberClusterIds: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (let first = 0; first < memberClusterIds.length; first += METRICS_PER_ALARM) {
    groups.push(memberClusterIds.slice(first, first + METRICS_PER_ALARM));
  }
  return groups;
}

/** What the cache's alarms are registered with. */
export interface WatchedCache {
  readonly scope: Construct;
  readonly replicationGroupId: string;
  readonly memberClusterIds: readonly string[];
}

type SignalSpec = Omit<AlarmSpec, "resource" | "metric">;

/**
 * Engine CPU and memory of the busiest node, and evictions (when enabled), as one alarm each for
 * every group of up to 10 nodes (one group unless the cluster is large); plus the dashboard's cache tiles.
 */
export function watchCache(monitor: Monitor, cache: WatchedCache, config: Pick<CacheConfig, "alarms">): void {
  const thresholds = config.alarms;
  const groups = inGroups(cache.memberClusterIds);
  groups.forEach((members, index) => {
    const single = groups.length === 1;
    const scope = single ? cache.scope : new Construct(cache.scope, `nodes-${index + 1}`);
    const resource = single ? "cache" : `cache-nodes-${index + 1}`;
    const alarm = (metric: Metric | MetricExpression, spec: SignalSpec) => monitor.alarm(scope, { resource, metric, ...spec });
    const nodes = members.join(", ");
    alarm(acrossNodes(members, "EngineCPUUtilization", "Average", "MAX"), {
      signal: "cpu-high",
      description: `Engine CPU of a node of ${nodes} above ${thresholds.cpuPercent}% for 5 minutes: look for slow commands in the slow log and hot keys, then a larger node type or more shards.`,
      comparison: "GreaterThanThreshold",
      threshold: thresholds.cpuPercent,
      ...sustainedFor(ALARM_MINUTES),
      missingData: "missing",
      severity: "notify",
    });
    alarm(acrossNodes(members, "DatabaseMemoryUsagePercentage", "Average", "MAX"), {
      signal: "memory-high",
      description: `Memory used for data on a node of ${nodes} above ${thresholds.memoryPercent}% for 5 minutes: evictions follow; look at key TTLs and growth, then a larger node type or more shards.`,
      comparison: "GreaterThanThreshold",
      threshold: thresholds.memoryPercent,
      ...sustainedFor(ALARM_MINUTES),
      missingData: "missing",
      severity: "notify",
    });
    if (thresholds.evictions) {
      alarm(acrossNodes(members, "Evictions", "Sum", "SUM"), {
        signal: "evictions",
        description: `${nodes} evicted keys in each of the last 5 minutes: the cache is full and drops data before its TTL; look at memory and key TTLs.`,
        comparison: "GreaterThanThreshold",
        threshold: 0,
        ...sustainedFor(ALARM_MINUTES),
        missingData: "notBreaching",
        severity: "notify",
      });
    }
  });
  const section = `Cache ${cache.replicationGroupId}`;
  const tile = (title: string, metricName: string, statistic: string, aggregate: Aggregate, threshold?: number) =>
    monitor.tile({ section, title, metrics: groups.map((members) => acrossNodes(members, metricName, statistic, aggregate)), threshold });
  tile("Engine CPU %", "EngineCPUUtilization", "Average", "MAX", thresholds.cpuPercent);
  tile("Memory used for data %", "DatabaseMemoryUsagePercentage", "Average", "MAX", thresholds.memoryPercent);
  tile("Evictions", "Evictions", "Sum", "SUM");
  tile("Connections", "CurrConnections", "Average", "SUM");
}
