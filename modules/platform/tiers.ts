/**
 * The defaults that depend on an environment's tier, in one table: a new production environment is
 * safe by default, a new development environment cheap by default. Every value here can be set
 * explicitly in an environment; the policy pack (`guardrails/`) then judges what was chosen.
 */
import { Tier, TIERS } from "../core/tiers";

/** Defaults under EACH apply to every entry of a record section (e.g. every table). */
const EACH = "*";

export const TIER_DEFAULTS = {
  development: {
    network: {
      // No NAT gateway (about 35 USD a month each): services run in public subnets with public IPs,
      // reachable only through their security groups.
      natStrategy: "none",
      flowLogs: { retentionInDays: 30 },
      endpoints: { interface: false },
    },
    cluster: {
      capacityProviderStrategy: { fargateBase: 0, fargateWeight: 1, fargateSpotWeight: 4 },
      serviceLogRetentionInDays: 30,
      execLogRetentionInDays: 90,
    },
    loadBalancer: { deletionProtection: false, accessLogsRetentionInDays: 90, waf: { enabled: false } },
    database: {
      multiAz: false,
      backupRetentionPeriod: 1,
      deletionProtection: false,
      skipFinalSnapshot: true,
      performanceInsightsEnabled: false,
      monitoringInterval: 0,
      logRetentionInDays: 30,
    },
    // Dashboards cost 3 USD a month each beyond the account's first three.
    monitoring: { dashboard: false },
    // Rolled in place: fast, and nothing to bake in an environment only developers use.
    deployments: { strategy: "rolling", bakeTimeInMinutes: 0, jobsOnSpot: true },
    tables: { [EACH]: { deletionProtection: false } },
    cache: { replicasPerShard: 0, snapshotRetentionDays: 0, logRetentionInDays: 30 },
    apiGateway: { accessLogRetentionInDays: 30 },
    // North America and Europe only: the cheapest edge class.
    frontend: { priceClass: "PriceClass_100", waf: { enabled: false }, logRetentionDays: 90 },
    forceDestroy: true,
  },
  staging: {
    network: { natStrategy: "single", flowLogs: { retentionInDays: 90 }, endpoints: { interface: false } },
    cluster: {
      capacityProviderStrategy: { fargateBase: 1, fargateWeight: 1, fargateSpotWeight: 1 },
      serviceLogRetentionInDays: 90,
      execLogRetentionInDays: 90,
    },
    loadBalancer: { deletionProtection: false, accessLogsRetentionInDays: 90, waf: { enabled: true } },
    database: {
      multiAz: false,
      backupRetentionPeriod: 7,
      deletionProtection: true,
      skipFinalSnapshot: false,
      performanceInsightsEnabled: true,
      monitoringInterval: 60,
      logRetentionInDays: 90,
    },
    monitoring: { dashboard: true },
    // The production strategy with a short bake, so each release rehearses what production will do.
    deployments: { strategy: "canary", bakeTimeInMinutes: 5, jobsOnSpot: true },
    tables: { [EACH]: { deletionProtection: false } },
    cache: { replicasPerShard: 1, snapshotRetentionDays: 1, logRetentionInDays: 90 },
    apiGateway: { accessLogRetentionInDays: 90 },
    frontend: { priceClass: "PriceClass_100", waf: { enabled: true }, logRetentionDays: 90 },
    forceDestroy: false,
  },
  production: {
    network: { natStrategy: "perAz", flowLogs: { retentionInDays: 365 }, endpoints: { interface: true } },
    cluster: {
      // At least two tasks on on-demand capacity; beyond that three in four on-demand.
      capacityProviderStrategy: { fargateBase: 2, fargateWeight: 3, fargateSpotWeight: 1 },
      serviceLogRetentionInDays: 365,
      execLogRetentionInDays: 365,
    },
    loadBalancer: { deletionProtection: true, accessLogsRetentionInDays: 365, waf: { enabled: true } },
    database: {
      multiAz: true,
      backupRetentionPeriod: 14,
      deletionProtection: true,
      skipFinalSnapshot: false,
      performanceInsightsEnabled: true,
      monitoringInterval: 60,
      logRetentionInDays: 365,
    },
    monitoring: { dashboard: true },
    // A tenth of the traffic first; the old revision stays 15 minutes, so an alarm shifts back at once.
    deployments: { strategy: "canary", bakeTimeInMinutes: 15, jobsOnSpot: false },
    tables: { [EACH]: { deletionProtection: true } },
    cache: { replicasPerShard: 2, snapshotRetentionDays: 7, logRetentionInDays: 365 },
    apiGateway: { accessLogRetentionInDays: 365 },
    frontend: { priceClass: "PriceClass_All", waf: { enabled: true }, logRetentionDays: 365 },
    forceDestroy: false,
  },
} as const satisfies Record<Tier, object>;

