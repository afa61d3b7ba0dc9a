/** The cache capability: its section, tier defaults, use by services, construction and resources. */
import { defineCapability, resources, switchedUse, TierTable } from "../core/capability";
import { Cache } from "./cache";
import { CACHE_VARIABLES, CacheConfig, CacheInput, cacheSchema, cacheUseSchema } from "./schema";
import { SECURITY_GROUP_RESOURCES } from "../core/connect";
import { counted } from "../core/picture";
import { CACHE_RULES } from "./rules";

/** Replicas and snapshots cost, so development has none; production survives an AZ and keeps a week. */
const CACHE_TIERS = {
  development: { replicasPerShard: 0, snapshotRetentionDays: 0, logRetentionInDays: 30 },
  staging: { replicasPerShard: 1, snapshotRetentionDays: 1, logRetentionInDays: 90 },
  production: { replicasPerShard: 2, snapshotRetentionDays: 7, logRetentionInDays: 365 },
} as const satisfies TierTable<CacheInput>;

/** The cache's node in the diagram: engine and version, node type, availability and layout. */
function cacheLabel(cache: CacheConfig): string[] {
  const engine = cache.engine === "redis" ? "Redis OSS" : "Valkey";
  const nodes = counted(1 + cache.replicasPerShard, "node");
  const layout = cache.clusterMode ? `${counted(cache.shards, "shard")} × ${nodes}` : nodes;
  return [`${engine} ${cache.engineVersion} (ElastiCache)`, cache.nodeType, `${cache.replicasPerShard > 0 ? "Multi-AZ" : "single-AZ"} · ${layout}`];
}

export const cacheCapability = defineCapability({
  key: "cache",
  section: cacheSchema.optional(),
  summary: "A Valkey or Redis OSS cache (ElastiCache) in the database subnets. Default: none.",
  tierDefaults: CACHE_TIERS,
  /** Receive the cache's endpoint and IAM user (CACHE_* variables) and a path to it. Default: false. */
  use: switchedUse(cacheUseSchema.default(false), "a cache", CACHE_VARIABLES),
  build: (placement, cache) =>
    new Cache(placement.scope, "cache", {
      ...cache,
      context: placement.context,
      keyArn: placement.keys.dataKeyArn,
      vpcId: placement.network.vpcId,
      subnetIds: placement.network.databaseSubnetIds,
      logsKeyArn: placement.keys.logsKeyArn,
      monitor: placement.monitor,
    }),
  alarmNames: { names: ["cache"], prefixes: ["cache-"] },
  logRetentionFields: { "": "cache.logRetentionInDays" },
  rules: CACHE_RULES,
  ...resources(
    {
      priced: ["aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm", "aws_elasticache_replication_group"],
      free: ["aws_elasticache_parameter_group", "aws_elasticache_subnet_group", "aws_elasticache_user", "aws_elasticache_user_group"],
    },
    SECURITY_GROUP_RESOURCES,
  ),
  picture: { kind: "datastore", label: "ElastiCache" },
  diagram: {
    node: "cache",
    group: "database",
    shape: "cylinder",
    nodes: (cache) => [{ name: "", label: cacheLabel(cache) }],
    uses: (use) => (use ? [["", "read-write"]] : []),
  },
  settingKinds: {
    fields: { replicasPerShard: "availability", shards: "availability", nodeType: "sizing", snapshotRetentionDays: "retention", logRetentionInDays: "retention" },
  },
});
