/** DynamoDB tables of an environment, and what a service that uses them receives. */
import { formatPath } from "../core/problems";
import { bool, checkNamedUses, listOf, matching, oneOf, Problems, resourceVariable, strict, whole, z } from "../core/schema";

/** DynamoDB's key attribute types: string, number, binary. */
export const KEY_TYPES = ["S", "N", "B"] as const;
export const BILLING_MODES = ["PAY_PER_REQUEST", "PROVISIONED"] as const;
/** What a global secondary index copies from the table: every attribute, or the keys alone. */
export const PROJECTIONS = ["ALL", "KEYS_ONLY"] as const;
export const STREAM_VIEW_TYPES = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"] as const;
/** What a service may do with a table it uses. */
export const TABLE_ACCESS = ["read", "read-write"] as const;
export type TableAccess = (typeof TABLE_ACCESS)[number];

/** DynamoDB's default quota of global secondary indexes per table. */
export const MAX_GLOBAL_SECONDARY_INDEXES = 20;
/** DynamoDB's default per-table quota of read or write capacity units. */
const MAX_CAPACITY_UNITS = 40000;

const TABLE_NAME_PATTERN = /^[a-z0-9-]{3,40}$/;
const tableName = matching(TABLE_NAME_PATTERN, "3-40 characters of a-z, 0-9 and '-'");
const attributeName = matching(/^[A-Za-z0-9_.-]{1,255}$/, "an attribute name of 1-255 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
const capacityUnits = whole(1, MAX_CAPACITY_UNITS, "a whole number of capacity units");

/** A key attribute: its name and type. */
export const keySchema = strict({
  /** Attribute name. No default. */
  name: attributeName,
  /** "S" (string), "N" (number) or "B" (binary). No default. */
  type: oneOf(KEY_TYPES, 'one of "S" (string), "N" (number), "B" (binary)'),
});

/** A global secondary index: another key to query the table by. */
export const globalSecondaryIndexSchema = strict({
  /** Index name, unique in the table. No default. */
  name: matching(/^[A-Za-z0-9_.-]{3,255}$/, "an index name of 3-255 characters of A-Z, a-z, 0-9, '_', '.' and '-'"),
  /** Partition key of the index. No default. */
  partitionKey: keySchema,
  /** Sort key of the index. Default: none. */
  sortKey: keySchema.optional(),
  /** Attributes copied into the index. Default: "ALL". */
  projection: oneOf(PROJECTIONS).default("ALL"),
});

export const tableSchema = strict({
  /** Partition (hash) key. No default. */
  partitionKey: keySchema,
  /** Sort (range) key. Default: none. */
  sortKey: keySchema.optional(),
  /** Global secondary indexes, each named once; a key attribute has one type across the table and its indexes. Default: none. */
  globalSecondaryIndexes: listOf(globalSecondaryIndexSchema)
    .max(MAX_GLOBAL_SECONDARY_INDEXES, { error: `at most ${MAX_GLOBAL_SECONDARY_INDEXES} indexes (DynamoDB's default quota)` })
    .default([]),
  /** On-demand or provisioned capacity. Default: "PAY_PER_REQUEST". */
  billingMode: oneOf(BILLING_MODES).default("PAY_PER_REQUEST"),
  /** Read capacity units of the table and of each index; required with PROVISIONED, refused otherwise. Default: none. */
  readCapacity: capacityUnits.optional(),
  /** Write capacity units of the table and of each index; required with PROVISIONED, refused otherwise. Default: none. */
  writeCapacity: capacityUnits.optional(),
  /** Attribute holding each item's expiry (epoch seconds, a number); DynamoDB deletes expired items. Default: none (no TTL). */
  ttlAttribute: attributeName.optional(),
  /** Point-in-time recovery: restore to any second of the last 35 days. Default: true. */
  pointInTimeRecovery: bool().default(true),
  /** Refuse to delete the table. Default: per tier (see `platform/tiers.ts`). */
  deletionProtection: bool(),
  /** A DynamoDB stream of item changes, with what each record holds. Default: none (no stream). */
  streamViewType: oneOf(STREAM_VIEW_TYPES).optional(),
}).superRefine((table, context) => checkTable(table, new Problems(context)));

/** The environment's tables by name, e.g. `{ orders: { partitionKey: { name: "id", type: "S" }, deletionProtection: true } }`. */
export const tablesSchema = z.record(tableName, tableSchema);

/** What a service writes under `uses.tables`: each table it uses, by name, and whether it only reads it. */
export const tableUseSchema = z.record(z.string(), oneOf(TABLE_ACCESS));

export type KeyConfig = z.output<typeof keySchema>;
export type GlobalSecondaryIndexConfig = z.output<typeof globalSecondaryIndexSchema>;
export type TableInput = z.input<typeof tableSchema>;
export type TableConfig = z.output<typeof tableSchema>;
export type TablesInput = z.input<typeof tablesSchema>;
export type TablesConfig = z.output<typeof tablesSchema>;
export type TableUseInput = z.input<typeof tableUseSchema>;
export type TableUse = z.output<typeof tableUseSchema>;

/** The variable holding a table's name, e.g. "order-items" → TABLE_ORDER_ITEMS_NAME. */
export function TABLE_VARIABLE(name: string): string {
  return resourceVariable("TABLE", name, "NAME");
}

/** The variables the platform sets for a service that uses these tables; the service may not set them itself. */
export function tableVariables(use: TableUse): string[] {
  return Object.keys(use).sort().map(TABLE_VARIABLE);
}

/** Every table a service uses must be one of the environment's (a rule between a service and the environment). */
export function checkTableUses(use: TableUse, tables: TablesConfig | undefined, problems: Problems): void {
  checkNamedUses(use, tables, "table", problems);
}

/** A key of the table or of an index, with where it is written. */
interface KeyAt {
  readonly key: KeyConfig;
  readonly path: readonly PropertyKey[];
}

/** The table or one of its indexes: what has a partition key and maybe a sort key. */
interface KeyOwner {
  readonly partitionKey: KeyConfig;
  readonly sortKey?: KeyConfig;
  readonly path: readonly PropertyKey[];
}

type KeyedTable = Pick<TableConfig, "partitionKey" | "sortKey" | "globalSecondaryIndexes">;

function keyOwners(table: KeyedTable): KeyOwner[] {
  return [
    { partitionKey: table.partitionKey, sortKey: table.sortKey, path: [] },
    ...table.globalSecondaryIndexes.map((index, position) => ({
      partitionKey: index.partitionKey,
      sortKey: index.sortKey,
      path: ["globalSecondaryIndexes", position],
    })),
  ];
}

/** Every key the table and its indexes declare, in the order written. */
export function keysOf(table: KeyedTable): KeyAt[] {
  return keyOwners(table).flatMap((owner) => [
    { key: owner.partitionKey, path: [...owner.path, "partitionKey"] },
    ...(owner.sortKey ? [{ key: owner.sortKey, path: [...owner.path, "sortKey"] }] : []),
  ]);
}

/** Rules that relate the table's own fields. */
function checkTable(table: TableConfig, problems: Problems): void {
  checkKeyTypes(table, problems);
  checkTtlAttributeType(table, problems);
  checkSortKeys(table, problems);
  const names = table.globalSecondaryIndexes.map((index) => index.name);
  names.forEach((name, position) =>
    problems.check(names.indexOf(name) === position, ["globalSecondaryIndexes", position, "name"], "an index name used once in the table"),
  );
  const provisioned = table.billingMode === "PROVISIONED";
  for (const field of ["readCapacity", "writeCapacity"] as const) {
    problems.check(
      provisioned === (table[field] !== undefined),
      field,
      provisioned
        ? "a whole number of capacity units: PROVISIONED tables need read and write capacity"
        : "no capacity with billingMode PAY_PER_REQUEST (capacity follows demand); set billingMode PROVISIONED to provision it",
    );
  }
}

/** DynamoDB declares each key attribute once, with one type, for the table and all its indexes. */
function checkKeyTypes(table: TableConfig, problems: Problems): void {
  const first = new Map<string, KeyAt>();
  for (const keyAt of keysOf(table)) {
    const earlier = first.get(keyAt.key.name);
    if (!earlier) {
      first.set(keyAt.key.name, keyAt);
      continue;
    }
    problems.check(
      earlier.key.type === keyAt.key.type,
      [...keyAt.path, "type"],
      `"${earlier.key.type}", the type ${keyAt.key.name} has at ${formatPath(earlier.path)}: an attribute has one type in a table and its indexes`,
    );
  }
}

/**
 * DynamoDB deletes only items whose TTL attribute is a Number (epoch seconds); an item whose TTL
 * attribute is of another type is ignored, so a TTL on a string or binary key attribute never
 * expires anything (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html,
 * checked 2026-12-07).
 */
function checkTtlAttributeType(table: TableConfig, problems: Problems): void {
  const key = keysOf(table).find((keyAt) => keyAt.key.name === table.ttlAttribute);
  problems.check(
    !key || key.key.type === "N",
    "ttlAttribute",
    `an attribute holding a Number: ${table.ttlAttribute} is declared "${key?.key.type}" at ${formatPath(key?.path ?? [])}, and DynamoDB expires only items whose TTL attribute is a Number (epoch seconds)`,
  );
}

/** A sort key is a second attribute: DynamoDB refuses one equal to the partition key. */
function checkSortKeys(table: TableConfig, problems: Problems): void {
  for (const owner of keyOwners(table)) {
    problems.check(
      owner.sortKey?.name !== owner.partitionKey.name,
      [...owner.path, "sortKey", "name"],
      `an attribute other than the partition key (${owner.partitionKey.name})`,
    );
  }
}
