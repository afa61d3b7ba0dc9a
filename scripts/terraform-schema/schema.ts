/**
 * The AWS provider's schema as the installed @cdktf/provider-aws describes it, reduced to what a
 * check of synthesized JSON needs: per resource, data source and provider, each argument's
 * Terraform name, whether it is required, and its type (a primitive, a collection of primitives,
 * or a nested block).
 *
 * Two sources, each for what it holds reliably:
 * - the generated bindings (lib/<resource>/index.js): `synthesizeHclAttributes()` and the
 *   `<struct>ToHclTerraform` functions map every jsii property to its Terraform name and say
 *   whether it is a block, and the storage type of a primitive (`stringList`, `numberMap`, ...);
 * - the jsii assembly (.jsii, ~130 MB): which properties of each config struct are optional.
 *
 * Reading both takes seconds, so the derived schema is cached as one compact JSON under
 * node_modules/.cache, keyed by the package's version: later runs read only that file.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { dirname, join } from "path";

/** A primitive type, or a collection of one ("list(string)", "map(list(number))"). */
export type ValueType =
  | { readonly kind: "string" | "number" | "boolean" | "any" }
  | { readonly kind: "list" | "map"; readonly element: ValueType };

export interface ArgumentSchema {
  readonly required: boolean;
  /** A nested block: the name of its struct in `blocks`. */
  readonly block?: string;
  /** An attribute: its type. */
  readonly type?: ValueType;
}

export type BlockSchema = Readonly<Record<string, ArgumentSchema>>;

export interface ProviderSchema {
  readonly version: string;
  /** Top-level schemas by Terraform type: "aws_vpc", "data.aws_vpc", "provider.aws". */
  readonly types: Readonly<Record<string, string>>;
  /** Every struct (a resource's config or a nested block), by struct name. */
  readonly blocks: Readonly<Record<string, BlockSchema>>;
}

const PACKAGE = "@cdktf/provider-aws";

function packageRoot(): string {
  return dirname(require.resolve(`${PACKAGE}/package.json`));
}

