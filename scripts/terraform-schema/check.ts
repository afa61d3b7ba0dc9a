/**
 * Synthesized Terraform JSON checked against the provider's schema (see ./schema.ts): unknown
 * arguments at any depth (escape-hatch overrides included, since they land in the same JSON),
 * missing required ones, values of the wrong primitive type, and a block written as an attribute
 * (an expression or a primitive where Terraform wants a block) or an attribute written as a block.
 * Values are judged as Terraform converts them: "5" is a number, "true" a boolean, 5 a string;
 * a "${...}" expression is unknown at synth and accepted wherever an attribute is.
 */
import { ArgumentSchema, BlockSchema, ProviderSchema, ValueType } from "./schema";

export interface SchemaProblem {
  readonly stack: string;
  /** "aws_ecs_service.api", "data.aws_vpc.main", "provider.aws[0]". */
  readonly address: string;
  /** "deployment_circuit_breaker[0].enable"; "" for the resource itself. */
  readonly path: string;
  readonly problem: string;
}

/** Terraform's meta-arguments of a resource or data source, not part of any provider schema. */
const META_ARGUMENTS = new Set(["count", "depends_on", "for_each", "lifecycle", "provider", "provisioner", "connection", "//"]);
/** The arguments of `lifecycle` (Terraform language, not the provider). */
const LIFECYCLE = new Set(["create_before_destroy", "prevent_destroy", "ignore_changes", "replace_triggered_by", "precondition", "postcondition"]);
/** Only providers whose schema is loaded are checked; the others' types are skipped. */
const CHECKED_PREFIX = "aws_";

type Json = Readonly<Record<string, unknown>>;

export function checkStack(stack: string, json: Json, schema: ProviderSchema): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const report = (address: string) => (path: string, problem: string) => problems.push({ stack, address, path, problem });
  for (const [section, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, byName] of Object.entries(objectOr(json[section]))) {
      for (const [name, body] of Object.entries(objectOr(byName))) {
        const address = `${prefix}${type}.${name}`;
        const struct = schema.types[`${prefix}${type}`];
        if (struct) checkTopLevel(body, struct, schema, report(address));
        else if (type.startsWith(CHECKED_PREFIX)) report(address)("", `${prefix ? "data source" : "resource"} type ${type} does not exist in the provider`);
      }
    }
  }
  for (const [name, configs] of Object.entries(objectOr(json.provider))) {
    const struct = schema.types[`provider.${name}`];
    if (!struct) continue;
    listOf(configs).forEach((config, index) => checkTopLevel(config, struct, schema, report(`provider.${name}[${index}]`), new Set(["alias"])));
  }
  const order = (a: SchemaProblem, b: SchemaProblem) => compare(a.address, b.address) || compare(a.path, b.path) || compare(a.problem, b.problem);
  return problems.sort(order);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Report = (path: string, problem: string) => void;

function checkTopLevel(body: unknown, struct: string, schema: ProviderSchema, report: Report, meta = META_ARGUMENTS): void {
  if (!isObject(body)) return report("", "expected an object of arguments");
  const { lifecycle, ...rest } = body;
  if (lifecycle !== undefined && meta.has("lifecycle")) checkLifecycle(lifecycle, report);
  const own = Object.fromEntries(Object.entries(rest).filter(([key]) => !meta.has(key)));
  checkObject(own, struct, schema, "", report);
}

function checkLifecycle(lifecycle: unknown, report: Report): void {
  if (!isObject(lifecycle)) return report("lifecycle", "is a block; expected an object");
  for (const key of Object.keys(lifecycle)) if (!LIFECYCLE.has(key)) report(`lifecycle.${key}`, "unknown lifecycle argument");
}

function checkObject(body: Json, struct: string, schema: ProviderSchema, path: string, report: Report): void {
  const arguments_ = schema.blocks[struct] ?? {};
  const dynamic = objectOr(body.dynamic);
  for (const [key, value] of Object.entries(body)) {
    if (key === "dynamic") continue;
    const argument = arguments_[key];
    const at = join(path, key);
    if (!argument) report(at, `unknown argument "${key}"${suggestion(key, arguments_)}`);
    else checkArgument(value, argument, schema, at, report);
  }
  for (const [key, generator] of Object.entries(dynamic)) {
    const argument = arguments_[key];
    const at = join(path, `dynamic.${key}`);
    if (!argument?.block) report(at, argument ? `"${key}" is an attribute; only blocks can be dynamic` : `unknown block "${key}"`);
    else checkObject(objectOr(objectOr(generator).content), argument.block, schema, `${at}.content`, report);
  }
  for (const [key, argument] of Object.entries(arguments_)) {
    const unset = body[key] === undefined || body[key] === null;
    if (argument.required && unset && dynamic[key] === undefined) report(join(path, key), "missing required argument");
  }
}

function checkArgument(value: unknown, argument: ArgumentSchema, schema: ProviderSchema, path: string, report: Report): void {
  if (value === null) return;
  if (argument.block) return checkBlock(value, argument.block, schema, path, report);
  if (argument.type) checkValue(value, argument.type, path, report);
}

function checkBlock(value: unknown, struct: string, schema: ProviderSchema, path: string, report: Report): void {
  if (typeof value === "string") return report(path, "is a block; it cannot be set from an expression or a string (write it as an object or a list of objects)");
  const items = Array.isArray(value) ? value : [value];
  items.forEach((item, index) => {
    const at = Array.isArray(value) ? `${path}[${index}]` : path;
    if (isObject(item)) checkObject(item, struct, schema, at, report);
    else report(at, `is a block; expected an object, got ${describe(item)}`);
  });
}

function checkValue(value: unknown, type: ValueType, path: string, report: Report): void {
  if (isExpression(value) || type.kind === "any") return;
  const wrong = () => report(path, `expects ${typeName(type)}, got ${describe(value)}${isObject(value) || isObjectList(value) ? " (an attribute, not a block)" : ""}`);
  switch (type.kind) {
    case "string":
      return void (["string", "number", "boolean"].includes(typeof value) || wrong());
    case "number":
      return void (typeof value === "number" || (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) || wrong());
    case "boolean":
      return void (typeof value === "boolean" || value === "true" || value === "false" || wrong());
    case "list":
      if (!Array.isArray(value)) return wrong();
      return value.forEach((element, index) => checkValue(element, type.element, `${path}[${index}]`, report));
    case "map":
      if (!isObject(value)) return wrong();
      return Object.entries(value).forEach(([key, element]) => checkValue(element, type.element, `${path}.${key}`, report));
  }
}

function typeName(type: ValueType): string {
  return type.kind === "list" || type.kind === "map" ? `${type.kind}(${typeName(type.element)})` : type.kind;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (isObject(value)) return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** A string Terraform evaluates: unknown at synth, so any attribute accepts it. */
function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

function suggestion(key: string, arguments_: BlockSchema): string {
  const close = Object.keys(arguments_).find((candidate) => candidate.replace(/_/g, "") === key.replace(/_/g, "").toLowerCase());
  return close ? ` (did you mean "${close}"?)` : "";
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isObjectList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every(isObject);
}

function objectOr(value: unknown): Json {
  return isObject(value) ? value : {};
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** One line per problem: `<stack>: <address>: <path>: <problem>`. */
export function formatProblem(problem: SchemaProblem): string {
  return `${problem.stack}: ${problem.address}${problem.path ? `: ${problem.path}` : ""}: ${problem.problem}`;
}
