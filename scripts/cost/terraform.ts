/**
 * Read-only access to a synthesized `cdk.tf.json`: resources by type and address, typed reads of
 * their arguments, and the `${type.name.attribute}` references between them.
 */

export type Block = Readonly<Record<string, unknown>>;

export interface Resource {
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>`, as Terraform names it. */
  readonly address: string;
  readonly body: Block;
}

export function isBlock(value: unknown): value is Block {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The stack's resources, each type's sorted by name so that every reading is in one order. */
export class TerraformStackJson {
  private readonly byType: ReadonlyMap<string, readonly Resource[]>;
  private readonly byAddress: ReadonlyMap<string, Resource>;

  constructor(private readonly json: unknown) {
    const resources = isBlock(json) && isBlock(json.resource) ? json.resource : {};
    const byType = new Map<string, Resource[]>();
    for (const type of Object.keys(resources).sort()) {
      const ofType = resources[type];
      if (!isBlock(ofType)) continue;
      const list = Object.keys(ofType)
        .sort()
        .flatMap((name) => {
          const body = ofType[name];
          return isBlock(body) ? [{ type, name, address: `${type}.${name}`, body }] : [];
        });
      byType.set(type, list);
    }
    this.byType = byType;
    this.byAddress = new Map([...byType.values()].flat().map((resource) => [resource.address, resource]));
  }

  ofType(type: string): readonly Resource[] {
    return this.byType.get(type) ?? [];
  }

  types(): readonly string[] {
    return [...this.byType.keys()];
  }

  at(address: string | undefined): Resource | undefined {
    return address === undefined ? undefined : this.byAddress.get(address);
  }

  /** The resource a `${type.name.attribute}` reference points at. */
  referenced(value: unknown): Resource | undefined {
    return this.at(referencedAddress(value));
  }

  /** The AWS provider's region (the provider without an alias), or undefined if it is not a literal. */
  region(): string | undefined {
    const providers = isBlock(this.json) && isBlock(this.json.provider) ? this.json.provider.aws : undefined;
    const list = Array.isArray(providers) ? providers : [providers];
    const main = list.find((provider) => isBlock(provider) && provider.alias === undefined) ?? list[0];
    const region = isBlock(main) ? main.region : undefined;
    return typeof region === "string" && !region.includes("${") ? region : undefined;
  }
}

const REFERENCE = /^\$\{([a-z0-9_]+)\.([^.}]+)(?:\.[^}]*)?\}$/;
const EMBEDDED_REFERENCE = /\$\{([a-z0-9_]+)\.([^.}]+)(?:\.[^}]*)?\}/g;

/** `"${aws_ecs_cluster.cluster_A4C38409.arn}"` → `"aws_ecs_cluster.cluster_A4C38409"`. */
export function referencedAddress(value: unknown): string | undefined {
  const match = typeof value === "string" ? REFERENCE.exec(value) : null;
  return match ? `${match[1]}.${match[2]}` : undefined;
}

/** Every resource address referenced anywhere inside a string, e.g. a JSON-encoded policy. */
export function referencedAddresses(value: unknown): string[] {
  return typeof value === "string" ? [...value.matchAll(EMBEDDED_REFERENCE)].map((match) => `${match[1]}.${match[2]}`) : [];
}

/** A number argument; Terraform accepts numbers written as strings ("512"). */
export function num(body: Block | undefined, key: string): number | undefined {
  const value = body?.[key];
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function str(body: Block | undefined, key: string): string | undefined {
  const value = body?.[key];
  return typeof value === "string" ? value : undefined;
}

/** A boolean argument; providers also accept "true" and "false". */
export function bool(body: Block | undefined, key: string): boolean | undefined {
  const value = body?.[key];
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return undefined;
}

export function list(body: Block | undefined, key: string): readonly unknown[] {
  const value = body?.[key];
  return Array.isArray(value) ? value : [];
}

/** A nested block's entries: cdktf writes a single block as an object, repeated ones as a list. */
export function blocks(body: Block | undefined, key: string): readonly Block[] {
  const value = body?.[key];
  if (isBlock(value)) return [value];
  return Array.isArray(value) ? value.filter(isBlock) : [];
}

export function block(body: Block | undefined, key: string): Block | undefined {
  return blocks(body, key)[0];
}
