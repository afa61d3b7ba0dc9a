/**
 * The output directory of a synth: staged stacks moved in at once, stale stack folders removed,
 * manifest.json and policy-report.json written. Loads no construct library, so the process that
 * only coordinates worker processes stays small.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import type { RuleResult } from "../guardrails/policy-pack";

export const STACKS_FOLDER = "stacks";
export const MANIFEST_FILE = "manifest.json";
export const POLICY_REPORT_FILE = "policy-report.json";

/** A synth-time warning of a construct (cdktf's `Annotations.addWarning`). */
export interface StackWarning {
  readonly path: string;
  readonly message: string;
}

/** What synthesizing one stack produced; plain data, so a worker process can send it back. */
export interface StackResult {
  readonly name: string;
  /** Failed policy rules; when there are any, nothing of the stack was staged. */
  readonly violations: readonly string[];
  readonly results: readonly RuleResult[];
  readonly warnings: readonly StackWarning[];
  /** The stack's entry of cdktf's manifest.json, as its own App wrote it. */
  readonly manifest: unknown;
  readonly manifestVersion: string;
}

interface Manifest {
  readonly version: string;
  readonly stacks: Readonly<Record<string, unknown>>;
}

interface Commit {
  readonly outdir: string;
  readonly staging: string;
  /** Every stack of the configuration, in order: the folders of any other stack are stale. */
  readonly configured: readonly string[];
  /** The stacks of this run, in configuration order. */
  readonly synthesized: readonly StackResult[];
}

/**
 * Moves the staged stacks into `outdir`/stacks, file by file (so a stack folder's `.terraform`
 * from an earlier `terraform init` stays), removes the folders of stacks the configuration no
 * longer has, and writes manifest.json and policy-report.json. A run of some stacks only keeps
 * the other configured stacks' folders, their manifest entries and their policy results.
 */
export function commitStacks({ outdir, staging, configured, synthesized }: Commit): void {
  const stacksDir = join(outdir, STACKS_FOLDER);
  mkdirSync(stacksDir, { recursive: true });
  for (const result of synthesized) moveContents(join(staging, result.name, STACKS_FOLDER, result.name), join(stacksDir, result.name));
  for (const folder of readdirSync(stacksDir)) {
    if (!configured.includes(folder)) rmSync(join(stacksDir, folder), { recursive: true, force: true });
  }
  const fresh = new Set(synthesized.map((result) => result.name));
  const kept = configured.filter((name) => !fresh.has(name) && existsSync(join(stacksDir, name)));
  const previousManifest = readJson<Manifest>(join(outdir, MANIFEST_FILE));
  const previousReport = readJson<{ results: readonly RuleResult[] }>(join(outdir, POLICY_REPORT_FILE));
  const stacks: Record<string, unknown> = {};
  for (const name of kept) if (previousManifest?.stacks[name]) stacks[name] = previousManifest.stacks[name];
  for (const result of synthesized) stacks[result.name] = result.manifest;
  const manifest = { version: synthesized[0]?.manifestVersion ?? previousManifest?.version ?? "", stacks };
  // cdktf writes its manifest with sorted keys (json-stable-stringify): the same bytes here.
  writeFileSync(join(outdir, MANIFEST_FILE), stableJson(manifest));
  const byStack = new Map<string, readonly RuleResult[]>(synthesized.map((result) => [result.name, result.results]));
  const results = configured.flatMap((name) => byStack.get(name) ?? (kept.includes(name) ? (previousReport?.results ?? []).filter((result) => result.stack === name) : []));
  writeFileSync(join(outdir, POLICY_REPORT_FILE), `${JSON.stringify({ results }, null, 2)}\n`);
}

function moveContents(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    rmSync(join(to, entry), { recursive: true, force: true });
    renameSync(join(from, entry), join(to, entry));
  }
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Set by the CDK Terrain target's require hook and jest config (targets/cdktn/). */
const EMPTY_ON_ONE_LINE = process.env.CDK_TARGET === "cdktn";

/**
 * JSON as cdktf writes its manifest (json-stable-stringify, two spaces): keys sorted, and an
 * empty list or object still broken over two lines, so a manifest put together here has the
 * same bytes as one App's.
 */
export function stableJson(value: unknown, level = 0): string {
  const indent = `\n${"  ".repeat(level)}`;
  const group = (open: string, items: string[], close: string) =>
    // CDK Terrain's writer (safe-stable-stringify) keeps an empty list or object on one line.
    items.length === 0 && EMPTY_ON_ONE_LINE ? `${open}${close}` : `${open}${items.map((item) => `${indent}  ${item}`).join(",")}${indent}${close}`;
  if (Array.isArray(value)) return group("[", value.map((item) => (item === undefined ? "null" : stableJson(item, level + 1))), "]");
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}: ${stableJson((value as Record<string, unknown>)[key], level + 1)}`);
  return group("{", entries, "}");
}
