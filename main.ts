/**
 * `npm run synth [-- --config <dir>] [--stack <name>]... [--verbose]`: synthesizes the
 * configuration exported by `<dir>/index.ts` (`bootstrap` and `environments`; default:
 * ./environments) into $CDKTF_OUTDIR (default `<dir>/cdktf.out` with --config, else cdktf.out).
 *
 * - `--stack <name>` (repeatable; or SYNTH_STACKS=a,b, for the cdktf CLI): every environment is
 *   still parsed and checked, but only the named stacks are built and written; the other stacks'
 *   folders stay as they are.
 * - Stacks are synthesized one App each; with more than PARALLEL_FROM stacks they are spread over
 *   worker processes (SYNTH_WORKERS=N sets how many, 0 for none). The output is the same bytes either way.
 * - Quiet: a note per synth warning (placeholders: one line per stack) on stdout, one policy
 *   summary line; `--verbose` adds each policy warning. Nothing on stderr unless synth fails.
 *   Under the cdktf CLI (which sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) the notes are left
 *   to the CLI, which prints the manifest's warnings itself, and would print ours a second time.
 */
import { ChildProcess, fork } from "child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "fs";
import { availableParallelism } from "os";
import { basename, dirname, join, relative, resolve } from "path";
import { ConfigValidationError } from "./modules/core/problems";
import type { RuleResult } from "./modules/guardrails/policy-pack";
import { policySummaryLine, PolicyViolationError, resultLines } from "./modules/guardrails/policy-pack";
import { Configuration, parseConfiguration } from "./modules/platform/configuration";
import { commitStacks, POLICY_REPORT_FILE, StackResult } from "./modules/platform/outdir";
import { stackNamesOf } from "./modules/platform/stack-names";

/** Below this many stacks, starting worker processes costs more than it saves. */
const PARALLEL_FROM = 8;
/** Stacks per worker process, at least: a process costs about a second to load the construct libraries. */
const STACKS_PER_WORKER = 3;
const WORKER_JOB_VARIABLE = "PLATFORM_SYNTH_JOB";
/** V8's old-space limit in a worker process, MB. */
const WORKER_OLD_SPACE_MB = Number(process.env.SYNTH_WORKER_HEAP_MB ?? 256);

interface Options {
  readonly configDirectory: string;
  readonly outdir: string;
  readonly stacks: readonly string[];
  readonly verbose: boolean;
}

interface WorkerJob {
  readonly configDirectory: string;
  readonly staging: string;
  readonly stacks: readonly string[];
}

/** A mistake in how synth was called: one line for the user, no stack trace. */
class UsageError extends Error {}

function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  const values = (flag: string) => argv.flatMap((argument, index) => (argument === flag ? [argv[index + 1] ?? ""] : []));
  const [config] = values("--config");
  if (config === "") throw new UsageError("--config needs a folder, e.g. --config examples/node-app");
  const stacks = [...values("--stack"), ...(env.SYNTH_STACKS ?? "").split(",")].map((name) => name.trim()).filter((name) => name !== "");
  if (values("--stack").includes("")) throw new UsageError("--stack needs a stack name, e.g. --stack dev");
  const configDirectory = resolve(config ?? join(__dirname, "environments"));
  // With --config, the configuration's own folder: its bootstrap's local state lands beside it, not in the shipped one's.
  const outdir = resolve(env.CDKTF_OUTDIR ?? (config ? join(configDirectory, "cdktf.out") : "cdktf.out"));
  return { configDirectory, outdir, stacks: [...new Set(stacks)], verbose: argv.includes("--verbose") };
}

function checkOutdir(outdir: string): void {
  const parent = dirname(outdir);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) {
    throw new UsageError(`CDKTF_OUTDIR is ${outdir}, but its parent folder ${parent} does not exist; create it or choose another CDKTF_OUTDIR`);
  }
  if (existsSync(outdir) && !statSync(outdir).isDirectory()) throw new UsageError(`CDKTF_OUTDIR is ${outdir}, which is a file; expected a folder`);
}

function loadConfiguration(directory: string): Configuration {
  const { bootstrap, environments } = require(directory) as { bootstrap: unknown; environments: readonly unknown[] };
  return parseConfiguration(bootstrap, environments);
}

function selectedStacks(configured: readonly string[], wanted: readonly string[]): string[] {
  const unknown = wanted.filter((name) => !configured.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`--stack ${unknown.join(", ")}: not a stack of this configuration; expected one of ${configured.join(", ")}`);
  }
  return wanted.length === 0 ? [...configured] : configured.filter((name) => wanted.includes(name));
}

function workerCount(stacks: number, env: NodeJS.ProcessEnv): number {
  const set = env.SYNTH_WORKERS;
  if (set !== undefined && set !== "") {
    const count = Number(set);
    if (!Number.isInteger(count) || count < 0) throw new UsageError(`SYNTH_WORKERS is ${JSON.stringify(set)}; expected a whole number, 0 for no worker processes`);
    return count;
  }
  return stacks < PARALLEL_FROM ? 0 : Math.min(availableParallelism(), Math.ceil(stacks / STACKS_PER_WORKER));
}

// ---------------------------------------------------------------------------------------------
// Synthesizing, here or in worker processes

