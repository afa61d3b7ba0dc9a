/**
 * `npm run bench`: wall time and peak memory of this project's toolchain (swc require hook, @swc/jest,
 * native tsc) side by side with the stock cdktf toolchain (type-checking ts-node, ts-jest, tsc 5.9),
 * on the current working tree. Writes bench-results/latest.json.
 *
 * It reports and never fails on timings: the exit code is non-zero only when a measured command
 * itself fails (or GNU time is missing).
 *
 * Options, as a flag or an environment variable (the flag wins):
 *   --runs=N          BENCH_RUNS           runs of each of our commands (default 3)
 *   --stock-runs=N    BENCH_STOCK_RUNS     runs of each stock command (default 1)
 *   --stock-budget=S  BENCH_STOCK_BUDGET   seconds after which the stock test suite is stopped and
 *                                          compared on a representative subset instead (default 180)
 *   --stock-tests=a,b BENCH_STOCK_TESTS    compare the test suites on these files only
 *   --only=a,b        BENCH_ONLY           steps to run, of synth, scale, tests, typecheck (default all)
 *
 * The scale step synthesizes scripts/fixtures/scale (30 environments of 23 services, about 24,000
 * resources; generated, never shipped): all stacks, and one stack with --stack, against the stock
 * way (one App, every stack, ts-node), which has no way to synthesize one stack alone. Its targets
 * are relative to the synth step's figure of the four shipped stacks, so run both.
 * Targets are the README's ("Performance"): nothing else is judged.
 */
