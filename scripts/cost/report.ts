/**
 * The cost report of a synthesized output directory: every `<out>/stacks/<stack>/cdk.tf.json`
 * estimated, rendered as markdown tables and as deterministic JSON (sorted stacks, rounded
 * figures, no timestamps).
 */
import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { AssumptionsFile, assumptionsForStack, sharedAssumptions, UsageAssumptions } from "./assumptions";
import { estimateStack, StackEstimate } from "./estimate";
import { LineItem, Range } from "./line-items";
import { DATED_PRICES, HOURS_PER_MONTH, PRICE_TABLE_DATE, PRICE_TABLE_SOURCE } from "./prices";

export interface SynthesizedStackFile {
  readonly name: string;
  readonly json: unknown;
}

export interface StackReport extends StackEstimate {
  readonly assumptions: UsageAssumptions;
}

export interface CostReport {
  readonly priceTable: {
    readonly date: string;
    /** When each region of the stacks was compiled. */
    readonly regions: Readonly<Record<string, string>>;
    readonly source: string;
    readonly hoursPerMonth: number;
    readonly file: string;
  };
  /** What an unpriced line means for the totals. */
  readonly unpricedPolicy: string;
  /** Defaults and the file's top-level fields; each stack lists the ones it used. */
  readonly assumptions: UsageAssumptions;
  readonly stacks: readonly StackReport[];
  readonly total: Range;
  readonly complete: boolean;
}

const UNPRICED_POLICY = [
  "A line the price table cannot price (unknown region, instance class, node type or engine) is reported with monthly null",
  "and left out of the totals, never counted as zero; a total with such lines is a lower bound and its stack is marked complete: false.",
].join(" ");
const RANGE_MEANING = [
  "Min is every service at its fewest tasks (and capacity), logs and rotated keys in their first month;",
  "max is every service at its most tasks, logs and keys once their retention and rotations are full.",
].join(" ");

export class NoSynthesizedStacksError extends Error {}

/**
 * The stacks of the last synth into `<outDir>`, by name: those its manifest.json lists (a folder
 * left from an earlier synth of another configuration is not counted), else every folder under
 * `<outDir>/stacks` with a cdk.tf.json.
 */
export function loadStacks(outDir: string): SynthesizedStackFile[] {
  const stacksDir = join(outDir, "stacks");
  const manifest = join(outDir, "manifest.json");
  const listed = existsSync(manifest) ? Object.keys((JSON.parse(readFileSync(manifest, "utf8")) as { stacks?: object }).stacks ?? {}) : undefined;
  const present = existsSync(stacksDir) ? readdirSync(stacksDir) : [];
  const names = (listed ?? present).filter((name) => existsSync(join(stacksDir, name, "cdk.tf.json")));
  if (names.length === 0) throw new NoSynthesizedStacksError(`No synthesized stacks in ${stacksDir}: run npm run synth first.`);
  return names.sort().map((name) => ({ name, json: JSON.parse(readFileSync(join(stacksDir, name, "cdk.tf.json"), "utf8")) as unknown }));
}

function regionDates(stacks: readonly StackEstimate[]): Record<string, string> {
  const regions = [...new Set(stacks.map((stack) => stack.region))].sort();
  return Object.fromEntries(regions.flatMap((region) => (Object.prototype.hasOwnProperty.call(DATED_PRICES, region) ? [[region, DATED_PRICES[region].compiled]] : [])));
}

export function buildReport(stacks: readonly SynthesizedStackFile[], file: AssumptionsFile): CostReport {
  const reports = [...stacks]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((stack): StackReport => {
      const assumptions = assumptionsForStack(file, stack.name);
      return { ...estimateStack(stack.name, stack.json, assumptions), assumptions };
    });
  return {
    priceTable: { date: PRICE_TABLE_DATE, regions: regionDates(reports), source: PRICE_TABLE_SOURCE, hoursPerMonth: HOURS_PER_MONTH, file: "scripts/cost/prices.ts" },
    unpricedPolicy: UNPRICED_POLICY,
    assumptions: sharedAssumptions(file),
    stacks: reports,
    total: reports.reduce((sum, stack) => ({ min: sum.min + stack.total.min, max: sum.max + stack.total.max }), { min: 0, max: 0 }),
    complete: reports.every((stack) => stack.complete),
  };
}

const cents = (value: number) => Math.round(value * 100) / 100;
const rounded = (value: number) => Math.round(value * 10_000) / 10_000;
const roundRange = (range: Range, round: (value: number) => number): Range => ({ min: round(range.min), max: round(range.max) });

function jsonLine(line: LineItem): LineItem {
  return { ...line, quantity: roundRange(line.quantity, rounded), monthly: line.monthly ? roundRange(line.monthly, cents) : null };
}