/** Loaded only when this process builds stacks itself: the construct libraries are most of a process's memory. */
function synthesizeHere(configuration: Configuration, names: readonly string[], staging: string): StackResult[] {
  const { synthesizeStack } = require("./modules/platform/synthesis") as typeof import("./modules/platform/synthesis");
  return names.map((name) => synthesizeStack(configuration, name, staging));
}

function batches<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

/** One worker process for `stacks`: the same main.ts, told its job through the environment. */
function runWorker(job: WorkerJob): Promise<StackResult[]> {
  return new Promise((done, fail) => {
    const results: StackResult[] = [];
    let stderr = "";
    const child: ChildProcess = fork(__filename, [], {
      // A worker's live heap stays under about 100 MB (see releasingTokens); left alone, V8 lets it
      // grow to several times that before collecting, and two workers then passed 600 MB together.
      execArgv: [...process.execArgv, `--max-old-space-size=${WORKER_OLD_SPACE_MB}`],
      env: { ...process.env, [WORKER_JOB_VARIABLE]: JSON.stringify(job) },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("message", (message: StackResult) => results.push(message));
    child.on("error", fail);
    // "close", not "exit": by then every message has arrived.
    child.on("close", (code) => {
      if (code === 0 && results.length === job.stacks.length) done(results);
      else fail(new Error(`synth worker for ${job.stacks.join(", ")} exited with ${code}:\n${stderr}`));
    });
  });
}

async function synthesizeInWorkers(options: Options, names: readonly string[], staging: string, workers: number): Promise<StackResult[]> {
  // One batch per worker: memory no longer grows with a worker's stacks (synthesis.ts releases each stack's tokens).
  const queue = batches(names, Math.ceil(names.length / workers));
  const results: StackResult[] = [];
  const drain = async (): Promise<void> => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      results.push(...(await runWorker({ configDirectory: options.configDirectory, staging, stacks: batch })));
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, queue.length) }, drain));
  // In configuration order, whichever worker finished first.
  return names.map((name) => results.find((result) => result.name === name) as StackResult);
}

/** Sends one result and waits until it is handed to the parent: disconnecting earlier can drop it. */
function sendToParent(result: StackResult): Promise<void> {
  return new Promise((done, fail) => {
    if (!process.send) return fail(new Error("a synth worker must be started by main.ts"));
    process.send(result, undefined, {}, (error: Error | null) => (error ? fail(error) : done()));
  });
}

async function workerMain(job: WorkerJob): Promise<void> {
  const configuration = loadConfiguration(job.configDirectory);
  const { synthesizeStack } = require("./modules/platform/synthesis") as typeof import("./modules/platform/synthesis");
  for (const name of job.stacks) await sendToParent(synthesizeStack(configuration, name, job.staging));
  process.disconnect?.();
}

// ---------------------------------------------------------------------------------------------
// Output

function printSummary(options: Options, results: readonly StackResult[], underCdktfCli: boolean): void {
  if (!underCdktfCli) for (const warning of results.flatMap((result) => result.warnings)) console.log(`Note: ${warning.path}: ${warning.message}`);
  const ruleResults: RuleResult[] = results.flatMap((result) => [...result.results]);
  if (options.verbose) for (const line of resultLines(ruleResults, "warn")) console.log(`Policy warning: ${line}`);
  const near = relative(process.cwd(), options.outdir);
  const where = near === "" ? "." : near.startsWith("..") ? options.outdir : near;
  const names = results.map((result) => result.name);
  console.log(`Synthesized ${names.length > 5 ? `${names.length} stacks` : names.join(", ")} into ${where}`);
  const details = options.verbose ? "" : ` (details: ${join(where, POLICY_REPORT_FILE)}, or --verbose)`;
  console.log(`Policy: ${policySummaryLine(ruleResults)}${details}`);
}

async function synthMain(): Promise<void> {
  const options = readOptions(process.argv.slice(2), process.env);
  checkOutdir(options.outdir);
  const configuration = loadConfiguration(options.configDirectory);
  const configured = stackNamesOf(configuration);
  const names = selectedStacks(configured, options.stacks);
  const workers = workerCount(names.length, process.env);
  // Staged beside the output directory (same file system: moved in by rename), removed whatever happens.
  const staging = mkdtempSync(join(dirname(options.outdir), `.${basename(options.outdir)}-staging-`));
  try {
    const results = workers === 0 ? synthesizeHere(configuration, names, staging) : await synthesizeInWorkers(options, names, staging, workers);
    // The policy pack judges every stack before anything is written: a violation leaves the output directory as it was.
    const violations = results.flatMap((result) => result.violations);
    if (violations.length > 0) throw new PolicyViolationError(violations);
    commitStacks({ outdir: options.outdir, staging, configured, synthesized: results });
    printSummary(options, results, process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function fail(error: unknown): void {
  // A configuration or usage mistake is the user's to fix: print the problems, not a stack trace.
  if (error instanceof ConfigValidationError || error instanceof PolicyViolationError || error instanceof UsageError) {
    console.error(error.message);
    process.exitCode = 1;
    return;
  }
  throw error;
}

const workerJob = process.env[WORKER_JOB_VARIABLE];
if (workerJob !== undefined) {
  workerMain(JSON.parse(workerJob) as WorkerJob).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
else synthMain().catch(fail);
