/**
 * Text helpers the reports share: ordering that does not depend on the machine's locale, a
 * canonical form for comparing values, and markdown tables.
 */

/** Code-unit order: the same on every machine, unlike `localeCompare`. */
export function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** JSON with object keys sorted: equal values give equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortedKeys(value)) ?? "undefined";
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isRecord(value)) return value;
  const keys = Object.keys(value).sort(compareText);
  return Object.fromEntries(keys.map((key) => [key, sortedKeys(value[key])]));
}

/** A value shown in a report cell is cut here; the full value is in the synthesized JSON. */
const MAX_VALUE_LENGTH = 72;
export const ABSENT = "—";

/** Short, single-line text for a configuration or Terraform value. */
export function formatValue(value: unknown): string {
  if (value === undefined) return ABSENT;
  return truncate(describe(value));
}

function describe(value: unknown): string {
  if (typeof value === "string") return shortenReferences(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(", ")}]`;
  if (isRecord(value)) return `{ ${Object.keys(value).map((key) => `${key}: ${describe(value[key])}`).join(", ")} }`;
  return String(value);
}

/** "${aws_subnet.network_public-eu-west-1a_40A46C4D.id}" reads as "aws_subnet.network_public-eu-west-1a.id". */
function shortenReferences(text: string): string {
  return text.replace(/\$\{([^{}]*)\}/g, (_, reference: string) => reference.replace(/_[0-9A-F]{8}\b/g, ""));
}

function truncate(text: string): string {
  return text.length <= MAX_VALUE_LENGTH ? text : `${text.slice(0, MAX_VALUE_LENGTH - 1)}…`;
}

/** Inline code in a table cell, or the absent marker as is. */
export function code(text: string): string {
  if (text === ABSENT) return text;
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${text.replace(/\|/g, "\\|")}${fence}`;
}

/** A GitHub-flavoured markdown table; `align` marks numeric columns right-aligned. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly boolean[] = []): string[] {
  const rule = header.map((_, index) => (align[index] ? "---:" : "---"));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(" | ")} |`);
}

/** Matches `needle` only as a whole token: not inside a longer run of letters and digits ("dev" is not in "device"). */
export function embedsToken(haystack: string, needle: string): boolean {
  if (needle === "") return false;
  const escaped = needle.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`).test(haystack);
}
