/**
 * What a configuration setting is about, for the environment diff: one table per capability's
 * section, keyed by the parsed configuration's own field names, so a renamed or removed field
 * fails `npm run typecheck` here instead of silently falling out of its kind. A setting no table
 * names is "other". A capability descriptor can later supply its section's table.
 */
import type { EnvironmentConfig } from "../../modules/platform/schema";

/** What a difference is about, in the order the report lists them. */
export const SETTING_KINDS = ["tier", "sizing", "availability", "protection", "retention", "other"] as const;
export type SettingKind = (typeof SETTING_KINDS)[number];

/** Keys of every member of a union (a database is RDS or Aurora). */
type KeysOf<T> = T extends unknown ? keyof T & string : never;
type ValueOf<T, K extends string> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
/** A kind for a field (and everything below it), or a table for its fields. */
export type KindTable<T> = { readonly [K in KeysOf<T>]?: SettingKind | KindTable<NonNullable<ValueOf<T, K>>> };

type Config = EnvironmentConfig;
type Section<K extends keyof Config> = NonNullable<Config[K]>;
/** An entry of a section that is a record of named entries (queues, tables, secrets). */
type Entry<K extends "queues" | "tables" | "secrets"> = Config[K][string];
type Service = Config["services"][number];

const WAF: KindTable<Section<"loadBalancer">["waf"]> = {
  enabled: "protection",
  countOnly: "protection",
  managedRuleGroups: "protection",
  rateLimitPerFiveMinutes: "protection",
  logRetentionInDays: "retention",
};

const TOP: KindTable<Config> = { tier: "tier", forceDestroy: "protection", policy: { suppressions: "protection" } };

const SECTIONS: { readonly [K in keyof Config]?: KindTable<Section<K>> } = {
  network: { natStrategy: "availability", azCount: "availability", azs: "availability", flowLogs: { retentionInDays: "retention" } },
  cluster: { capacityProviderStrategy: "availability", execLogRetentionInDays: "retention", serviceLogRetentionInDays: "retention" },
  loadBalancer: { deletionProtection: "protection", waf: WAF, accessLogsRetentionInDays: "retention" },
  frontend: { waf: WAF, logRetentionDays: "retention" },
  apiGateway: { accessLogRetentionInDays: "retention" },
  database: {
    multiAz: "availability",
    readReplicas: "availability",
    readers: "availability",
    readerAutoscaling: "availability",
    instanceClass: "sizing",
    allocatedStorage: "sizing",
    maxAllocatedStorage: "sizing",
    serverless: "sizing",
    deletionProtection: "protection",
    skipFinalSnapshot: "protection",
    backupRetentionPeriod: "retention",
    logRetentionInDays: "retention",
  },
  cache: { replicasPerShard: "availability", shards: "availability", nodeType: "sizing", snapshotRetentionDays: "retention", logRetentionInDays: "retention" },
};

/** Sections holding named entries (`queues.<name>.…`) or a list matched by name (`services[<name>].…`): the table is per entry. */
const ENTRIES: {
  readonly queues: KindTable<Entry<"queues">>;
  readonly tables: KindTable<Entry<"tables">>;
  readonly secrets: KindTable<Entry<"secrets">>;
  readonly services: KindTable<Service>;
} = {
  queues: { retentionDays: "retention", deadLetterRetentionDays: "retention" },
  tables: { pointInTimeRecovery: "protection", deletionProtection: "protection", readCapacity: "sizing", writeCapacity: "sizing" },
  secrets: {},
  services: {
    cpu: "sizing",
    memory: "sizing",
    desiredCount: "sizing",
    autoscaling: { minCapacity: "sizing", maxCapacity: "sizing", requestsPerTarget: "sizing" },
    image: { keepLastImages: "retention" },
  },
};

/** `services[api].autoscaling.minCapacity` → ["services", "api", "autoscaling", "minCapacity"] (keys may be JSON-quoted). */
export function pathSegments(path: string): string[] {
  return [...path.matchAll(/"((?:[^"\\]|\\.)*)"|([^.[\]"]+)/g)].map((match) => (match[1] !== undefined ? (JSON.parse(`"${match[1]}"`) as string) : match[2]));
}

type AnyTable = { readonly [field: string]: SettingKind | AnyTable | undefined };

function lookup(table: AnyTable | undefined, segments: readonly string[]): SettingKind {
  let current: SettingKind | AnyTable | undefined = table;
  for (const segment of segments) {
    if (current === undefined || typeof current === "string") break;
    current = Object.prototype.hasOwnProperty.call(current, segment) ? current[segment] : undefined;
  }
  return typeof current === "string" ? current : "other";
}

export function kindOf(path: string): SettingKind {
  const [section, ...rest] = pathSegments(path);
  if (section === "queues" || section === "tables" || section === "secrets" || section === "services") {
    return lookup(ENTRIES[section] as AnyTable, rest.slice(1));
  }
  const own = Object.prototype.hasOwnProperty.call(SECTIONS, section) ? (SECTIONS as Readonly<Record<string, AnyTable>>)[section] : undefined;
  return own ? lookup(own, rest) : lookup(TOP as AnyTable, [section, ...rest]);
}