/** The schema, from the cache when it holds this version, else derived (and cached). */
export function loadProviderSchema(cacheDir = join(__dirname, "..", "..", "node_modules", ".cache", "check-terraform")): ProviderSchema {
  const root = packageRoot();
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  const cached = join(cacheDir, `provider-aws-${version}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, "utf8")) as ProviderSchema;
  const schema = deriveSchema(root, version);
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cached, JSON.stringify(schema));
  } catch {
    // A read-only checkout still checks, only without the cache.
  }
  return schema;
}

interface JsiiTypeReference {
  readonly fqn?: string;
  readonly collection?: { readonly elementtype: JsiiTypeReference };
  readonly union?: { readonly types: readonly JsiiTypeReference[] };
}
interface JsiiProperty {
  readonly name: string;
  readonly optional?: boolean;
  readonly type: JsiiTypeReference;
}
interface JsiiType {
  readonly name: string;
  readonly kind: string;
  readonly properties?: readonly JsiiProperty[];
  readonly initializer?: { readonly parameters?: readonly { readonly name: string; readonly type: JsiiTypeReference }[] };
  /** "src/ecs-service/index.ts": the folder of lib/ the type is generated into. */
  readonly locationInModule?: { readonly filename: string };
}

/** One entry of a generated `attrs` object: `tf_name: { value: ..., isBlock, type, storageClassType }`. */
const ENTRY =
  /^\s+(\w+): \{\n\s+value: (.+),\n\s+isBlock: (true|false),\n\s+type: "(\w+)",\n\s+storageClassType: "(\w+)",\n\s+\},$/gm;
/** The jsii property an entry reads: `struct.propName`, `struct!.propName` or `this._propName`. */
const PROPERTY = /(?:struct!?\.|this\._)(\w+)/;
/** The struct converter a block entry calls, e.g. `ecsServiceAlarmsToHclTerraform`; cdktf's own are `cdktf.`-qualified. */
const CONVERTER = /(?:^|[^.\w])([a-z]\w*ToHclTerraform)\b/;
const STRUCT_FUNCTION = /^function (\w+ToHclTerraform)\(struct\) \{\n([\s\S]*?)\n\}$/gm;
const CLASS = /^class (\w+) extends cdktf\.Terraform(Resource|DataSource|Provider) \{\n([\s\S]*?)\n\}$/gm;
const SYNTHESIZE_HCL = /synthesizeHclAttributes\(\) \{\n([\s\S]*?)\n {4}\}/;
const FQN_PREFIX = `${PACKAGE}.`;

/**
 * Walks each resource class from its jsii config struct down: a block's jsii struct is the type of
 * the property its entry reads, and its Terraform names are in the converter the entry calls.
 * (Struct names cannot be derived from converter names: jsii renames clashing ones, e.g.
 * `Wafv2WebAclAssociationConfigA`.)
 */
function deriveSchema(root: string, version: string): ProviderSchema {
  const assembly = JSON.parse(readFileSync(join(root, ".jsii"), "utf8")) as { types: Record<string, JsiiType> };
  const classes = new Map<string, JsiiType>();
  for (const type of Object.values(assembly.types)) {
    if (type.kind === "class") classes.set(`${folderOf(type)}.${type.name}`, type);
  }
  const types: Record<string, string> = {};
  const blocks: Record<string, BlockSchema> = {};
  const lib = join(root, "lib");
  for (const folder of readdirSync(lib, { withFileTypes: true })) {
    const file = join(lib, folder.name, "index.js");
    if (!folder.isDirectory() || !existsSync(file)) continue;
    const source = readFileSync(file, "utf8");
    const converters = new Map([...source.matchAll(STRUCT_FUNCTION)].map(([, name, body]) => [name, body]));
    const derive = (fqn: string, body: string): string => {
      const key = fqn.startsWith(FQN_PREFIX) ? fqn.slice(FQN_PREFIX.length) : fqn;
      if (blocks[key]) return key;
      blocks[key] = {};
      blocks[key] = entries(body, assembly.types[fqn], (property, converter) => {
        const nested = property && structOf(property.type);
        const nestedBody = converters.get(converter);
        return nested && nestedBody !== undefined ? derive(nested, nestedBody) : undefined;
      });
      return key;
    };
    for (const [, className, kind, body] of source.matchAll(CLASS)) {
      const tfType = new RegExp(`^${className}\\.tfResourceType = "(\\w+)";$`, "m").exec(source)?.[1];
      const attributes = SYNTHESIZE_HCL.exec(body)?.[1];
      const config = classes.get(`${folder.name}.${className}`)?.initializer?.parameters?.find((parameter) => parameter.name === "config");
      const configFqn = config && structOf(config.type);
      if (!tfType || attributes === undefined || !configFqn) continue;
      types[kind === "Resource" ? tfType : kind === "DataSource" ? `data.${tfType}` : `provider.${tfType}`] = derive(configFqn, attributes);
    }
  }
  return { version, types, blocks };
}

function folderOf(type: JsiiType): string {
  return /^src\/([^/]+)\//.exec(type.locationInModule?.filename ?? "")?.[1] ?? "";
}

/** The struct a property holds: itself, the element of a list, or the struct member of a union with IResolvable. */
function structOf(type: JsiiTypeReference): string | undefined {
  if (type.fqn?.startsWith(FQN_PREFIX)) return type.fqn;
  if (type.collection) return structOf(type.collection.elementtype);
  return type.union?.types.map(structOf).find((fqn) => fqn !== undefined);
}

function entries(
  body: string,
  struct: JsiiType | undefined,
  nestedBlock: (property: JsiiProperty | undefined, converter: string) => string | undefined,
): BlockSchema {
  const schema: Record<string, ArgumentSchema> = {};
  for (const [, name, value, isBlock, , storage] of body.matchAll(ENTRY)) {
    const propertyName = PROPERTY.exec(value)?.[1];
    const property = struct?.properties?.find((candidate) => candidate.name === propertyName);
    const required = property !== undefined && !property.optional;
    const converter = CONVERTER.exec(value)?.[1];
    const block = isBlock === "true" && converter ? nestedBlock(property, converter) : undefined;
    // A block whose struct cannot be followed (a few Lex V2 ones) is accepted in any shape rather than misjudged.
    const type = isBlock === "true" ? { kind: "any" as const } : valueType(storage);
    schema[name] = block ? { required, block } : { required, type };
  }
  return schema;
}

/** "stringListList" is a list of lists of strings; a "map" storage type is a map. */
function valueType(storage: string): ValueType {
  for (const [suffix, kind] of [["List", "list"], ["Map", "map"]] as const) {
    if (storage.endsWith(suffix) && storage !== suffix) return { kind, element: valueType(storage.slice(0, -suffix.length)) };
  }
  return { kind: storage === "number" || storage === "boolean" || storage === "string" ? storage : "any" };
}