/** The shape of one tier's defaults (every tier has the same keys). */
export type TierDefaults = (typeof TIER_DEFAULTS)["production"];

type Leaf = string | number | boolean;

/**
 * Below a section: keys with a tier default become optional, all the way down (per member of a
 * union, e.g. the database engines; per entry of a record, e.g. the tables).
 */
type DefaultedSection<Input, Defaults> = Defaults extends { [EACH]: infer Each }
  ? { [K in keyof Input]: DefaultedSection<Input[K], Each> }
  : Input extends unknown
  ? Omit<Input, keyof Defaults> & {
      [K in keyof Defaults & keyof Input]?: Defaults[K] extends Leaf ? Input[K] : DefaultedSection<NonNullable<Input[K]>, Defaults[K]>;
    }
  : never;

type Sectioned<Input, Defaults> = {
  [K in keyof Input]: K extends keyof Defaults
    ? Defaults[K] extends Leaf
      ? Input[K]
      : DefaultedSection<NonNullable<Input[K]>, Defaults[K]> | Extract<Input[K], undefined>
    : Input[K];
};

/** Top-level settings (not sections) with a tier default. */
type DefaultedSetting<Defaults> = { [K in keyof Defaults]: Defaults[K] extends Leaf ? K : never }[keyof Defaults];

/** Sections an environment may leave out entirely and still get their tier's defaults. */
const SECTIONS_CREATED_FOR_DEFAULTS = ["monitoring", "deployments"] as const;
type CreatedSection = (typeof SECTIONS_CREATED_FOR_DEFAULTS)[number];

/**
 * An environment's input with every field that has a tier default made optional; sections keep
 * their own optionality, but those the tier can create outright.
 */
export type WithTierDefaults<Input, Defaults> = Omit<Sectioned<Input, Defaults>, CreatedSection | DefaultedSetting<Defaults>> &
  Partial<Pick<Sectioned<Input, Defaults>, (CreatedSection | DefaultedSetting<Defaults>) & keyof Input>>;

/** The tier used to fill defaults when the configured one is missing or unknown: the safest. */
const FALLBACK_TIER: Tier = "production";

/**
 * The input with its tier's defaults filled in wherever it leaves a field out. Sections the
 * environment does not have (no `database`) are not created; a wrong tier is reported by the
 * schema, and meanwhile the safest defaults stand in so the rest is still checked.
 */
export function applyTierDefaults(input: unknown): unknown {
  if (!isPlainObject(input)) return input;
  const tier = (TIERS as readonly unknown[]).includes(input.tier) ? (input.tier as Tier) : FALLBACK_TIER;
  const result: Record<string, unknown> = { ...input };
  for (const [section, defaults] of Object.entries(TIER_DEFAULTS[tier])) {
    if (!isPlainObject(defaults)) {
      result[section] = input[section] ?? defaults;
      continue;
    }
    const values = input[section] ?? ((SECTIONS_CREATED_FOR_DEFAULTS as readonly string[]).includes(section) ? {} : undefined);
    if (isPlainObject(values)) result[section] = underlay(values, defaults);
  }
  return result;
}

/** `values` with `defaults` filling every key it leaves out, recursively. */
function underlay(values: Record<string, unknown>, defaults: object): Record<string, unknown> {
  if (EACH in defaults) {
    const each = (defaults as Record<string, object>)[EACH];
    return Object.fromEntries(Object.entries(values).map(([key, entry]) => [key, isPlainObject(entry) ? underlay(entry, each) : entry]));
  }
  const result: Record<string, unknown> = { ...values };
  for (const [key, fallback] of Object.entries(defaults)) {
    const value = values[key];
    if (value === undefined) result[key] = fallback;
    else if (isPlainObject(value) && isPlainObject(fallback)) result[key] = underlay(value, fallback);
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