import { ChildProcessByStdio, spawn, spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "os";
import { delimiter, join, resolve } from "path";
import { Readable } from "stream";

const ROOT = resolve(__dirname, "..");
const GNU_TIME = "/usr/bin/time";
const RESULTS_FILE = join(ROOT, "bench-results", "latest.json");
/** Any command still running after this long is stopped and counted as failed. */
const COMMAND_TIMEOUT_SECONDS = 900;
const SAMPLE_INTERVAL_MS = 50;
const OUTPUT_TAIL_CHARS = 3000;
const STEP_NAMES = ["synth", "scale", "tests", "typecheck"] as const;
const SCALE_CONFIG = "scripts/fixtures/scale";
/** The stack the one-stack case synthesizes: an environment from the middle of the list. */
const SCALE_ONE_STACK = "env15";
/** Every temporary file of a benchmark (GNU time's output, synth outdirs), removed at the end. */
const SCRATCH = mkdtempSync(join(tmpdir(), "bench-"));

type StepName = (typeof STEP_NAMES)[number];
type Way = "ours" | "stock";
type Env = Readonly<Record<string, string>>;

interface Options {
  readonly runs: number;
  readonly stockRuns: number;
  readonly stockBudgetSeconds: number;
  readonly stockTests: readonly string[];
  readonly only: readonly StepName[];
}

interface Command {
  /** Shell text, as a user would type it (shown in the report). */
  readonly shell: string;
  /** Extra arguments appended to the shell text. */
  readonly args: readonly string[];
  /** Environment of one run; called before each run so that each synth gets a fresh outdir. */
  readonly env: () => Env;
  /** Why a run that exited 0 still did not do its job, if it did not. */
  readonly verify: (env: Env) => string | null;
}

interface Run {
  readonly wallSeconds: number;
  /** Peak RSS of the largest single process of the tree (GNU time's %M, kernel high-water mark). */
  readonly maxRssKb: number;
  /** Peak of the RSS summed over the whole tree (jest workers included), sampled from /proc. */
  readonly treeRssKb: number;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly problem: string | null;
  readonly outputTail: string;
}

interface Measurement {
  readonly way: Way;
  readonly command: string;
  readonly runs: readonly Run[];
  readonly medianWallSeconds: number;
  readonly maxRssKb: number;
  readonly treeRssKb: number;
  readonly timedOut: boolean;
  readonly failed: boolean;
}

interface TargetCheck {
  readonly target: string;
  /** Null when a failed run leaves nothing to judge. */
  readonly met: boolean | null;
}

/** The targets a step is held to, given our figures and the speed-up over stock (if known). */
type Targets = (ours: Measurement, speedup: number | null) => TargetCheck[];

interface Step {
  readonly name: string;
  readonly ours: Measurement;
  /** Null when the stock side was measured on a subset only (see the subset step). */
  readonly stock: Measurement | null;
  /** Stock over ours (wall time, peak RSS); lower bounds when the stock run was stopped at its budget. */
  readonly speedup: number | null;
  readonly memoryRatio: number | null;
  readonly targets: readonly TargetCheck[];
  readonly notes: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Options

function flagValue(name: string): string | undefined {
  const prefix = `--${name}=`;
  const flag = process.argv.slice(2).find((argument) => argument.startsWith(prefix));
  return flag?.slice(prefix.length);
}

function setting(flag: string, envVar: string): string | undefined {
  return flagValue(flag) ?? process.env[envVar];
}

function positiveNumber(flag: string, envVar: string, fallback: number): number {
  const text = setting(flag, envVar);
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${flag} / ${envVar} must be a positive number, got "${text}"`);
  return value;
}

function list(flag: string, envVar: string): string[] {
  const text = setting(flag, envVar) ?? "";
  return text.split(",").map((item) => item.trim()).filter((item) => item !== "");
}

function isStepName(name: string): name is StepName {
  return (STEP_NAMES as readonly string[]).includes(name);
}

function stepSelection(): StepName[] {
  const names = list("only", "BENCH_ONLY");
  const unknown = names.filter((name) => !isStepName(name));
  if (unknown.length > 0) throw new Error(`--only / BENCH_ONLY: unknown step(s) ${unknown.join(", ")}; valid: ${STEP_NAMES.join(", ")}`);
  return names.length === 0 ? [...STEP_NAMES] : STEP_NAMES.filter((name) => names.includes(name));
}

function readOptions(): Options {
  return {
    runs: Math.round(positiveNumber("runs", "BENCH_RUNS", 3)),
    stockRuns: Math.round(positiveNumber("stock-runs", "BENCH_STOCK_RUNS", 1)),
    stockBudgetSeconds: positiveNumber("stock-budget", "BENCH_STOCK_BUDGET", 180),
    stockTests: list("stock-tests", "BENCH_STOCK_TESTS"),
    only: stepSelection(),
  };
}

// ---------------------------------------------------------------------------------------------
// Preconditions

/** GNU time is the source of the peak-memory figures; BusyBox and shell `time` have no `-f %M`. */
function assertGnuTime(): void {
  const probe = spawnSync(GNU_TIME, ["-f", "%M", "true"], { encoding: "utf8" });
  const lastLine = (probe.stderr ?? "").trim().split("\n").pop() ?? "";
  if (probe.error || probe.status !== 0 || !/^\d+$/.test(lastLine)) {
    throw new Error(
      `npm run bench needs GNU time at ${GNU_TIME} (it reads peak memory from its "-f %M"): ` +
        "install it with `apt-get install time` (Debian/Ubuntu) or `dnf install time`.",
    );
  }
}

function packageScript(name: string): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  const script = manifest.scripts?.[name];
  if (script === undefined) throw new Error(`package.json has no "${name}" script`);
  return script;
}

// ---------------------------------------------------------------------------------------------
// Process-tree memory sampling (Linux /proc; zero elsewhere, GNU time's figure still stands)

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function listOrEmpty(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** Children are listed per thread, so every thread of the process is read. */
function childrenOf(pid: number): number[] {
  const threads = listOrEmpty(`/proc/${pid}/task`);
  const text = threads.map((thread) => readOrEmpty(`/proc/${pid}/task/${thread}/children`)).join(" ");
  return text.split(/\s+/).filter((word) => word !== "").map(Number);
}

function processTree(pid: number): number[] {
  return [pid, ...childrenOf(pid).flatMap(processTree)];
}

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(readOrEmpty(`/proc/${pid}/status`));
  return match ? Number(match[1]) : 0;
}

interface TreeSample {
  readonly largestKb: number;
  readonly totalKb: number;
}

function sampleTree(pid: number): TreeSample {
  const sizes = processTree(pid).map(rssKb);
  return { largestKb: Math.max(0, ...sizes), totalKb: sizes.reduce((sum, size) => sum + size, 0) };
}

/** Samples the tree until stopped; returns the peaks seen. */
function startSampler(pid: number): () => TreeSample {
  let peak: TreeSample = { largestKb: 0, totalKb: 0 };
  const take = (): void => {
    const sample = sampleTree(pid);
    peak = { largestKb: Math.max(peak.largestKb, sample.largestKb), totalKb: Math.max(peak.totalKb, sample.totalKb) };
  };
  const timer = setInterval(take, SAMPLE_INTERVAL_MS);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

// ---------------------------------------------------------------------------------------------
// Running one command

function childEnv(extra: Env): NodeJS.ProcessEnv {
  // What `npm run` does for a script: the project's binaries first on PATH (without npm's own
  // start-up cost, which is not what is measured here).
  const path = [join(ROOT, "node_modules", ".bin"), process.env.PATH ?? ""].join(delimiter);
  return { ...process.env, PATH: path, FORCE_COLOR: "0", ...extra };
}

/** GNU time writes "Command exited with non-zero status N" before the figure when a command fails. */
function gnuTimePeakKb(timeFile: string): number {
  const lines = readOrEmpty(timeFile).trim().split("\n");
  const value = Number(lines[lines.length - 1]);
  return Number.isFinite(value) ? value : 0;
}

/** Process groups of the commands running now, stopped if the benchmark itself is interrupted. */
const runningGroups = new Set<number>();

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

function stopRunningCommands(): void {
  runningGroups.forEach(killGroup);
  rmSync(SCRATCH, { recursive: true, force: true });
  process.exit(130);
}

interface Exit {
  readonly code: number | null;
  readonly timedOut: boolean;
  readonly outputTail: string;
  readonly tree: TreeSample;
}

function startCommand(command: Command, env: Env, timeFile: string): ChildProcessByStdio<null, Readable, Readable> {
  const script = ["-c", `${command.shell} "$@"`, "sh", ...command.args];
  return spawn(GNU_TIME, ["-f", "%M", "-o", timeFile, "sh", ...script], {
    cwd: ROOT,
    env: childEnv(env),
    detached: true, // own process group, so a timed-out run is stopped with all its workers
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Keeps the last part of stdout and stderr, interleaved as they arrive. */
function collectOutput(child: ChildProcessByStdio<null, Readable, Readable>): () => string {
  let tail = "";
  const append = (chunk: Buffer): void => {
    tail = (tail + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  return () => tail;
}

function spawnMeasured(command: Command, env: Env, timeFile: string, timeoutSeconds: number): Promise<Exit> {
  const child = startCommand(command, env, timeFile);
  const pid = child.pid;
  if (pid === undefined) return new Promise((_, fail) => child.on("error", fail));
  runningGroups.add(pid);
  const stopSampler = startSampler(pid);
  const output = collectOutput(child);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(pid);
  }, timeoutSeconds * 1000);
  return new Promise((done) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      runningGroups.delete(pid);
      done({ code, timedOut, outputTail: output(), tree: stopSampler() });
    });
  });
}

async function runOnce(command: Command, timeoutSeconds: number): Promise<Run> {
  const env = command.env();
  const timeFile = join(SCRATCH, "time.txt");
  rmSync(timeFile, { force: true });
  const started = process.hrtime.bigint();
  const exit = await spawnMeasured(command, env, timeFile, timeoutSeconds);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const succeeded = exit.code === 0 && !exit.timedOut;
  return {
    wallSeconds,
    maxRssKb: Math.max(gnuTimePeakKb(timeFile), exit.tree.largestKb),
    treeRssKb: exit.tree.totalKb,
    exitCode: exit.code,
    timedOut: exit.timedOut,
    problem: succeeded ? command.verify(env) : null,
    outputTail: exit.outputTail,
  };
}

// ---------------------------------------------------------------------------------------------
// Measurements

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function runFailed(run: Run): boolean {
  return !run.timedOut && (run.exitCode !== 0 || run.problem !== null);
}

function summarize(way: Way, command: Command, runs: readonly Run[]): Measurement {
  return {
    way,
    command: [command.shell, ...command.args].join(" "),
    runs,
    medianWallSeconds: median(runs.map((run) => run.wallSeconds)),
    maxRssKb: Math.max(...runs.map((run) => run.maxRssKb)),
    treeRssKb: Math.max(...runs.map((run) => run.treeRssKb)),
    timedOut: runs.some((run) => run.timedOut),
    failed: runs.some(runFailed),
  };
}

function progress(label: string, index: number, count: number, run: Run): void {
  const status = run.timedOut ? " (timed out)" : runFailed(run) ? " (FAILED)" : "";
  process.stderr.write(`  ${label} run ${index}/${count}: ${seconds(run.wallSeconds)}, ${megabytes(run.maxRssKb)}${status}\n`);
}

async function measure(label: string, way: Way, command: Command, runs: number, timeoutSeconds: number): Promise<Measurement> {
  const results: Run[] = [];
  for (let index = 1; index <= runs; index++) {
    const run = await runOnce(command, timeoutSeconds);
    progress(`${label} ${way}`, index, runs, run);
    results.push(run);
    // A run that timed out or failed says what there is to say; repeating it only costs time.
    if (run.timedOut || runFailed(run)) break;
  }
  return summarize(way, command, results);
}

/** The figures of a failed run say nothing about a toolchain, so no ratio is drawn from them. */
function ratioOf(stock: Measurement | null, ours: Measurement, figure: (measurement: Measurement) => number): number | null {
  if (stock === null || stock.failed || ours.failed) return null;
  return figure(stock) / figure(ours);
}

function compare(name: string, ours: Measurement, stock: Measurement | null, targets: Targets, notes: readonly string[]): Step {
  const speedup = ratioOf(stock, ours, (measurement) => measurement.medianWallSeconds);
  const memoryRatio = ratioOf(stock, ours, (measurement) => measurement.maxRssKb);
  return { name, ours, stock, speedup, memoryRatio, targets: targets(ours, speedup), notes };
}

const noTargets: Targets = () => [];

function check(target: string, ours: Measurement, met: boolean): TargetCheck {
  return { target, met: ours.failed ? null : met };
}

const synthTargets: Targets = (ours) => [
  check("under 1.5 s", ours, ours.medianWallSeconds < 1.5),
  check("under 250 MB", ours, ours.maxRssKb < 250 * 1024),
];

/** A target relative to the shipped synth's wall time; n/a when that was not measured (or failed). */
function relativeToShipped(label: string, factor: number, shipped: Measurement | null, ours: Measurement): TargetCheck {
  const target = `${label} within ${factor}x the shipped synth's time`;
  if (shipped === null || shipped.failed) return { target, met: null };
  return check(target, ours, ours.medianWallSeconds <= factor * shipped.medianWallSeconds);
}

const scaleTargets = (shipped: Measurement | null): Targets => (ours) => [
  relativeToShipped("30 x 23", 10, shipped, ours),
  // Worker processes: the whole tree counts.
  check("under 600 MB (tree)", ours, ours.treeRssKb < 600 * 1024),
];

const oneStackTargets = (shipped: Measurement | null): Targets => (ours) => [relativeToShipped("one stack of 30", 1.6, shipped, ours)];

const testTargets: Targets = (ours) => [check("under 15 s", ours, ours.medianWallSeconds < 15)];

// ---------------------------------------------------------------------------------------------
// Commands

const noEnv = (): Env => ({});
const noCheck = (): null => null;

/** Each synth writes to its own temporary outdir (App reads CDKTF_OUTDIR), never to cdktf.out. */
function synthCommand(shell: string, args: readonly string[] = []): Command {
  return {
    shell,
    args,
    env: () => ({ CDKTF_OUTDIR: mkdtempSync(join(SCRATCH, "cdktf.out-")) }),
    verify: (env) => (existsSync(join(env.CDKTF_OUTDIR, "manifest.json")) ? null : `no manifest.json in ${env.CDKTF_OUTDIR}`),
  };
}

/** --no-cache on both sides: a cold transform, as in CI, and the only fair one (ts-jest's cache skips type checks). */
function jestCommand(shell: string, files: readonly string[]): Command {
  const fileArgs = files.length > 0 ? ["--runTestsByPath", ...files] : [];
  return { shell, args: ["--no-cache", ...fileArgs], env: noEnv, verify: noCheck };
}

function plainCommand(shell: string): Command {
  return { shell, args: [], env: noEnv, verify: noCheck };
}

/** One App with every stack, under ts-node: what `cdktf synth` (and `cdktf deploy <stack>`) runs in a stock project. */
const STOCK_SYNTH = "ts-node scripts/fixtures/stock-main.ts";
const STOCK_JEST = "jest --config scripts/jest.stock.config.js";
const STOCK_TYPECHECK = "tsc --noEmit -p tsconfig.json";

// ---------------------------------------------------------------------------------------------
// Steps

async function synthStep(options: Options): Promise<Step> {
  process.stderr.write("synth of all stacks\n");
  const ours = await measure("synth", "ours", synthCommand(packageScript("synth")), options.runs, COMMAND_TIMEOUT_SECONDS);
  const stock = await measure("synth", "stock", synthCommand(STOCK_SYNTH, ["environments"]), options.stockRuns, COMMAND_TIMEOUT_SECONDS);
  return compare("synth (all stacks)", ours, stock, synthTargets, []);
}

/** 30 x 23, all stacks and one stack, ours and stock; `shipped` is the synth step's figure of ours. */
async function scaleSteps(options: Options, shipped: Measurement | null): Promise<Step[]> {
  process.stderr.write("synth at scale (30 environments x 23 services)\n");
  const synth = packageScript("synth");
  const all = await measure("scale all", "ours", synthCommand(synth, ["--config", SCALE_CONFIG]), options.runs, COMMAND_TIMEOUT_SECONDS);
  const one = await measure("scale one", "ours", synthCommand(synth, ["--config", SCALE_CONFIG, "--stack", SCALE_ONE_STACK]), options.runs, COMMAND_TIMEOUT_SECONDS);
  const stock = await measure("scale all", "stock", synthCommand(STOCK_SYNTH, [SCALE_CONFIG]), options.stockRuns, COMMAND_TIMEOUT_SECONDS);
  const stockNote = "stock: every stack in one App, as cdktf synth and cdktf deploy <stack> run it (no way to build one stack alone)";
  return [
    compare("synth 30 x 23 (all stacks)", all, stock, scaleTargets(shipped), []),
    compare(`synth 30 x 23 (--stack ${SCALE_ONE_STACK})`, one, stock, oneStackTargets(shipped), [stockNote]),
  ];
}

function testFiles(): string[] {
  const entries = readdirSync(join(ROOT, "__tests__"), { recursive: true, encoding: "utf8" });
  return entries.filter((entry) => entry.endsWith(".test.ts")).map((entry) => join("__tests__", entry)).sort();
}

/** Up to `count` files spread evenly over a sorted list (first and last included). */
function spread(files: readonly string[], count: number): string[] {
  if (files.length <= count) return [...files];
  if (count === 1) return [files[0]];
  const indexes = Array.from({ length: count }, (_, i) => Math.round((i * (files.length - 1)) / (count - 1)));
  return indexes.map((index) => files[index]);
}

/** Two validation-only test files and two that synthesize stacks: the two kinds cost very differently. */
function representativeSubset(files: readonly string[]): string[] {
  const validation = files.filter((file) => file.endsWith("-validation.test.ts"));
  const synthesizing = files.filter((file) => !file.endsWith("-validation.test.ts"));
  return [...spread(validation, 2), ...spread(synthesizing, 2)].sort();
}

async function subsetComparison(options: Options, files: readonly string[], reason: string): Promise<Step> {
  const name = `tests (subset: ${files.length} file${files.length === 1 ? "" : "s"})`;
  process.stderr.write(`${name}: ${files.join(", ")}\n`);
  const ours = await measure("tests subset", "ours", jestCommand(packageScript("test:unit"), files), options.runs, COMMAND_TIMEOUT_SECONDS);
  const stock = await measure("tests subset", "stock", jestCommand(STOCK_JEST, files), options.stockRuns, COMMAND_TIMEOUT_SECONDS);
  return compare(name, ours, stock, noTargets, [reason, `files: ${files.join(", ")}`]);
}

async function testSteps(options: Options): Promise<Step[]> {
  process.stderr.write("test suite\n");
  const oursCommand = jestCommand(packageScript("test:unit"), []);
  const ours = await measure("tests", "ours", oursCommand, options.runs, COMMAND_TIMEOUT_SECONDS);
  if (options.stockTests.length > 0) {
    const subset = await subsetComparison(options, options.stockTests, "stock suite compared on the files chosen with --stock-tests");
    return [compare("tests (full suite)", ours, null, testTargets, ["stock side measured on the subset only"]), subset];
  }
  const stock = await measure("tests", "stock", jestCommand(STOCK_JEST, []), options.stockRuns, options.stockBudgetSeconds);
  const full = compare("tests (full suite)", ours, stock, testTargets, stock.timedOut ? [stockTimeoutNote(options)] : []);
  if (!stock.timedOut) return [full];
  const reason = `full stock suite stopped after ${options.stockBudgetSeconds} s, so compared on a representative subset`;
  return [full, await subsetComparison(options, representativeSubset(testFiles()), reason)];
}

function stockTimeoutNote(options: Options): string {
  return `stock suite stopped at the ${options.stockBudgetSeconds} s budget: its time and speed-up are lower bounds`;
}

async function typecheckStep(options: Options): Promise<Step> {
  process.stderr.write("type check\n");
  const ours = await measure("typecheck", "ours", plainCommand(packageScript("typecheck")), options.runs, COMMAND_TIMEOUT_SECONDS);
  const stock = await measure("typecheck", "stock", plainCommand(STOCK_TYPECHECK), options.stockRuns, COMMAND_TIMEOUT_SECONDS);
  return compare("type check", ours, stock, noTargets, []);
}

async function runSteps(options: Options): Promise<Step[]> {
  const steps: Step[] = [];
  if (options.only.includes("synth")) steps.push(await synthStep(options));
  if (options.only.includes("scale")) steps.push(...(await scaleSteps(options, steps[0]?.ours ?? null)));
  if (options.only.includes("tests")) steps.push(...(await testSteps(options)));
  if (options.only.includes("typecheck")) steps.push(await typecheckStep(options));
  return steps;
}

// ---------------------------------------------------------------------------------------------
// Report

function seconds(value: number): string {
  return `${value.toFixed(2)} s`;
}

function megabytes(kb: number): string {
  return kb > 0 ? `${Math.round(kb / 1024)} MB` : "n/a";
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, index) => cell.padEnd(widths[index])).join("  ").trimEnd();
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => pad(row, widths)).join("\n");
}