/** The report as written to cost-report.json: dollars to the cent, quantities to 4 decimals. */
export function reportJson(report: CostReport): string {
  const stacks = report.stacks.map((stack) => ({ ...stack, total: roundRange(stack.total, cents), lines: stack.lines.map(jsonLine) }));
  return `${JSON.stringify({ ...report, stacks, total: roundRange(report.total, cents) }, null, 2)}\n`;
}

const dollars = (value: number) => value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const amount = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 2 });

function rangeText(range: Range, format: (value: number) => string): string {
  return range.min === range.max ? format(range.min) : `${format(range.min)}–${format(range.max)}`;
}

/** The resource column: a summed line's `<type> ×<n>`, else the resource name without cdktf's hash suffix. */
export function shortAddress(address: string): string {
  if (address.includes("×")) return address;
  return address.slice(address.indexOf(".") + 1).replace(/_[0-9A-F]{8}$/, "");
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

function lineRow(line: LineItem): string {
  const quantity = `${rangeText(line.quantity, amount)} ${line.unit}`;
  const money = line.monthly ? [dollars(line.monthly.min), dollars(line.monthly.max)] : ["**not priced**", "**not priced**"];
  const note = line.unpriced ? `**${line.unpriced}**${line.note ? `; ${line.note}` : ""}` : line.note;
  return `| ${cell(line.item)} | ${cell(shortAddress(line.address))} | ${quantity} | ${money[0]} | ${money[1]} | ${cell(note)} |`;
}

function totalLabel(stack: StackEstimate): string {
  return stack.complete ? "**total**" : `**total, incomplete: ${stack.unpricedLines} line(s) not priced**`;
}

function overridesOf(stack: StackReport, shared: UsageAssumptions): string[] {
  return (Object.keys(stack.assumptions) as (keyof UsageAssumptions)[])
    .filter((key) => JSON.stringify(stack.assumptions[key]) !== JSON.stringify(shared[key]))
    .map((key) => `${key} ${JSON.stringify(stack.assumptions[key])}`);
}

function stackSection(stack: StackReport, shared: UsageAssumptions): string[] {
  const overrides = overridesOf(stack, shared);
  return [
    `## ${stack.stack} (${stack.region}): $${dollars(stack.total.min)} – $${dollars(stack.total.max)} a month${stack.complete ? "" : " (incomplete)"}`,
    "",
    ...(overrides.length > 0 ? [`Assumptions for this stack: ${overrides.join(", ")}.`, ""] : []),
    "| item | resource | quantity | min $/month | max $/month | note |",
    "| --- | --- | --- | ---: | ---: | --- |",
    ...stack.lines.map(lineRow),
    `| ${totalLabel(stack)} | | | **${dollars(stack.total.min)}** | **${dollars(stack.total.max)}** | |`,
    "",
    `Not estimated: ${stack.notEstimated.join("; ")}.`,
    "",
  ];
}

function unpricedWarning(report: CostReport): string[] {
  const unpriced = report.stacks.flatMap((stack) =>
    stack.lines.filter((line) => line.monthly === null).map((line) => `- ${stack.stack}: ${line.item} (${line.address}): ${line.unpriced}`),
  );
  if (unpriced.length === 0) return [];
  return [
    `> **INCOMPLETE: ${unpriced.length} line(s) could not be priced and are left out of the totals, which are therefore lower bounds.**`,
    "",
    ...unpriced,
    "",
  ];
}

function summary(report: CostReport): string[] {
  return [
    "## Summary",
    "",
    "| stack | region | min $/month | max $/month | complete |",
    "| --- | --- | ---: | ---: | --- |",
    ...report.stacks.map(
      (stack) => `| ${stack.stack} | ${stack.region} | ${dollars(stack.total.min)} | ${dollars(stack.total.max)} | ${stack.complete ? "yes" : "no"} |`,
    ),
    `| **all stacks** | | **${dollars(report.total.min)}** | **${dollars(report.total.max)}** | ${report.complete ? "yes" : "no"} |`,
    "",
  ];
}

/** Markdown: price table and assumptions, unpriced lines first, one table per stack, then a summary. */
export function renderMarkdown(report: CostReport): string {
  const shared = report.assumptions;
  const assumptions = (Object.keys(shared) as (keyof UsageAssumptions)[]).map((key) => `- ${key}: ${JSON.stringify(shared[key])}`);
  return [
    "# Monthly cost estimate",
    "",
    `On-demand list prices in USD (${report.priceTable.file}; ${Object.entries(report.priceTable.regions).map(([region, date]) => `${region} as of ${date}`).join(", ") || `as of ${report.priceTable.date}`}), ${report.priceTable.hoursPerMonth} hours a month.`,
    RANGE_MEANING,
    "",
    "Usage assumptions (override them in cost-assumptions.json or with --assumptions <file>):",
    "",
    ...assumptions,
    "",
    ...unpricedWarning(report),
    ...report.stacks.flatMap((stack) => stackSection(stack, shared)),
    ...summary(report),
  ].join("\n");
}
