/**
 * How two parsed environment configurations differ, setting by setting (every default filled, so a
 * tier's default shows as the value it gives). Pure: takes parsed configs, returns rows.
 */
import { EnvironmentConfig } from "../../modules/platform/schema";
import { Difference, diffTrees } from "./tree-diff";
import { kindOf, SETTING_KINDS, SettingKind } from "./setting-kinds";
import { embedsToken, isRecord } from "./text";

export { kindOf, SETTING_KINDS };
export type { SettingKind };

/** Fields that differ between any two environments by construction: comparing them says nothing about promotion. */
export const IGNORED_CONFIG_FIELDS: readonly { readonly path: string; readonly reason: string }[] = [
  { path: "environment", reason: "the environment's name, unique by definition" },
  { path: "network.cidr", reason: "every environment has its own VPC range, which may not overlap another's" },
  { path: "network.publicSubnets", reason: "subnet ranges lie inside network.cidr" },
  { path: "network.privateSubnets", reason: "subnet ranges lie inside network.cidr" },
  { path: "network.databaseSubnets", reason: "subnet ranges lie inside network.cidr" },
  { path: "network.subnetPlan", reason: "resolved from network.cidr and the AZs, which network.azCount and network.azs already compare" },
];

export interface ConfigDifference extends Difference {
  readonly kind: SettingKind;
}

/**
 * The settings that differ between two parsed environments, by kind then in path order. Services
 * (and any list of named entries) are matched by name; ignored fields, and values that differ only
 * by each environment's own name or addresses, are left out.
 */
export function diffConfigurations(left: EnvironmentConfig, right: EnvironmentConfig): ConfigDifference[] {
  const identities = { left: environmentIdentity(left), right: environmentIdentity(right) };
  return diffTrees(left, right, { elementKey: nameOf })
    .filter((difference) => !isIgnoredField(difference.path))
    .filter((difference) => !differsOnlyByIdentity(difference, identities))
    .map((difference) => ({ ...difference, kind: kindOf(difference.path) }))
    .sort((a, b) => SETTING_KINDS.indexOf(a.kind) - SETTING_KINDS.indexOf(b.kind));
}

function nameOf(element: unknown): string | undefined {
  return isRecord(element) && typeof element.name === "string" ? element.name : undefined;
}

export function isIgnoredField(path: string): boolean {
  return IGNORED_CONFIG_FIELDS.some((field) => path === field.path || path.startsWith(`${field.path}.`) || path.startsWith(`${field.path}[`));
}

/**
 * What makes an environment itself and shows up inside generated values: its name (in names,
 * namespaces, log groups) and its VPC and subnet ranges.
 */
export function environmentIdentity(config: EnvironmentConfig): string[] {
  const cidrs = Object.values(config.network.subnetPlan.subnets).flatMap((subnets) => subnets.map((subnet) => subnet.cidr));
  return [config.environment, config.network.cidr, ...cidrs];
}

export interface Identities {
  readonly left: readonly string[];
  readonly right: readonly string[];
}

/** Both sides hold a value, and each embeds its own environment's name or range: a name, not a setting. */
export function differsOnlyByIdentity(difference: Difference, identities: Identities): boolean {
  return embedsIdentity(difference.left, identities.left) && embedsIdentity(difference.right, identities.right);
}

function embedsIdentity(value: unknown, identity: readonly string[]): boolean {
  if (value === undefined) return false;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return identity.some((token) => embedsToken(text, token));
}
