/**
 * What the architecture diagram and the environment diff show for a capability, declared in its
 * descriptor (pure data and pure functions of the parsed section): the reports iterate the
 * capability list instead of keeping a list of their own.
 */

/** Node kind of a capability in the diagram. */
export type PictureKind = "network" | "front-door" | "compute" | "datastore" | "messaging" | "secret" | "observability";

/** What the diagram and the environment diff show for a part of the platform. */
export interface Picture {
  /** Node kind in the diagram, e.g. "datastore", "front-door". */
  readonly kind: PictureKind;
  /** Label of the capability's node or group, e.g. "ElastiCache". */
  readonly label: string;
}

/** One node a capability's section gives the diagram: a named entry, or "" for its single resource. */
export interface PictureNode {
  readonly name: string;
  /** Lines of the label, shown one under the other. */
  readonly label: readonly string[];
}

/**
 * How the diagram draws what services use of a capability: its nodes, read from the parsed
 * section, and a service's edges to them, read from its parsed `uses.<key>`.
 */
export interface DiagramPart<Section, Use> {
  /** The stem of its node ids, e.g. "queue" (`queue_<name>`). */
  readonly node: string;
  /** Where its nodes are drawn: in the database subnets, or among the regional AWS services. */
  readonly group: "database" | "regional";
  readonly shape: "cylinder" | "queue" | "flag";
  /** Its nodes, in drawing order (none when the environment has none). */
  nodes(section: Section): readonly PictureNode[];
  /** What a service uses of it, as (node name, access) pairs. */
  uses(use: Use): readonly (readonly [string, string])[];
}

/** What a difference between two environments is about, in the order the environment diff lists them. */
export const SETTING_KINDS = ["tier", "sizing", "availability", "protection", "retention", "other"] as const;
export type SettingKind = (typeof SETTING_KINDS)[number];

/** Keys of every member of a union (a database is RDS or Aurora). */
type KeysOf<T> = T extends unknown ? keyof T & string : never;
type ValueOf<T, K extends string> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/** The keys of fields that can hold a value: a renamed field (`renamedTo`, never set) is not one. */
type LiveKeysOf<T> = { [K in KeysOf<T>]: [NonNullable<ValueOf<T, K>>] extends [never] ? never : K }[KeysOf<T>];
/** A table for the fields of an object; a list or a plain value takes only a kind. */
type TableBelow<V> = V extends readonly unknown[] ? never : V extends object ? KindTable<V> : never;

/**
 * A kind for a field (and everything below it), or a table for its fields, keyed by the parsed
 * section's own field names: a misspelt, renamed or removed field fails `npm run typecheck`
 * (see __tests__/types/setting-kinds.typecheck.ts). A field no table names is "other".
 */
export type KindTable<T> = { readonly [K in LiveKeysOf<T>]?: SettingKind | TableBelow<NonNullable<ValueOf<T, K>>> };

/** The entries of a section that is a record of named entries (queues, tables, secrets). */
type EntryOf<T> = T extends Readonly<Record<string, infer Entry>> ? Entry : never;

/**
 * What each setting of a capability's section is about, for the environment diff: a table of the
 * section's fields, or (for a record of named entries, `queues.<name>.…`) a table per entry.
 */
export type SettingKinds<Section> = { readonly fields: KindTable<Section> } | { readonly entries: KindTable<EntryOf<Section>> };

/** "1 replica", "2 replicas": wording the pictures and the reports share. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** A record's entries by name (code-unit order, as the reports sort), for nodes and edges in a stable order. */
export function byName<T>(record: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => (a === b ? 0 : a < b ? -1 : 1));
}
