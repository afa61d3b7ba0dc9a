import { Testing } from "cdktf";
import { bootstrap as bootstrapConfig, environments } from "../../environments";
import { BootstrapConfig, EnvironmentConfig } from "../../environments/types";
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
  const platform = buildPlatform(Testing.app(), bootstrap, [resolved]);
  const stack = platform.environments.get(resolved.environment);
  if (!stack) throw new Error(`stack ${resolved.environment} missing`);
  const result = parse(Testing.synth(stack));
  cache.set(resolved, result);
  return result;
}

export function synthBootstrap(config: BootstrapConfig = bootstrapConfig): SynthesizedStack {
  return parse(Testing.synth(buildPlatform(Testing.app(), config, environments).bootstrap));
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

/** The error message buildPlatform throws for these configs, or "" when it does not throw. */
export function validationMessage(environment: EnvironmentConfig, bootstrap: BootstrapConfig = bootstrapConfig): string {
  try {
    buildPlatform(Testing.app(), bootstrap, [environment]);
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

/** The resources of `type` whose construct path (below the stack) starts with `pathPrefix`. */
export function findByPath(stack: SynthesizedStack, type: string, pathPrefix: string): FoundResource[] {
  return Object.entries(resourcesOf(stack, type))
    .filter(([, resource]) => String(resource["//"].metadata.path).split("/").slice(1).join("/").startsWith(pathPrefix))
    .map(([name, resource]) => ({ name, resource, ref: (attribute: string) => `\${${type}.${name}.${attribute}}` }));
}

/** The one resource of `type` at `path` (below the stack). */
export function resourceAt(stack: SynthesizedStack, type: string, path: string): FoundResource {
  const found = findByPath(stack, type, path).filter(
    ({ resource }) => String(resource["//"].metadata.path).split("/").slice(1).join("/") === path,
  );
  if (found.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${found.length}`);
  return found[0];
}

/** The data source of `type` at `path` (below the stack), e.g. an IAM policy document. */
export function dataSourceAt(stack: SynthesizedStack, type: string, path: string): FoundResource {
  const entries = Object.entries(dataSourcesOf(stack, type)).filter(
    ([, data]) => String(data["//"].metadata.path).split("/").slice(1).join("/") === path,
  );
  if (entries.length !== 1) throw new Error(`expected one data.${type} at ${path}, found ${entries.length}`);
  const [name, resource] = entries[0];
  return { name, resource, ref: (attribute: string) => `\${data.${type}.${name}.${attribute}}` };
}
