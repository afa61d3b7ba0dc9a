/**
 * `npm run check-workflows`: parses every .github/workflows/*.yml with the `yaml` package and
 * checks what actionlint (run over the same files by the test suite) does not, because it is this
 * project's rule rather than GitHub's:
 *
 * - every job declares its `permissions` (never write-all), and only a job that assumes an AWS role
 *   through OIDC (or calls a reusable workflow) asks for `id-token: write`;
 * - every action is pinned to a full commit SHA with its version as a comment (`@<40 hex> # v1.2.3`),
 *   every docker:// image to a digest; local actions and reusable workflows (`./...`) are exempt;
 * - every `npm run <script>` (and `npm test`) in a `run:` names a script of package.json;
 * - `.nvmrc` satisfies package.json's engines.node and `.terraform-version` the stacks' required_version.
 *
 * YAML is read with the failsafe schema (every scalar a string, as GitHub's expressions see them),
 * duplicate keys refused. Exits 1 when any problem is found.
 */
import { existsSync, readdirSync, readFileSync } from "fs";
import { join, relative, resolve } from "path";
import { parseDocument } from "yaml";
import { REQUIRED_TERRAFORM_VERSION } from "../modules/core/platform-stack";

export interface YamlMapping {
  readonly [key: string]: YamlValue;
}
export type YamlValue = string | null | readonly YamlValue[] | YamlMapping;

export class YamlSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "YamlSyntaxError";
  }
}

/** Parses one YAML document; every scalar is a string (the failsafe schema), an empty document null. */
export function parseYaml(source: string): YamlValue {
  const document = parseDocument(source, { schema: "failsafe", uniqueKeys: true, prettyErrors: true });
  const [error] = document.errors;
  if (error) throw new YamlSyntaxError(error.linePos?.[0].line ?? 1, error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""));
  return (document.toJS() ?? null) as YamlValue;
}

// Checks