function status(measurement: Measurement): string {
  if (measurement.timedOut) return "stopped (budget)";
  return measurement.failed ? "FAILED" : "ok";
}

function measurementRow(step: string, measurement: Measurement): string[] {
  const wall = measurement.timedOut ? `> ${seconds(measurement.medianWallSeconds)}` : seconds(measurement.medianWallSeconds);
  return [step, measurement.way, wall, megabytes(measurement.maxRssKb), megabytes(measurement.treeRssKb), String(measurement.runs.length), status(measurement)];
}

function ratio(value: number | null, lowerBound: boolean): string {
  return value === null ? "n/a" : `${lowerBound ? ">" : ""}${value.toFixed(1)}x`;
}

function stepRows(step: Step): string[][] {
  const ours = measurementRow(step.name, step.ours);
  if (step.stock === null) return [ours];
  const ratios = ["", "stock/ours", ratio(step.speedup, step.stock.timedOut), ratio(step.memoryRatio, step.stock.timedOut), "", "", ""];
  return [ours, measurementRow("", step.stock), ratios];
}

function verdict(met: boolean | null): string {
  if (met === null) return "n/a (a run failed)";
  return met ? "met" : "MISSED";
}

function targetLines(step: Step): string[] {
  if (step.targets.length === 0) return [];
  const checks = step.targets.map((target) => `${target.target}: ${verdict(target.met)}`);
  return [`  ${step.name} targets (ours): ${checks.join("; ")}`];
}

