/**
 * What a configuration setting is about, for the environment diff: each capability's section is
 * classified by its descriptor's `settingKinds` (modules/<capability>/capability.ts), keyed by the
 * parsed configuration's own field names, so a renamed or removed field fails `npm run typecheck`
 * in its capability instead of silently falling out of its kind. The environment's own fields and
 * the services are classified here. A setting no table names is "other".
 */
import { Capability } from "../../modules/core/capability";
import { KindTable, SETTING_KINDS, SettingKind, SettingKinds } from "../../modules/core/picture";
import { CAPABILITIES } from "../../modules/platform/capabilities";
import type { EnvironmentConfig } from "../../modules/platform/schema";

export { SETTING_KINDS };
export type { KindTable, SettingKind };

type Config = EnvironmentConfig;

const TOP: KindTable<Config> = { tier: "tier", forceDestroy: "protection", policy: { suppressions: "protection" } };

/** Services are a list matched by name (`services[<name>].…`): the table is per service. */
const SERVICE: KindTable<Config["services"][number]> = {
  cpu: "sizing",
  memory: "sizing",
  desiredCount: "sizing",
  autoscaling: { minCapacity: "sizing", maxCapacity: "sizing", requestsPerTarget: "sizing" },
  image: { keepLastImages: "retention" },
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

/** The kind of a setting below a capability's section: its fields' table, or its entries' (past the entry's name). */
function capabilityKind(kinds: SettingKinds<unknown> | undefined, rest: readonly string[]): SettingKind {
  if (kinds === undefined) return "other";
  return "entries" in kinds ? lookup(kinds.entries as AnyTable, rest.slice(1)) : lookup(kinds.fields as AnyTable, rest);
}

export function kindOf(path: string): SettingKind {
  const [section, ...rest] = pathSegments(path);
  if (section === "services") return lookup(SERVICE as AnyTable, rest.slice(1));
  const capability = (CAPABILITIES as readonly Capability[]).find((candidate) => candidate.key === section);
  return capability ? capabilityKind(capability.settingKinds as SettingKinds<unknown> | undefined, rest) : lookup(TOP as AnyTable, [section, ...rest]);
}
