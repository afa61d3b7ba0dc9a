/**
 * Differences between two JSON-like trees, as dotted paths: objects by key, arrays of objects by
 * each element's key (or index), everything else compared whole. Pure.
 */
import { canonical, compareText, isRecord } from "./text";

export interface Difference {
  /** Dotted path, e.g. `database.multiAz` or `services[api].cpu`. */
  readonly path: string;
  /** The left value; undefined when only the right tree has it. */
  readonly left: unknown;
  readonly right: unknown;
}

export interface TreeDiffOptions {
  /** The key an array element is matched by (a service by its name); undefined matches it by position. */
  readonly elementKey?: (element: unknown) => string | undefined;
  /** The structure a value encodes (a JSON document in a string), or the value itself. */
  readonly expand?: (value: unknown) => unknown;
}

/** Every leaf that differs, in a stable order (keys sorted, elements in order); a subtree only one side has is one difference. */
export function diffTrees(left: unknown, right: unknown, options: TreeDiffOptions = {}, path = ""): Difference[] {
  const expand = options.expand ?? ((value: unknown) => value);
  const [l, r] = [expand(left), expand(right)];
  if (isRecord(l) && isRecord(r)) return diffRecords(l, r, options, path);
  if (isBranchArray(l) && isBranchArray(r)) return diffArrays(l, r, options, path);
  return canonical(l) === canonical(r) ? [] : [{ path, left: l, right: r }];
}

function diffRecords(
  left: Readonly<Record<string, unknown>>,
  right: Readonly<Record<string, unknown>>,
  options: TreeDiffOptions,
  path: string,
): Difference[] {
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort(compareText);
  return keys.flatMap((key) => diffTrees(left[key], right[key], options, joinPath(path, key)));
}

/** Arrays holding objects are compared element by element; arrays of plain values are compared whole. */
function isBranchArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && value.some((element) => isRecord(element) || Array.isArray(element));
}

function diffArrays(left: readonly unknown[], right: readonly unknown[], options: TreeDiffOptions, path: string): Difference[] {
  const [l, r] = [keyedElements(left, options), keyedElements(right, options)];
  const keys = [...l.keys(), ...[...r.keys()].filter((key) => !l.has(key))];
  return keys.flatMap((key) => diffTrees(l.get(key), r.get(key), options, `${path}[${key}]`));
}

/** Elements by their key, or by position when any key is missing or repeated. */
function keyedElements(elements: readonly unknown[], options: TreeDiffOptions): Map<string, unknown> {
  const keys = elements.map((element) => options.elementKey?.(element));
  const usable = keys.every((key) => key !== undefined) && new Set(keys).size === keys.length;
  return new Map(elements.map((element, index) => [usable ? (keys[index] as string) : String(index), element]));
}

function joinPath(path: string, key: string): string {
  const segment = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  return path === "" ? segment : `${path}.${segment}`;
}
