/** The cache capability: its section, tier defaults, use by services, construction and resources. */
import { defineCapability, TierTable } from "../core/capability";
import { Cache } from "./cache";
import { CACHE_VARIABLES, CacheInput, cacheSchema, cacheUseSchema } from "./schema";

/** Replicas and snapshots cost, so development has none; production survives an AZ and keeps a week. */
const CACHE_TIERS = {
  development: { replicasPerShard: 0, snapshotRetentionDays: 0, logRetentionInDays: 30 },
  staging: { replicasPerShard: 1, snapshotRetentionDays: 1, logRetentionInDays: 90 },
  production: { replicasPerShard: 2, snapshotRetentionDays: 7, logRetentionInDays: 365 },
} as const satisfies TierTable<CacheInput>;

export const cacheCapability = defineCapability({
  key: "cache",
  section: cacheSchema.optional(),
  summary: "A Valkey or Redis OSS cache (ElastiCache) in the database subnets. Default: none.",
  tierDefaults: CACHE_TIERS,
  use: {
    /** Receive the cache's endpoint and IAM user (CACHE_* variables) and a path to it. Default: false. */
    schema: cacheUseSchema.default(false),
    used: (use) => use,
    check: (_use, cache, problems) => problems.check(cache !== undefined, [], "a cache in this environment's config"),
    variables: () => CACHE_VARIABLES,
  },
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
  resourceTypes: [
    "aws_cloudwatch_log_group",
    "aws_cloudwatch_metric_alarm",
    "aws_elasticache_parameter_group",
    "aws_elasticache_replication_group",
    "aws_elasticache_subnet_group",
    "aws_elasticache_user",
    "aws_elasticache_user_group",
    "aws_security_group",
    "aws_vpc_security_group_ingress_rule",
  ],
  freeResourceTypes: [
    "aws_elasticache_parameter_group",
    "aws_elasticache_subnet_group",
    "aws_elasticache_user",
    "aws_elasticache_user_group",
    "aws_security_group",
    "aws_vpc_security_group_ingress_rule",
  ],
  picture: { kind: "datastore", label: "ElastiCache" },
});
