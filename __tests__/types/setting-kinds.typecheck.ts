/**
 * Type-level fixtures, checked by `npm run typecheck` (tsc), not run by jest: a capability's
 * `settingKinds` (what the environment diff calls each setting) is keyed by its parsed section's
 * own fields, so a misspelt, renamed or removed field fails the type check instead of silently
 * classing the setting as "other" (as `accessLogsRetentionInDays`, an old name, once did).
 * Each `@ts-expect-error` fails the type check if the line below it stops being an error.
 */
import { SettingKinds } from "../../modules/core/picture";
import { CacheConfig } from "../../modules/cache/schema";
import { LoadBalancerConfig } from "../../modules/load-balancer/schema";
import { QueuesConfig } from "../../modules/queue/schema";

export const correct: SettingKinds<CacheConfig> = { fields: { nodeType: "sizing", snapshotRetentionDays: "retention" } };

export const oldName: SettingKinds<LoadBalancerConfig> = {
  fields: {
    // @ts-expect-error accessLogsRetentionInDays is the old name of accessLogRetentionInDays
    accessLogsRetentionInDays: "retention",
  },
};

export const unknownKind: SettingKinds<CacheConfig> = {
  fields: {
    // @ts-expect-error "size" is not a setting kind
    nodeType: "size",
  },
};

export const misspeltEntryField: SettingKinds<QueuesConfig> = {
  entries: {
    // @ts-expect-error retentionDay is not a field of a queue
    retentionDay: "retention",
  },
};
