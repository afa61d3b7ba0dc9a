/**
 * The defaults that depend on an environment's tier, in one table: a new production environment is
 * safe by default, a new development environment cheap by default. Every value here can be set
 * explicitly in an environment; the policy pack (`guardrails/`) then judges what was chosen.
 */
import { Capability } from "../core/capability";
import { Tier, TIERS } from "../core/tiers";
import { CAPABILITIES, Capabilities } from "./capabilities";

/** Defaults under EACH apply to every entry of a record section (e.g. every table). */
const EACH = "*";

/** Top-level settings (not sections) with a tier default. */
const SETTING_TIERS = {
  // Log buckets, ECR repositories and frontend buckets may be emptied by a destroy outside production.
  development: { forceDestroy: true },
  staging: { forceDestroy: false },
  production: { forceDestroy: false },
} as const satisfies Record<Tier, object>;

/** Capabilities that declare tier defaults. */
type Tiered = Capabilities extends infer C ? (C extends Capability<infer K, infer _S, infer D> ? (D extends object ? { key: K; tiers: D } : never) : never) : never;

type TierDefaultsOf<T extends Tier> = { [C in Tiered as C["key"]]: C["tiers"][T] } & (typeof SETTING_TIERS)[T];

function tierDefaultsOf<T extends Tier>(tier: T): TierDefaultsOf<T> {
  const sections = CAPABILITIES.flatMap((capability) => (capability.tierDefaults ? [[capability.key, capability.tierDefaults[tier]]] : []));
  return { ...Object.fromEntries(sections), ...SETTING_TIERS[tier] } as TierDefaultsOf<T>;
}

/** Every tier's defaults, composed from each capability's own (declared next to its section, in its `capability.ts`). */
export const TIER_DEFAULTS: { readonly [T in Tier]: TierDefaultsOf<T> } = {
  development: tierDefaultsOf("development"),
  staging: tierDefaultsOf("staging"),
  production: tierDefaultsOf("production"),
};

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
const SECTIONS_CREATED_FOR_DEFAULTS = ["monitoring"] as const;
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