export interface WorkflowProblem {
  /** Relative to the repository root. */
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

const FULL_SHA = /^[^@\s]+@[0-9a-f]{40}$/;
const DOCKER_DIGEST = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;
const VERSION_COMMENT = /#\s*v?\d+(?:\.\d+)*\b/;
const PERMISSION_LEVELS = ["read", "write", "none"];
const OIDC_ACTION = "aws-actions/configure-aws-credentials@";

/** Every problem of one workflow file; `scripts` are package.json's script names. */
export function checkWorkflow(file: string, source: string, scripts: ReadonlySet<string>): WorkflowProblem[] {
  let workflow: YamlValue;
  try {
    workflow = parseYaml(source);
  } catch (error) {
    if (error instanceof YamlSyntaxError) return [{ file, line: error.line, message: `does not parse: ${error.message}` }];
    throw error;
  }
  const report = (message: string, line?: number): WorkflowProblem => ({ file, line, message });
  if (!isMapping(workflow)) return [report("is not a mapping of on, jobs, ...")];
  const structure = structureProblems(workflow).map((message) => report(message));
  const jobs = Object.entries(mappingAt(workflow, "jobs"));
  return [
    ...structure,
    ...jobs.flatMap(([name, job]) => jobProblems(name, job).map((message) => report(message))),
    ...jobs.flatMap(([name, job]) => pinProblems(name, job, source).map(([message, line]) => report(message, line))),
    ...jobs.flatMap(([name, job]) => scriptProblems(name, job, scripts).map((message) => report(message))),
  ];
}

export function isMapping(value: YamlValue | undefined): value is YamlMapping {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The mapping under `key`, or an empty one. */
export function mappingAt(value: YamlValue | undefined, key: string): YamlMapping {
  const found = isMapping(value) ? value[key] : undefined;
  return isMapping(found) ? found : {};
}

/** The list under `key`, or an empty one. */
export function listAt(value: YamlValue | undefined, key: string): readonly YamlValue[] {
  const found = isMapping(value) ? value[key] : undefined;
  return Array.isArray(found) ? found : [];
}

/** The text under `key`, if it is text. */
export function textAt(value: YamlValue | undefined, key: string): string | undefined {
  const found = isMapping(value) ? value[key] : undefined;
  return typeof found === "string" ? found : undefined;
}

function structureProblems(workflow: YamlMapping): string[] {
  const problems: string[] = [];
  if (!("on" in workflow)) problems.push("has no `on:` (the events that run it)");
  if (Object.keys(mappingAt(workflow, "jobs")).length === 0) problems.push("has no jobs");
  if ("permissions" in workflow) problems.push(...permissionProblems("the workflow", workflow.permissions));
  return problems;
}

function jobProblems(name: string, job: YamlValue): string[] {
  if (!isMapping(job)) return [`job ${name} is not a mapping`];
  const problems: string[] = [];
  if (!("runs-on" in job) && !("uses" in job)) problems.push(`job ${name} has neither runs-on nor uses`);
  if (!("permissions" in job)) problems.push(`job ${name} declares no permissions (least privilege: say which it needs, {} for none)`);
  else problems.push(...permissionProblems(`job ${name}`, job.permissions));
  if (mappingAt(job, "permissions")["id-token"] === "write" && !("uses" in job) && !stepsUse(job, OIDC_ACTION)) {
    problems.push(`job ${name} asks for id-token: write but assumes no AWS role (${OIDC_ACTION}...)`);
  }
  listAt(job, "steps").forEach((step, index) => {
    if (!isMapping(step) || ("uses" in step) === ("run" in step)) problems.push(`job ${name} step ${index + 1} needs exactly one of uses and run`);
  });
  return problems;
}

function permissionProblems(owner: string, permissions: YamlValue): string[] {
  if (permissions === "read-all") return [];
  if (!isMapping(permissions)) return [`${owner} has permissions ${JSON.stringify(permissions)}; expected a mapping of scope: read|write|none (never write-all)`];
  return Object.entries(permissions)
    .filter(([, level]) => typeof level !== "string" || !PERMISSION_LEVELS.includes(level))
    .map(([scope, level]) => `${owner} has permission ${scope}: ${JSON.stringify(level)}; expected read, write or none`);
}

function stepsUse(job: YamlMapping, prefix: string): boolean {
  return listAt(job, "steps").some((step) => textAt(step, "uses")?.startsWith(prefix) ?? false);
}

/** Every `uses` of a job (its own, for a reusable workflow, and its steps'). */
function usesOf(job: YamlValue): string[] {
  const own = textAt(job, "uses");
  const steps = listAt(job, "steps").flatMap((step) => textAt(step, "uses") ?? []);
  return [...(own ? [own] : []), ...steps];
}

function pinProblems(name: string, job: YamlValue, source: string): [string, number | undefined][] {
  return usesOf(job).flatMap((reference): [string, number | undefined][] => {
    if (reference.startsWith("./")) return [];
    const line = lineOf(source, reference);
    if (reference.startsWith("docker://")) {
      return DOCKER_DIGEST.test(reference) ? [] : [[`job ${name} uses ${reference}: pin the image by digest (@sha256:...)`, line]];
    }
    if (!FULL_SHA.test(reference)) return [[`job ${name} uses ${reference}: pin it to a full 40-character commit SHA`, line]];
    const text = line === undefined ? "" : source.split("\n")[line - 1];
    return VERSION_COMMENT.test(text) ? [] : [[`job ${name} uses ${reference} without its version as a comment (# vX.Y.Z)`, line]];
  });
}

/** The 1-based line of the first `uses: <reference>`. */
function lineOf(source: string, reference: string): number | undefined {
  const index = source.split("\n").findIndex((text) => new RegExp(`^\\s*(?:-\\s+)?uses:\\s*["']?${escapeRegExp(reference)}["']?(\\s|$)`).test(text));
  return index < 0 ? undefined : index + 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** `npm run x`, `npm run-script x`, `npm run --silent x`, `npm test`, `npm start`. */
export function npmScriptsIn(script: string): string[] {
  const named = [...script.matchAll(/\bnpm\s+(?:run|run-script)\s+(?:--?[\w-]+(?:=\S+)?\s+)*([\w:.-]+)/g)].map((match) => match[1]);
  const shorthand = [...script.matchAll(/\bnpm\s+(test|t|start)\b/g)].map((match) => (match[1] === "t" ? "test" : match[1]));
  return [...named, ...shorthand];
}

function scriptProblems(name: string, job: YamlValue, scripts: ReadonlySet<string>): string[] {
  return listAt(job, "steps")
    .flatMap((step) => npmScriptsIn(textAt(step, "run") ?? ""))
    .filter((script) => !scripts.has(script))
    .map((script) => `job ${name} runs npm script "${script}", which package.json does not define`);
}

// ---------------------------------------------------------------------------------------------
// Version files

/** Whether `version` (X.Y.Z) satisfies a Terraform constraint such as ">= 1.11" or "~> 1.11, < 2". */
export function satisfiesConstraint(version: string, constraint: string): boolean {
  const actual = numbers(version);
  return constraint.split(",").every((part) => {
    const match = /^\s*(>=|<=|!=|~>|>|<|=)?\s*(\d+(?:\.\d+)*)\s*$/.exec(part);
    if (!match) throw new Error(`unsupported version constraint ${part}`);
    const [, operator = "=", wanted] = match;
    const order = compare(actual, numbers(wanted));
    return OPERATORS[operator](order, actual, numbers(wanted));
  });
}

const OPERATORS: Readonly<Record<string, (order: number, actual: number[], wanted: number[]) => boolean>> = {
  "=": (order) => order === 0,
  "!=": (order) => order !== 0,
  ">": (order) => order > 0,
  ">=": (order) => order >= 0,
  "<": (order) => order < 0,
  "<=": (order) => order <= 0,
  // ~> 1.11 allows 1.x from 1.11; ~> 1.11.4 allows 1.11.x from 1.11.4.
  "~>": (order, actual, wanted) => order >= 0 && actual.slice(0, wanted.length - 1).join(".") === wanted.slice(0, -1).join("."),
};

function numbers(version: string): number[] {
  return version.split(".").map(Number);
}

function compare(left: readonly number[], right: readonly number[]): number {
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/**
 * `.nvmrc` (a Node major, or major.minor.patch) against package.json's engines.node (">=X[.Y]"):
 * a bare major stands for its newest release, so "20" satisfies ">=20.9".
 */
export function nodeVersionProblems(nvmrc: string, engines: string): string[] {
  const version = nvmrc.trim().replace(/^v/, "");
  const minimum = /^>=\s*(\d+(?:\.\d+)*)$/.exec(engines.trim());
  if (!/^\d+(?:\.\d+){0,2}$/.test(version)) return [`.nvmrc holds ${JSON.stringify(nvmrc.trim())}; expected a Node version such as 20 or 20.19.0`];
  if (!minimum) return [`package.json engines.node is ${JSON.stringify(engines)}; expected ">=X.Y"`];
  const padded = [...numbers(version), Infinity, Infinity].slice(0, 3);
  return compare(padded, numbers(minimum[1])) >= 0 ? [] : [`.nvmrc ${version} is older than package.json engines.node ${engines}`];
}

export function terraformVersionProblems(pinned: string): string[] {
  const version = pinned.trim();
  if (!/^\d+\.\d+\.\d+$/.test(version)) return [`.terraform-version holds ${JSON.stringify(version)}; expected an exact version such as 1.11.4`];
  return satisfiesConstraint(version, REQUIRED_TERRAFORM_VERSION)
    ? []
    : [`.terraform-version ${version} does not satisfy the stacks' required_version ${REQUIRED_TERRAFORM_VERSION}`];
}

// ---------------------------------------------------------------------------------------------
// The repository

interface PackageJson {
  readonly scripts?: Readonly<Record<string, string>>;
  readonly engines?: Readonly<Record<string, string>>;
}

function readPackageJson(root: string): PackageJson {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageJson;
}

export function workflowFiles(root: string): string[] {
  const directory = join(root, ".github", "workflows");
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(directory, name));
}

function versionFileProblems(root: string, manifest: PackageJson): WorkflowProblem[] {
  const read = (name: string) => (existsSync(join(root, name)) ? readFileSync(join(root, name), "utf8") : undefined);
  const nvmrc = read(".nvmrc");
  const terraform = read(".terraform-version");
  const node = nvmrc === undefined ? [".nvmrc is missing"] : nodeVersionProblems(nvmrc, manifest.engines?.node ?? "");
  const tf = terraform === undefined ? [".terraform-version is missing"] : terraformVersionProblems(terraform);
  return [...node, ...tf].map((message) => ({ file: message.startsWith(".nvmrc") ? ".nvmrc" : ".terraform-version", message }));
}

export interface CheckResult {
  readonly files: readonly string[];
  readonly problems: readonly WorkflowProblem[];
}

/** Checks every workflow of the repository at `root`, and the version files they read. */
export function checkRepository(root: string): CheckResult {
  const manifest = readPackageJson(root);
  const scripts = new Set(Object.keys(manifest.scripts ?? {}));
  const files = workflowFiles(root);
  const problems = files.flatMap((path) => checkWorkflow(relative(root, path), readFileSync(path, "utf8"), scripts));
  return { files: files.map((path) => relative(root, path)), problems: [...problems, ...versionFileProblems(root, manifest)] };
}

function main(): void {
  const root = resolve(__dirname, "..");
  const { files, problems } = checkRepository(root);
  for (const problem of problems) console.error(`${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.message}`);
  if (files.length === 0) console.error("no workflows under .github/workflows");
  console.log(`check-workflows: ${files.length} workflow(s) checked, ${problems.length} problem(s)`);
  process.exitCode = problems.length > 0 || files.length === 0 ? 1 : 0;
}

if (require.main === module) main();
