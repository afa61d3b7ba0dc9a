import { createHash } from "crypto";
import { Testing } from "cdktf";
import { bootstrap as bootstrapConfig, environments } from "../../environments";
import { BootstrapConfig, EnvironmentConfig } from "../../environments/types";
import { validateConfiguration } from "../../environments/validation";
import { buildPlatform } from "../../modules/platform";

/** Deeply writable copy of a config type, so tests can break one field at a time. */
export type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

export function environmentConfig(name: string): EnvironmentConfig {
  const config = environments.find((environment) => environment.environment === name);
  if (!config) throw new Error(`no environment ${name}`);
  return config;
}

/** A deep copy of an environment's config with `change` applied. */
export function changed(name: string, change: (config: Mutable<EnvironmentConfig>) => void): EnvironmentConfig {
  const copy = structuredClone(environmentConfig(name)) as Mutable<EnvironmentConfig>;
  change(copy);
  return copy as EnvironmentConfig;
}

export function changedBootstrap(change: (config: Mutable<BootstrapConfig>) => void): BootstrapConfig {
  const copy = structuredClone(bootstrapConfig) as Mutable<BootstrapConfig>;
  change(copy);
  return copy as BootstrapConfig;
}

/** Synthesized Terraform JSON of one stack: the string for cdktf's matchers, and parsed. */
export interface SynthesizedStack {
  readonly text: string;
  readonly json: TerraformJson;
}

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

const cache = new Map<EnvironmentConfig, SynthesizedStack>();

/** Synthesizes one environment's stack (memoized per config object). */
export function synthEnvironment(
  config: EnvironmentConfig | string,
  bootstrap: BootstrapConfig = bootstrapConfig,
): SynthesizedStack {
  const resolved = typeof config === "string" ? environmentConfig(config) : config;
  const cached = bootstrap === bootstrapConfig ? cache.get(resolved) : undefined;
  if (cached) return cached;
  const platform = buildPlatform(() => Testing.app(), bootstrap, [resolved]);
  const stack = platform.environments.get(resolved.environment);
  if (!stack) throw new Error(`stack ${resolved.environment} missing`);
  const result = parse(Testing.synth(stack));
  cache.set(resolved, result);
  return result;
}

export function synthBootstrap(config: BootstrapConfig = bootstrapConfig): SynthesizedStack {
  return parse(Testing.synth(buildPlatform(() => Testing.app(), config, environments).bootstrap));
}

function parse(text: string): SynthesizedStack {
  return { text, json: JSON.parse(text) as TerraformJson };
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

/** The message validation (buildPlatform's first step) throws for these configs, or "" when it passes. */
export function validationMessage(environment: EnvironmentConfig, bootstrap: BootstrapConfig = bootstrapConfig): string {
  try {
    validateConfiguration(bootstrap, [environment]);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

export const ENVIRONMENT_NAMES = environments.map((environment) => environment.environment);

/** A resource found by its construct path, with a helper for Terraform references to it. */
export interface FoundResource {
  readonly name: string;
  readonly resource: Json;
  /** "${<type>.<name>.<attribute>}" */
  ref(attribute: string): string;
}

/**
 * The logical name cdktf gives the construct at `path` below the stack: the path's parts (a part
 * dropped when the previous one ends with it) joined with "_", plus the first 8 hex digits of the
 * MD5 of the path. Tests find resources by construct path this way, not by hard-coded hashes.
 */
export function logicalName(path: string): string {
  const parts = path.split("/");
  if (parts.length === 1) return parts[0].replace(/[^A-Za-z0-9_-]/g, "");
  const human = parts
    .filter((part, index) => index === 0 || !parts[index - 1].endsWith(part))
    .map((part) => part.replace(/[^A-Za-z0-9_-]/g, ""))
    .join("_");
  return `${human}_${createHash("md5").update(path).digest("hex").slice(0, 8).toUpperCase()}`;
}

function found(prefix: string, type: string, name: string, resource: Json): FoundResource {
  return { name, resource, ref: (attribute: string) => `\${${prefix}${type}.${name}.${attribute}}` };
}

/** The resources of `type` whose construct path (below the stack) starts with `pathPrefix`. */
export function findByPath(stack: SynthesizedStack, type: string, pathPrefix: string): FoundResource[] {
  const prefix = pathPrefix.split("/").join("_");
  return Object.entries(resourcesOf(stack, type))
    .filter(([name]) => name.startsWith(prefix))
    .map(([name, resource]) => found("", type, name, resource));
}

/** The one resource of `type` at `path` (below the stack). */
export function resourceAt(stack: SynthesizedStack, type: string, path: string): FoundResource {
  const name = logicalName(path);
  const resource = resourcesOf(stack, type)[name];
  if (!resource) throw new Error(`no ${type} at ${path} (${name})`);
  return found("", type, name, resource);
}

/** The data source of `type` at `path` (below the stack), e.g. an IAM policy document. */
export function dataSourceAt(stack: SynthesizedStack, type: string, path: string): FoundResource {
  const name = logicalName(path);
  const resource = dataSourcesOf(stack, type)[name];
  if (!resource) throw new Error(`no data.${type} at ${path} (${name})`);
  return found("data.", type, name, resource);
}
