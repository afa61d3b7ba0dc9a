/**
 * `npm run synth:examples [-- <name> ...]`: synthesizes each configuration under examples/ (every
 * folder with an index.ts, or only the ones named) into examples/<name>/cdktf.out/, exactly as
 * `npm run synth -- --config examples/<name>` does (main.ts writes beside the configuration), and prints one
 * line per example: its stacks and its policy results. The examples run in parallel, each in its
 * own process. Exits 1 when any example fails to synthesize (its problems are printed below it).
 *
 * Each example's output sits in its own folder so that the bootstrap stack's local state
 * (`../../../terraform.bootstrap.tfstate` from its stack directory) lands in examples/<name>/,
 * one per configuration, never shared with the shipped one or another example's.
 *
 * Then, for an example's monthly cost: `npm run cost -- --out examples/<name>/cdktf.out`.
 */
import { spawn } from "child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "fs";
import { join, relative, resolve } from "path";

const ROOT = resolve(__dirname, "..");
const EXAMPLES = join(ROOT, "examples");

interface Outcome {
  readonly name: string;
  readonly ok: boolean;
  readonly line: string;
  readonly details: string;
}

function exampleNames(): string[] {
  return readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(EXAMPLES, entry.name, "index.ts")))
    .map((entry) => entry.name)
    .sort();
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

/** "0 failed, 2 warnings, 1 suppressed", from the policy report main.ts writes. */
function policySummary(outdir: string): string {
  const report = JSON.parse(readFileSync(join(outdir, "policy-report.json"), "utf8")) as { results: readonly { status: string }[] };
  const count = (status: string) => report.results.filter((result) => result.status === status).length;
  return `${count("fail")} failed, ${count("warn")} warning(s), ${count("suppressed")} suppressed`;
}

async function synthesize(name: string): Promise<Outcome> {
  const outdir = join(EXAMPLES, name, "cdktf.out");
  // A stack dropped from the example must not linger for `npm run cost` to read.
  rmSync(outdir, { recursive: true, force: true });
  // main.ts's default for --config is the configuration's own cdktf.out; an inherited CDKTF_OUTDIR must not win.
  const { CDKTF_OUTDIR: _, ...env } = process.env;
  const args = ["--require", "./scripts/register.js", "main.ts", "--config", relative(ROOT, join(EXAMPLES, name))];
  const { code, stdout, stderr } = await run(process.execPath, args, env);
  if (code !== 0) return { name, ok: false, line: `${name}: FAILED (exit ${code})`, details: `${stderr}${stdout}`.trim() };
  const stacksDir = join(outdir, "stacks");
  const stacks = existsSync(stacksDir) ? readdirSync(stacksDir).sort() : [];
  const placeholders = stdout.split("\n").filter((line) => line.startsWith("Note: ") && line.includes("still uses placeholder values")).length;
  return {
    name,
    ok: true,
    line:
      `${name}: ${stacks.join(", ")} → ${relative(ROOT, outdir)} (policy: ${policySummary(outdir)}` +
      `${placeholders > 0 ? `; placeholders in ${placeholders} stack(s)` : ""})`,
    details: "",
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const known = exampleNames();
  const unknown = argv.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    console.error(`No example ${unknown.join(", ")}; examples: ${known.join(", ")}`);
    return 1;
  }
  const names = argv.length > 0 ? [...argv] : known;
  const outcomes = await Promise.all(names.map(synthesize));
  for (const outcome of outcomes) {
    console.log(outcome.line);
    if (outcome.details) console.log(outcome.details.replace(/^/gm, "    "));
  }
  return outcomes.every((outcome) => outcome.ok) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
