/**
 * The environment diff as markdown: configuration, resources by type, settings that differ. Pure.
 */
import { EnvironmentConfig } from "../../modules/platform/schema";
import { ConfigDifference, diffConfigurations, environmentIdentity, IGNORED_CONFIG_FIELDS } from "./config-diff";
import { countsByType, resourcesMissingFrom, ResourceDifference, settingDifferences, SynthesizedResource, TypeCount } from "./resource-diff";
import { canonical, code, formatValue, markdownTable } from "./text";
import { counted } from "../../modules/core/picture";

/** One side of the comparison: its parsed config and its synthesized resources. */
export interface ComparedEnvironment {
  readonly config: EnvironmentConfig;
  readonly resources: readonly SynthesizedResource[];
}

/** The whole report, ending in a newline. */
export function renderEnvironmentDiff(left: ComparedEnvironment, right: ComparedEnvironment): string {
  const names = [left.config.environment, right.config.environment] as const;
  const lines = [
    `# ${names[0]} → ${names[1]}`,
    "",
    `What changes when a setup moves from **${names[0]}** to **${names[1]}**: their parsed configurations ` +
      "(every default filled in, so a tier's defaults show as the values they give) and the Terraform resources they synthesize.",
    "",
    ...configurationSection(left, right, names),
    "",
    ...resourceCountSection(left, right, names),
    "",
    ...settingsSection(left, right, names),
  ];
  return `${lines.join("\n")}\n`;
}

function configurationSection(left: ComparedEnvironment, right: ComparedEnvironment, names: readonly string[]): string[] {
  const differences = diffConfigurations(left.config, right.config);
  const ignored = IGNORED_CONFIG_FIELDS.map((field) => code(field.path)).join(", ");
  return [
    "## Configuration",
    "",
    `${counted(differences.length, "setting")} ${differences.length === 1 ? "differs" : "differ"}. Not compared, since they differ by construction: ${ignored}, ` +
      "and values that differ only by each environment's own name or address ranges.",
    ...(differences.length === 0 ? [] : ["", ...markdownTable(["kind", "setting", ...names], differences.map(configRow))]),
  ];
}

function configRow(difference: ConfigDifference): string[] {
  return [difference.kind, code(difference.path), ...valueCells(difference.left, difference.right)];
}

function resourceCountSection(left: ComparedEnvironment, right: ComparedEnvironment, names: readonly string[]): string[] {
  const counts = countsByType(left.resources, right.resources);
  const changed = counts.filter((count) => count.left !== count.right);
  const total = `${names[0]}: ${left.resources.length} resources of ${typesIn(counts, "left")} types; ` +
    `${names[1]}: ${right.resources.length} of ${typesIn(counts, "right")} types.`;
  return [
    "## Resources by type",
    "",
    changed.length === 0 ? `${total} Every type has the same count in both.` : `${total} Types whose count differs:`,
    ...(changed.length === 0 ? [] : ["", ...markdownTable(["type", ...names, "change"], changed.map(countRow), [false, true, true, true])]),
    ...(changed.length === 0 ? [] : ["", `The other ${counted(counts.length - changed.length, "type")} have the same count in both.`]),
    ...onlyIn(names[0], resourcesMissingFrom(left.resources, right.resources)),
    ...onlyIn(names[1], resourcesMissingFrom(right.resources, left.resources)),
  ];
}

function typesIn(counts: readonly TypeCount[], side: "left" | "right"): number {
  return counts.filter((count) => count[side] > 0).length;
}

function countRow(count: TypeCount): string[] {
  const change = count.right - count.left;
  return [code(count.type), String(count.left), String(count.right), change > 0 ? `+${change}` : String(change)];
}

/** A collapsed list of the resources only one environment has, by construct path. */
function onlyIn(name: string, resources: readonly SynthesizedResource[]): string[] {
  if (resources.length === 0) return [];
  return [
    "",
    `<details><summary>Only in ${name}: ${counted(resources.length, "resource")}</summary>`,
    "",
    ...resources.map((resource) => `- ${code(resource.path)} (${resource.type})`),
    "",
    "</details>",
  ];
}

function settingsSection(left: ComparedEnvironment, right: ComparedEnvironment, names: readonly string[]): string[] {
  const identities = { left: environmentIdentity(left.config), right: environmentIdentity(right.config) };
  const differences = settingDifferences(left.resources, right.resources, identities);
  const resources = new Set(differences.map((difference) => `${difference.type} ${difference.resource}`)).size;
  return [
    "## Settings that differ",
    "",
    `On resources both environments have (matched by construct path): ${counted(differences.length, "value")} ` +
      `${differences.length === 1 ? "differs" : "differ"} on ${counted(resources, "resource")}. Values that embed each ` +
      `environment's own name or address ranges are left out; an argument with more than ${MAX_VALUES_PER_ARGUMENT} ` +
      "differing values is one row.",
    ...(differences.length === 0 ? [] : ["", ...markdownTable(["resource", "argument", ...names], settingRows(differences))]),
  ];
}

/** An argument with more differing values than this (a dashboard's layout) is one row, with their number. */
export const MAX_VALUES_PER_ARGUMENT = 8;

/** Rows of the settings table: one per differing value, or one per argument that has too many. */
interface SettingRow {
  readonly type: string;
  readonly resource: string;
  readonly path: string;
  readonly left: unknown;
  readonly right: unknown;
  /** Set on a summarized argument: how many of its values differ. */
  readonly differingValues?: number;
}

function summarizeCrowdedArguments(differences: readonly ResourceDifference[]): SettingRow[] {
  const groups = new Map<string, ResourceDifference[]>();
  for (const difference of differences) {
    const key = `${difference.type} ${difference.resource} ${topLevelArgument(difference.path)}`;
    groups.set(key, [...(groups.get(key) ?? []), difference]);
  }
  return [...groups.values()].flatMap((group) =>
    group.length <= MAX_VALUES_PER_ARGUMENT
      ? group
      : [{ ...group[0], path: topLevelArgument(group[0].path), left: undefined, right: undefined, differingValues: group.length }],
  );
}

function topLevelArgument(path: string): string {
  return path.split(/[.[]/)[0];
}

/** One row per argument; the resource is named on its first row only. */
function settingRows(differences: readonly ResourceDifference[]): string[][] {
  const rows = summarizeCrowdedArguments(differences);
  return rows.map((row, index) => {
    const previous = rows[index - 1];
    const sameResource = previous?.resource === row.resource && previous.type === row.type;
    const values = row.differingValues === undefined ? valueCells(row.left, row.right) : [`${row.differingValues} values differ`, "(not listed)"];
    return [sameResource ? "" : `${code(row.resource)} (${row.type})`, code(row.path), ...values];
  });
}

/** Both values as cells; two long lists are shown by what each has that the other lacks. */
function valueCells(left: unknown, right: unknown): string[] {
  const plain = [formatValue(left), formatValue(right)];
  if (!Array.isArray(left) || !Array.isArray(right) || plain.every((text) => !text.endsWith("…"))) return plain.map(code);
  return [listChange(left, right), listChange(right, left)].map(code);
}

/** "3 items: +c" — the size of `list`, and the items `other` does not have. */
function listChange(list: readonly unknown[], other: readonly unknown[]): string {
  const others = new Set(other.map(canonical));
  const extra = list.filter((item) => !others.has(canonical(item))).map((item) => `+${formatValue(item)}`);
  return formatValue(`${counted(list.length, "item")}${extra.length > 0 ? `: ${extra.join(", ")}` : ""}`);
}