function failureLines(measurement: Measurement): string[] {
  const failed = measurement.runs.find(runFailed);
  if (failed === undefined) return [];
  const why = failed.problem ?? `exit code ${failed.exitCode}`;
  const tail = failed.outputTail.trim().split("\n").slice(-15).map((line) => `      ${line}`);
  return [`  FAILED: ${measurement.command} (${why}); last output:`, ...tail];
}

function loadAverage(): string {
  return loadavg().map((load) => load.toFixed(2)).join(" ");
}

function header(options: Options, loadBefore: string): string[] {
  return [
    `Benchmark: ${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), ${megabytes(totalmem() / 1024)} RAM, Node ${process.version}`,
    `load average before: ${loadBefore}, after: ${loadAverage()} (other work on the machine inflates every figure)`,
    `runs: ${options.runs} of ours, ${options.stockRuns} of stock; wall time is the median, peak RSS the maximum over runs`,
    "peak RSS: largest single process (GNU time %M); tree: sum over the process tree incl. jest workers (sampled, counts shared pages twice)",
    "jest runs with --no-cache on both sides (cold transform, as in CI)",
    "",
  ];
}

function measurementsOf(step: Step): Measurement[] {
  return step.stock === null ? [step.ours] : [step.ours, step.stock];
}

function commandLines(steps: readonly Step[]): string[] {
  const commands = steps.flatMap(measurementsOf).map((m) => `  ${m.way.padEnd(5)} ${m.command}`);
  return ["", "commands (run with node_modules/.bin on PATH, as npm run does):", ...new Set(commands)];
}

