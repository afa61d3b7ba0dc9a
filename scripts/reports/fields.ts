/**
 * Defensive reads of configuration sections whose shape is still changing (backing resources are
 * being added): a field that is missing or of another type reads as undefined, never throws.
 */
import { compareText, isRecord } from "./text";

export function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

export function textField(value: unknown, key: string): string | undefined {
  const found = field(value, key);
  return typeof found === "string" ? found : undefined;
}

export function numberField(value: unknown, key: string): number | undefined {
  const found = field(value, key);
  return typeof found === "number" ? found : undefined;
}

export function flagField(value: unknown, key: string): boolean {
  return field(value, key) === true;
}

/** A record's entries sorted by key; nothing for anything else. */
export function entriesOf(value: unknown): [string, unknown][] {
  return isRecord(value) ? Object.entries(value).sort(([a], [b]) => compareText(a, b)) : [];
}

/** "1 replica", "2 replicas". */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
