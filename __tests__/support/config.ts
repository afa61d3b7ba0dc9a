import { bootstrap as shippedBootstrap, environments } from "../../environments";
import { parseConfiguration } from "../../modules/platform/configuration";
import { EnvironmentInput } from "../../modules/platform/schema";
import { BootstrapInput } from "../../modules/state/schema";

/**
 * Configuration fixtures and parsing, without constructs: validation tests import this alone and
 * skip loading cdktf and the provider.
 */

/** Deeply writable copy of a config type, so tests can break one field at a time. */
export type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** Deeply optional, for overrides of a fixture. */
export type Overrides<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: Overrides<T[K]> } : T;

/** The shipped bootstrap config without its deploy roles, which name the shipped environments: it serves any test environment. */
export const bootstrapInput: BootstrapInput = (({ delivery: _delivery, ...rest }) => rest)(shippedBootstrap);

/** One of the shipped environments' inputs (only the shipped-environment suite should need these). */
export function shippedEnvironment(name: string): EnvironmentInput {
  const config = environments.find((environment) => environment.environment === name);
  if (!config) throw new Error(`no environment ${name}`);
  return config;
}

/**
 * The smallest valid environment: a development-tier environment with two AZs, one NAT gateway,
 * an HTTP load balancer and one web service, no database (and, with tier production, a budget of 1,000 USD a month). Tests state what they need on top of it, so tuning a shipped environment
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
  const merged = merge(base, overrides) as EnvironmentInput;
  // Production has no default budget: a production fixture states one, as a real environment must.
  return merged.tier === "production" && merged.budget === undefined ? { ...merged, budget: { monthlyLimitUsd: 1000 } } : merged;
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
  const copy = structuredClone(bootstrapInput) as Mutable<BootstrapInput>;
  change(copy);
  return copy as BootstrapInput;
}

/** The message configuration parsing throws for these inputs, or "" when they are valid. */
export function validationMessage(environment: unknown, bootstrap: unknown = bootstrapInput): string {
  try {
    parseConfiguration(bootstrap, [environment]);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

export const ENVIRONMENT_NAMES = environments.map((environment) => environment.environment as string);

