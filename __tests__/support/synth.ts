import { TerraformResource, TerraformStack, Testing } from "cdktf";
import { IConstruct } from "constructs";
import { bootstrap as shippedBootstrap, environments } from "../../environments";
import { buildPlatform, Platform } from "../../modules/platform/platform";
import { EnvironmentInput } from "../../modules/platform/schema";
import { BootstrapInput } from "../../modules/state/schema";
import { bootstrapInput, shippedEnvironment } from "./config";

export * from "./config";

/**
 * Synthesized JSON read loosely: any property path type-checks, and jest's matchers compare the
 * values. (Terraform JSON has no static shape worth spelling out in tests.)
 */
export interface Json {
  readonly [key: string]: Json;
}

export interface TerraformJson {
  readonly terraform: Json;
  readonly provider: Json;
  readonly resource: Json;
  readonly data: Json;
  readonly output: Json;
}

/** Synthesized Terraform JSON of one stack: the string for cdktf's matchers, parsed, and the stack it came from. */
export interface SynthesizedStack {
  readonly text: string;
  readonly json: TerraformJson;
  readonly stack: TerraformStack;
}

/**
 * Synthesized stacks by their input's JSON: tests of one file that build equal inputs share one
 * synth. Emptied when the next test file starts: a jest worker runs many files in one process
 * (support/shared-runtime.js), and would otherwise hold every file's stacks.
 */
const cache = new Map<string, SynthesizedStack>();
let cachedFor: string | undefined;

function cacheOfThisFile(): Map<string, SynthesizedStack> {
  const testFile = expect.getState().testPath;
  if (testFile !== cachedFor) {
    cache.clear();
    cachedFor = testFile;
  }
  return cache;
}

/** Synthesizes one environment's stack (memoized per input). */
export function synthEnvironment(
  config: EnvironmentInput | string,
  bootstrap: BootstrapInput = bootstrapInput,
): SynthesizedStack {
  const input = typeof config === "string" ? shippedEnvironment(config) : config;
  const key = JSON.stringify([input, bootstrap]);
  const cached = cacheOfThisFile().get(key);
  if (cached) return cached;
  const platform = buildPlatform(() => Testing.app(), bootstrap, [input]);
  const stack = platform.environments.get(input.environment as string);
  if (!stack) throw new Error(`stack ${String(input.environment)} missing`);
  const result = synthesized(stack);
  cache.set(key, result);
  return result;
}

/** Synthesizes the bootstrap stack of `config` serving `environmentInputs` (by default the shipped ones). */
export function synthBootstrap(config: BootstrapInput = shippedBootstrap, environmentInputs: readonly EnvironmentInput[] = environments): SynthesizedStack {
  return synthesized(buildPlatform(() => Testing.app(), config, environmentInputs).bootstrap);
}

/** A configuration built into one App, with its stacks synthesized when first asked for. */
export interface BuiltPlatform {
  readonly platform: Platform;
  /** The bootstrap stack and every environment's stack, synthesized, by stack name. */
  readonly stacks: ReadonlyMap<string, SynthesizedStack>;
}

/** Built configurations by their inputs' JSON, for the whole worker process (see builtPlatform). */
const platforms = new Map<string, BuiltPlatform>();

/**
 * `config` (by default the shipped configuration) built into one App, once per jest worker
 * process: the shipped configuration and the examples are built by many test files, which only
 * read what they get. A test that adds to a platform, or asks whether two builds agree, builds
 * its own with buildPlatform.
 */
export function builtPlatform(config: BootstrapInput = shippedBootstrap, environmentInputs: readonly EnvironmentInput[] = environments): BuiltPlatform {
  const key = JSON.stringify([config, environmentInputs]);
  const cached = platforms.get(key);
  if (cached) return cached;
  const platform = buildPlatform(() => Testing.app(), config, environmentInputs);
  let stacks: ReadonlyMap<string, SynthesizedStack> | undefined;
  const all: [string, TerraformStack][] = [["bootstrap", platform.bootstrap], ...platform.environments];
  const built: BuiltPlatform = {
    platform,
    get stacks() {
      stacks ??= new Map(all.map(([name, stack]) => [name, synthesized(stack)]));
      return stacks;
    },
  };
  platforms.set(key, built);
  return built;
}

export function synthesized(stack: TerraformStack): SynthesizedStack {
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as TerraformJson, stack };
}

/** All resources of a type, by their Terraform name. */
export function resourcesOf(stack: SynthesizedStack, type: string): Record<string, Json> {
  return stack.json.resource?.[type] ?? {};
}

/** All data sources of a type, by their Terraform name. */
export function dataSourcesOf(stack: SynthesizedStack, type: string): Record<string, Json> {
  return stack.json.data?.[type] ?? {};
}

/** The single resource of a type (fails when there are none or several). */
export function onlyResource(stack: SynthesizedStack, type: string): Json {
  const all = Object.values(resourcesOf(stack, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** A resource found by its construct path, with a helper for Terraform references to it. */
export interface FoundResource {
  readonly name: string;
  readonly resource: Json;
  /** "${<type>.<name>.<attribute>}" */
  ref(attribute: string): string;
}

/** Terraform elements of `type` below the stack whose construct path starts with `pathPrefix`, by their logical ids (cdktf's public `getLogicalId`). */
function elementsAt(stack: SynthesizedStack, type: string, matches: (path: string) => boolean): string[] {
  const stackPath = stack.stack.node.path;
  return stack.stack.node
    .findAll()
    .filter((construct): construct is TerraformResource => isTerraformElementOf(construct, type))
    .filter((construct) => matches(construct.node.path.slice(stackPath.length + 1)))
    .map((construct) => stack.stack.getLogicalId(construct));
}

function isTerraformElementOf(construct: IConstruct, type: string): boolean {
  return (construct as Partial<TerraformResource>).terraformResourceType === type;
}

function found(prefix: string, type: string, name: string, resource: Json): FoundResource {
  return { name, resource, ref: (attribute: string) => `\${${prefix}${type}.${name}.${attribute}}` };
}

/** The resources of `type` whose construct path (below the stack) starts with `pathPrefix`. */
export function findByPath(stack: SynthesizedStack, type: string, pathPrefix: string): FoundResource[] {
  return elementsAt(stack, type, (path) => path.startsWith(pathPrefix)).map((name) =>
    found("", type, name, resourcesOf(stack, type)[name]),
  );
}

/** The one resource of `type` at `path` (below the stack). */
export function resourceAt(stack: SynthesizedStack, type: string, path: string): FoundResource {
  const [name] = elementsAt(stack, type, (candidate) => candidate === path);
  const resource = name === undefined ? undefined : resourcesOf(stack, type)[name];
  if (!resource) throw new Error(`no ${type} at ${path}`);
  return found("", type, name, resource);
}

/** The data source of `type` at `path` (below the stack), e.g. an IAM policy document. */
export function dataSourceAt(stack: SynthesizedStack, type: string, path: string): FoundResource {
  const [name] = elementsAt(stack, type, (candidate) => candidate === path);
  const resource = name === undefined ? undefined : dataSourcesOf(stack, type)[name];
  if (!resource) throw new Error(`no data.${type} at ${path}`);
  return found("data.", type, name, resource);
}
