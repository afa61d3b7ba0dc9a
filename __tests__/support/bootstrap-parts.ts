/**
 * The bootstrap stack split by the environment each part serves, so that adding an environment
 * writes a golden snapshot of its own part and leaves the others' as they were (README, "Adding an
 * environment").
 *
 * A resource or data source belongs to an environment when a segment of its construct path names
 * it (`delivery/dev-apply-role`, `registries/acme-dev-api`, `dev-boundary`); an output's map entry
 * when its key does (`dev`, `dev/api`, `acme-dev/api`); everything else is shared. Inside an
 * environment's part, list entries naming *another* environment are left out: those are the deploy
 * roles' denies of every other environment's state and buckets, which grow with each environment
 * added and are asserted as behaviour in delivery.test.ts ("may not touch other environments'
 * states") instead.
 */

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type JsonObject = { [key: string]: JsonValue };

export const SHARED_PART = "shared";

/** The environment a name belongs to, of `environments`; SHARED_PART when none. Throws when it could be two. */
export function ownerOf(name: string, environments: readonly string[]): string {
  const words = name.split(/[-/_:.*]/);
  const owners = environments.filter((environment) => words.includes(environment));
  if (owners.length > 1) throw new Error(`"${name}" names environments ${owners.join(" and ")}: the bootstrap cannot be split by environment`);
  return owners[0] ?? SHARED_PART;
}

function withoutOtherEnvironments(value: JsonValue, owner: string, environments: readonly string[]): JsonValue {
  if (Array.isArray(value)) {
    return value
      .filter((entry) => typeof entry !== "string" || [owner, SHARED_PART].includes(ownerOf(entry, environments)))
      .map((entry) => withoutOtherEnvironments(entry, owner, environments));
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, withoutOtherEnvironments(entry, owner, environments)]));
  }
  return value;
}

function place(parts: Map<string, JsonObject>, owner: string, keys: readonly string[], value: JsonValue): void {
  if (!parts.has(owner)) parts.set(owner, {});
  let node = parts.get(owner)!;
  for (const key of keys.slice(0, -1)) {
    if (!(key in node)) node[key] = {};
    node = node[key] as JsonObject;
  }
  node[keys[keys.length - 1]] = value;
}

function constructPath(id: string, block: JsonValue): string {
  const metadata = (block as { "//"?: { metadata?: { path?: string } } })["//"]?.metadata;
  // The first segment is the stack's own name ("bootstrap").
  return metadata?.path?.split("/").slice(1).join("/") ?? id;
}

/** The synthesized bootstrap JSON in parts: SHARED_PART and one per environment of `environments` it serves. */
export function bootstrapParts(json: JsonObject, environments: readonly string[]): Map<string, JsonObject> {
  const parts = new Map<string, JsonObject>();
  for (const [key, section] of Object.entries(json)) {
    if (key === "resource" || key === "data") {
      for (const [type, blocks] of Object.entries(section as JsonObject)) {
        for (const [id, block] of Object.entries(blocks as JsonObject)) {
          const owner = ownerOf(constructPath(id, block), environments);
          place(parts, owner, [key, type, id], owner === SHARED_PART ? block : withoutOtherEnvironments(block, owner, environments));
        }
      }
    } else if (key === "output") {
      for (const [name, output] of Object.entries(section as JsonObject)) {
        const value = (output as { value?: JsonValue }).value;
        if (value !== null && typeof value === "object" && !Array.isArray(value)) {
          for (const [entry, entryValue] of Object.entries(value)) place(parts, ownerOf(entry, environments), [key, name, entry], entryValue);
        } else {
          place(parts, SHARED_PART, [key, name], output);
        }
      }
    } else {
      place(parts, SHARED_PART, [key], section);
    }
  }
  return parts;
}