function report(options: Options, steps: readonly Step[], loadBefore: string): string {
  const head = ["step", "way", "wall", "peak RSS", "tree RSS", "runs", "status"];
  const rows = [head, ...steps.flatMap(stepRows)];
  const targets = steps.flatMap(targetLines);
  const notes = steps.flatMap((step) => step.notes.map((note) => `  ${step.name}: ${note}`));
  const failures = steps.flatMap(measurementsOf).flatMap(failureLines);
  const sections = [
    ...header(options, loadBefore),
    table(rows),
    ...(targets.length > 0 ? ["", "targets for the finished platform:", ...targets] : []),
    ...(notes.length > 0 ? ["", "notes:", ...notes] : []),
    ...commandLines(steps),
    ...(failures.length > 0 ? ["", ...failures] : []),
  ];
  return sections.join("\n");
}

function gitCommit(): string {
  const result = spawnSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "unknown";
}

/** Command output stays out of the JSON: it is long, and the report prints it for failures. */
function withoutOutputTail(measurement: Measurement): object {
  return { ...measurement, runs: measurement.runs.map(({ outputTail: _, ...run }) => run) };
}

function writeResults(options: Options, steps: readonly Step[], loadBefore: string): void {
  const machine = { cores: cpus().length, parallelism: availableParallelism(), cpu: cpus()[0]?.model ?? "unknown", totalMemoryKb: Math.round(totalmem() / 1024), node: process.version };
  const withoutOutput = steps.map((step) => ({ ...step, ours: withoutOutputTail(step.ours), stock: step.stock && withoutOutputTail(step.stock) }));
  const load = { before: loadBefore, after: loadAverage() };
  const results = { date: new Date().toISOString(), commit: gitCommit(), machine, load, options, steps: withoutOutput };
  mkdirSync(join(ROOT, "bench-results"), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = readOptions();
  assertGnuTime();
  process.on("SIGINT", stopRunningCommands);
  process.on("SIGTERM", stopRunningCommands);
  const loadBefore = loadAverage();
  const steps = await runSteps(options);
  process.stdout.write(`\n${report(options, steps, loadBefore)}\n`);
  writeResults(options, steps, loadBefore);
  process.stdout.write(`\nresults written to ${RESULTS_FILE}\n`);
  const failed = steps.flatMap(measurementsOf).some((measurement) => measurement.failed);
  if (failed) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  })
  .finally(() => rmSync(SCRATCH, { recursive: true, force: true }));
