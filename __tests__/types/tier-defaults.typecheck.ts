/**
 * Type-level fixtures, checked by `npm run typecheck` (tsc), not run by jest: a tier default is
 * declared `satisfies TierTable<Input>`, so a misspelt key or a wrong type fails the type check
 * instead of reaching a user as `environment "dev": cache.snapshotWindw is not a known field`.
 * Each `@ts-expect-error` fails the type check if the line below it stops being an error.
 */
import { TierTable } from "../../modules/core/capability";
import { CacheInput } from "../../modules/cache/schema";
import { DatabaseInput } from "../../modules/database/schema";
import { TablesInput } from "../../modules/table/schema";

export const correct = {
  development: { replicasPerShard: 0, snapshotRetentionDays: 0, logRetentionInDays: 30 },
  staging: { replicasPerShard: 1 },
  production: { snapshotWindow: "02:00-03:00" },
} as const satisfies TierTable<CacheInput>;

export const misspeltKey = {
  development: {
    // @ts-expect-error snapshotWindw is not a field of the cache
    snapshotWindw: "02:00-03:00",
  },
  staging: {},
  production: {},
} as const satisfies TierTable<CacheInput>;

export const wrongType = {
  development: {
    // @ts-expect-error replicasPerShard is a number
    replicasPerShard: "2",
  },
  staging: {},
  production: {},
} as const satisfies TierTable<CacheInput>;

export const misspeltNestedKey = {
  development: {
    alarms: {
      // @ts-expect-error cpuPercnt is not one of the cache's alarm thresholds
      cpuPercnt: 80,
    },
  },
  staging: {},
  production: {},
} as const satisfies TierTable<CacheInput>;

export const misspeltKeyOfEveryTable = {
  development: {
    "*": {
      // @ts-expect-error deletionProtecton is not a field of a table
      deletionProtecton: false,
    },
  },
  staging: {},
  production: {},
} as const satisfies TierTable<TablesInput>;

export const misspeltKeyOfAnEngine = {
  development: {
    // @ts-expect-error multiAZ is not a field of either database engine
    multiAZ: false,
  },
  staging: {},
  production: {},
} as const satisfies TierTable<DatabaseInput>;

// @ts-expect-error a tier is missing
export const missingTier = { development: {}, staging: {} } as const satisfies TierTable<CacheInput>;
