import { TerraformResource, TerraformStack, Testing } from "cdktf";
import { IConstruct } from "constructs";
import { bootstrap as shippedBootstrap, environments } from "../../environments";
import { parseConfiguration } from "../../modules/platform/configuration";
import { buildPlatform } from "../../modules/platform/platform";
import { EnvironmentInput } from "../../modules/platform/schema";
import { BootstrapInput } from "../../modules/state/schema";

/** Deeply writable copy of a config type, so tests can break one field at a time. */
export type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** Deeply optional, for overrides of a fixture. */
export type Overrides<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: Overrides<T[K]> } : T;

export const bootstrapInput: BootstrapInput = shippedBootstrap;

/** One of the shipped environments' inputs (only the shipped-environment suite should need these). */
export function shippedEnvironment(name: string): EnvironmentInput {
  const config = environments.find((environment) => environment.environment === name);
  if (!config) throw new Error(`no environment ${name}`);
  return config;
}

/**
 * The smallest valid environment: a development-tier environment with two AZs, one NAT gateway,
 * an HTTP load balancer and one web service, no database. Tests state what they need on top of it, so tuning a shipped environment
 * never breaks them. Objects in `overrides` merge into the fixture; lists replace.
 */
export function minimalEnvironment(overrides: Overrides<EnvironmentInput> = {}): EnvironmentInput {
  const base: EnvironmentInput = {
    project: "acme",
    environment: "test",
    region: "eu-west-1",
    tier: "development",
    stateBackend: { ...shippedBootstrap.stateBackend },
    network: { cidr: "10.99.0.0/16", azCount: 2, natStrategy: "single" },
    cluster: {
      capacityProviderStrategy: { fargateBase: 0, fargateWeight: 1, fargateSpotWeight: 0 },
      enableExecuteCommand: false,
    },
    loadBalancer: { deletionProtection: false },
    services: [
      {
        name: "web",
        image: { source: "uri", uri: "public.ecr.aws/nginx/nginx:1.27" },
        cpu: 256,
        memory: 512,
        containerPort: 80,
        desiredCount: 1,
        loadBalancer: { priority: 100, pathPatterns: ["/*"] },
      },
    ],
  };
  return merge(base, overrides) as EnvironmentInput;
}

/** A small database section for `minimalEnvironment({ database: MINIMAL_DATABASE })`. */
export const MINIMAL_DATABASE = {
  instanceClass: "db.t4g.micro",
  allocatedStorage: 20,
  maxAllocatedStorage: 50,
  multiAz: false,
  backupRetentionPeriod: 1,
  deletionProtection: false,
  skipFinalSnapshot: true,
  performanceInsightsEnabled: false,
  monitoringInterval: 0,
} as const;

function merge(base: unknown, overrides: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides === undefined ? base : overrides;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) result[key] = merge(base[key], value);
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A deep copy of an environment's input with `change` applied. */
export function changed(
  config: EnvironmentInput | string,
  change: (config: Mutable<EnvironmentInput>) => void,
): EnvironmentInput {
  const original = typeof config === "string" ? shippedEnvironment(config) : config;
  const copy = structuredClone(original) as Mutable<EnvironmentInput>;
  change(copy);
  return copy as EnvironmentInput;
}

export function changedBootstrap(change: (config: Mutable<BootstrapInput>) => void): BootstrapInput {
  const copy = structuredClone(shippedBootstrap) as Mutable<BootstrapInput>;
  change(copy);
  return copy as BootstrapInput;
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

/** Synthesized Terraform JSON of one stack: the string for cdktf's matchers, parsed, and the stack it came from. */
export interface SynthesizedStack {
  readonly text: string;
  readonly json: TerraformJson;
  readonly stack: TerraformStack;
}

const cache = new Map<EnvironmentInput, SynthesizedStack>();

/** Synthesizes one environment's stack (memoized per input object). */
export function synthEnvironment(
  config: EnvironmentInput | string,
  bootstrap: BootstrapInput = shippedBootstrap,
): SynthesizedStack {
  const input = typeof config === "string" ? shippedEnvironment(config) : config;
  const cached = bootstrap === shippedBootstrap ? cache.get(input) : undefined;
  if (cached) return cached;
  const platform = buildPlatform(() => Testing.app(), bootstrap, [input]);
  const stack = platform.environments.get(input.environment as string);
  if (!stack) throw new Error(`stack ${String(input.environment)} missing`);
  const result = synthesized(stack);
  if (bootstrap === shippedBootstrap) cache.set(input, result);
  return result;
}

export function synthBootstrap(config: BootstrapInput = shippedBootstrap): SynthesizedStack {
  return synthesized(buildPlatform(() => Testing.app(), config, environments).bootstrap);
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

/** The message configuration parsing throws for these inputs, or "" when they are valid. */
export function validationMessage(environment: unknown, bootstrap: unknown = shippedBootstrap): string {
  try {
    parseConfiguration(bootstrap, [environment]);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

export const ENVIRONMENT_NAMES = environments.map((environment) => environment.environment as string);

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
