/** ElastiCache for Valkey or Redis OSS, and what a service that uses it receives. */
import { bool, logRetentionInDays, oneOf, Problems, strict, textWhere, whole, z } from "../core/schema";
import { overlapsDaily, parseBackupWindow, parseMaintenanceWindow, Window, windowLength } from "../core/windows";

export const CACHE_ENGINES = ["valkey", "redis"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

/**
 * Versions ElastiCache offers for node-based Valkey clusters (newest first). All support IAM
 * authentication, which needs Valkey 7.2 or later.
 */
export const VALKEY_VERSIONS = ["9.0", "8.2", "8.1", "8.0", "7.2"] as const;
/** Redis OSS 7.1 is the last Redis OSS version ElastiCache offers; IAM authentication needs 7.0 or later. */
export const REDIS_VERSIONS = ["7.1"] as const;
const ALL_ENGINE_VERSIONS = [...VALKEY_VERSIONS, ...REDIS_VERSIONS] as const;
export type CacheEngineVersion = (typeof ALL_ENGINE_VERSIONS)[number];
export const CACHE_ENGINE_VERSIONS: Readonly<Record<CacheEngine, readonly CacheEngineVersion[]>> = {
  valkey: VALKEY_VERSIONS,
  redis: REDIS_VERSIONS,
};
/** The version an engine gets when `engineVersion` is left out. */
const DEFAULT_ENGINE_VERSION: Readonly<Record<CacheEngine, CacheEngineVersion>> = { valkey: "8.0", redis: "7.1" };

/**
 * Valkey and Redis OSS node types ElastiCache offers in the current generation, by family, with
 * the sizes each comes in. r6gd (data tiering) is left out: it needs data tiering turned on.
 */
export const CACHE_NODE_FAMILIES = {
  t4g: ["micro", "small", "medium"],
  t3: ["micro", "small", "medium"],
  m7g: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  m6g: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  m5: ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"],
  r7g: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  r6g: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  r5: ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"],
  c7gn: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** ElastiCache's shortest snapshot and maintenance windows. */
export const MIN_CACHE_WINDOW_MINUTES = 60;

/**
 * Variables the platform sets for services that use the cache; a service may not set them itself.
 * CACHE_NAME (the replication group id) is what an IAM authentication token is signed for.
 */
export const CACHE_VARIABLES = ["CACHE_HOST", "CACHE_PORT", "CACHE_TLS", "CACHE_USER", "CACHE_NAME"] as const;

function isNodeType(nodeType: string): boolean {
  const [prefix, family, size, ...rest] = nodeType.split(".");
  const sizes: readonly string[] | undefined = CACHE_NODE_FAMILIES[family as keyof typeof CACHE_NODE_FAMILIES];
  return prefix === "cache" && rest.length === 0 && sizes !== undefined && sizes.includes(size);
}

function describeNodeTypes(): string {
  const families = Object.entries(CACHE_NODE_FAMILIES).map(([family, sizes]) => `${family} (${sizes.join(", ")})`);
  return `an ElastiCache node type such as cache.t4g.micro, cache.m7g.large or cache.r7g.xlarge: cache.<family>.<size>, one of ${families.join("; ")}`;
}

/** A window of at least ElastiCache's minimum length, as `parse` reads it. */
function windowOf(parse: (text: string) => Window | undefined, example: string, what: string) {
  return textWhere(
    (text) => windowLength(parse(text) ?? { start: 0, end: 0 }) >= MIN_CACHE_WINDOW_MINUTES,
    `${what} of at least ${MIN_CACHE_WINDOW_MINUTES} minutes, such as ${example}`,
  );
}

/** Thresholds of the cache's alarms. */
export const cacheAlarmsSchema = strict({
  /** Average engine CPU (the Valkey or Redis thread) of any node, percent, for 5 minutes. Default: 90. */
  cpuPercent: whole(1, 100, "a whole percentage").default(90),
  /** Average share of the node's memory used for data of any node, percent, for 5 minutes. Default: 80. */
  memoryPercent: whole(1, 100, "a whole percentage").default(80),
  /** Alarm when the cache evicts keys in each of 5 consecutive minutes (its memory is full). Default: true. */
  evictions: bool().default(true),
});

const cacheFields = strict({
  /** Valkey, or Redis OSS. Default: "valkey". */
  engine: oneOf(CACHE_ENGINES).default("valkey"),
  /**
   * Engine version, major.minor: for valkey one of VALKEY_VERSIONS, for redis one of
   * REDIS_VERSIONS; patch versions are ElastiCache's to apply. Default: "8.0" for valkey, "7.1" for redis.
   */
  engineVersion: oneOf(
    ALL_ENGINE_VERSIONS,
    `an engine version: for valkey ${VALKEY_VERSIONS.join(", ")}; for redis ${REDIS_VERSIONS.join(", ")}`,
  ).optional(),
  /** Node type, e.g. "cache.t4g.micro". No default. */
  nodeType: textWhere(isNodeType, describeNodeTypes()),
  /**
   * Read replicas per shard, 0 to 5. With at least one, the cache fails over automatically to a
   * replica in another AZ (Multi-AZ). Default: per tier (see `platform/tiers.ts`).
   */
  replicasPerShard: whole(0, 5, "a whole number of replicas"),
  /**
   * Cluster mode: keys partitioned over `shards`; clients must speak the cluster protocol and use
   * the configuration endpoint. Decide it before the first apply: ElastiCache moves an existing
   * cache only from off to on, through its own two-step migration, and never back. Default: false.
   */
  clusterMode: bool().default(false),
  /** Shards (node groups), 1 to 500; more than 1 only with `clusterMode`. Default: 1. */
  shards: whole(1, 500, "a whole number of shards").default(1),
  /** Days of daily snapshots, 0 (none) to 35. Default: per tier (see `platform/tiers.ts`). */
  snapshotRetentionDays: whole(0, 35, "a whole number of days"),
  /** Daily window (UTC) in which the snapshot starts, at least 60 minutes. Default: "02:00-03:00". */
  snapshotWindow: windowOf(parseBackupWindow, "02:00-03:00", 'a daily UTC window "hh:mm-hh:mm"').default("02:00-03:00"),
  /** Weekly maintenance window (UTC), at least 60 minutes, apart from the snapshot window. Default: "sun:05:30-sun:06:30". */
  maintenanceWindow: windowOf(parseMaintenanceWindow, "sun:05:30-sun:06:30", 'a weekly UTC window "ddd:hh:mm-ddd:hh:mm"').default(
    "sun:05:30-sun:06:30",
  ),
  /** Days to keep the slow log in CloudWatch Logs. Default: per tier (see `platform/tiers.ts`). */
  logRetentionInDays: logRetentionInDays(),
  /** Alarm thresholds. Default: see each field. */
  alarms: cacheAlarmsSchema.prefault({}),
});

/**
 * The cache section. Automatic failover and Multi-AZ are not settings: they follow from the
 * replicas and the cluster mode (see `highAvailability`).
 */
export const cacheSchema = cacheFields
  .superRefine((cache, context) => checkCache(cache, new Problems(context)))
  .transform((cache) => ({ ...cache, engineVersion: cache.engineVersion ?? DEFAULT_ENGINE_VERSION[cache.engine] }));

/** What a service says about the cache in `uses`: true to receive its endpoint and an IAM-authenticated user. */
export const cacheUseSchema = bool();

export type CacheInput = z.input<typeof cacheSchema>;
export type CacheConfig = z.output<typeof cacheSchema>;
export type CacheAlarmsConfig = z.output<typeof cacheAlarmsSchema>;

/**
 * Automatic failover promotes a replica when a primary fails, so AWS refuses it (and Multi-AZ,
 * which needs it) without a replica to promote; with one, both cost nothing more and keep the
 * cache available through an AZ outage. Cluster mode is the exception: ElastiCache requires
 * automatic failover on in cluster mode, replicas or not (a shard without replicas simply has
 * nothing to fail over to).
 */
export function highAvailability(cache: Pick<CacheConfig, "replicasPerShard" | "clusterMode">): {
  automaticFailover: boolean;
  multiAz: boolean;
} {
  const replicated = cache.replicasPerShard >= 1;
  return { automaticFailover: replicated || cache.clusterMode, multiAz: replicated };
}

/**
 * Nodes (primaries and replicas) of one Valkey or Redis OSS cluster: 90 by default, raised on
 * request to at most 500 for Valkey 7.2+ and Redis OSS 5.0.6+, every version this platform offers
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Shards.html, checked 2026-12-07). Only
 * the hard maximum is refused: the default is a quota an account may have raised.
 */
const MAX_NODES_PER_CLUSTER = 500;
const DEFAULT_NODES_PER_CLUSTER = 90;

/** Rules that relate the cache's own fields. */
function checkCache(cache: z.output<typeof cacheFields>, problems: Problems): void {
  if (cache.engineVersion !== undefined) {
    const versions = CACHE_ENGINE_VERSIONS[cache.engine];
    problems.check(versions.includes(cache.engineVersion), "engineVersion", `a ${cache.engine} version: ${versions.join(", ")}`);
  }
  problems.check(
    cache.clusterMode || cache.shards === 1,
    "shards",
    "1 without clusterMode: only cluster mode partitions keys over several shards (set clusterMode: true)",
  );
  const nodes = cache.shards * (1 + cache.replicasPerShard);
  problems.check(
    nodes <= MAX_NODES_PER_CLUSTER,
    "shards",
    `at most ${Math.floor(MAX_NODES_PER_CLUSTER / (1 + cache.replicasPerShard))} shards with ${cache.replicasPerShard} replica(s) each: ` +
      `${cache.shards} × ${1 + cache.replicasPerShard} is ${nodes} nodes, and an ElastiCache cluster has at most ${MAX_NODES_PER_CLUSTER} ` +
      `(${DEFAULT_NODES_PER_CLUSTER} until the account's quota is raised)`,
  );
  const snapshot = parseBackupWindow(cache.snapshotWindow);
  const maintenance = parseMaintenanceWindow(cache.maintenanceWindow);
  if (snapshot && maintenance) {
    problems.check(
      !overlapsDaily(maintenance, snapshot),
      "maintenanceWindow",
      `a window that does not overlap the daily snapshotWindow (${cache.snapshotWindow})`,
    );
  }
}
