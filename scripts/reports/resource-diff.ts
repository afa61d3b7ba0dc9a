/**
 * How two synthesized stacks differ: resources counted by type, resources only one stack has, and
 * the arguments that differ on resources both have (matched by construct path below the stack).
 * Pure: takes the resources as `synthesize.ts` lists them.
 */
import { differsOnlyByIdentity, Identities } from "./config-diff";
import { compareText } from "./text";
import { Difference, diffTrees } from "./tree-diff";

/** One Terraform resource of a synthesized stack. */
export interface SynthesizedResource {
  /** Terraform type, e.g. `aws_db_instance`. */
  readonly type: string;
  /** Construct path below the stack, e.g. `database/instance`: the same resource in any environment. */
  readonly path: string;
  /** Its arguments as synthesized. */
  readonly arguments: unknown;
}

export interface TypeCount {
  readonly type: string;
  readonly left: number;
  readonly right: number;
}

/** Resources per type for every type either stack has, sorted by type. */
export function countsByType(left: readonly SynthesizedResource[], right: readonly SynthesizedResource[]): TypeCount[] {
  const [l, r] = [countTypes(left), countTypes(right)];
  const types = [...new Set([...l.keys(), ...r.keys()])].sort(compareText);
  return types.map((type) => ({ type, left: l.get(type) ?? 0, right: r.get(type) ?? 0 }));
}

function countTypes(resources: readonly SynthesizedResource[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const resource of resources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  return counts;
}

/** A resource's identity across environments. */
function keyOf(resource: SynthesizedResource): string {
  return `${resource.type} ${resource.path}`;
}

function byKey(resources: readonly SynthesizedResource[]): Map<string, SynthesizedResource> {
  return new Map(resources.map((resource) => [keyOf(resource), resource]));
}

function byPath(a: SynthesizedResource, b: SynthesizedResource): number {
  return compareText(a.path, b.path) || compareText(a.type, b.type);
}

/** The resources of `from` that `other` does not have, sorted by path. */
export function resourcesMissingFrom(from: readonly SynthesizedResource[], other: readonly SynthesizedResource[]): SynthesizedResource[] {
  const present = byKey(other);
  return from.filter((resource) => !present.has(keyOf(resource))).sort(byPath);
}

export interface ResourceDifference extends Difference {
  readonly type: string;
  /** Construct path below the stack. */
  readonly resource: string;
}

/**
 * The arguments that differ on resources both stacks have, sorted by resource path. JSON held in
 * strings (policies, container definitions) is compared field by field; values that embed each
 * environment's own name or ranges are names, not settings, and are left out.
 */
export function settingDifferences(
  left: readonly SynthesizedResource[],
  right: readonly SynthesizedResource[],
  identities: Identities,
): ResourceDifference[] {
  const rights = byKey(right);
  return [...left]
    .sort(byPath)
    .flatMap((resource) => {
      const counterpart = rights.get(keyOf(resource));
      if (!counterpart) return [];
      return diffTrees(resource.arguments, counterpart.arguments, { expand: expandJson }).map((difference) => ({
        ...difference,
        type: resource.type,
        resource: resource.path,
      }));
    })
    .filter((difference) => !differsOnlyByIdentity(difference, identities));
}

/** A string holding a JSON object or array (an IAM policy, container definitions), parsed; anything else as it is. */
export function expandJson(value: unknown): unknown {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
