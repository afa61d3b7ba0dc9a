/**
 * The backing resources services use, as diagram nodes and edges: one case per key of a service's
 * `uses`. A new kind of backing resource is one more case here; until it has one, the fallback
 * still draws what services name under its key. Sections are read defensively (see fields.ts).
 */
import { DiagramEdge, DiagramNode, GroupId, NodeIds } from "./diagram-model";
import { counted, entriesOf, field, flagField, numberField, textField } from "./fields";
import { compareText } from "./text";

/** What a kind of backing resource contributes to the diagram. */
export interface BackingKind {
  /** The key under a service's `uses`, and of the environment's config section. */
  readonly key: string;
  /** Where its nodes are drawn. */
  readonly group: GroupId;
  /** The nodes of what the environment's section defines (none when it has no such section). */
  nodes(section: unknown, ids: NodeIds): DiagramNode[];
  /** What a service wrote under `uses[key]`, as (resource name, access) pairs; "" names a single resource. */
  uses(use: unknown): (readonly [string, string])[];
}

/** A single resource a service uses or not (`uses: { database: true }`): full access. */
function wholeResourceUse(use: unknown): (readonly [string, string])[] {
  return use === true ? [["", "read-write"]] : [];
}

/** Named resources with an access mode each (`uses: { queues: { jobs: "send" } }`). */
function namedResourceUses(use: unknown): (readonly [string, string])[] {
  return entriesOf(use).flatMap(([name, access]) => (typeof access === "string" ? [[name, access] as const] : []));
}

/** The database as a service's own user: its access, from the parsed use (false, or `{ access, ... }`). */
function databaseUse(use: unknown): (readonly [string, string])[] {
  const access = textField(use, "access");
  return access ? [["", access]] : wholeResourceUse(use);
}

const database: BackingKind = {
  key: "database",
  group: "database",
  nodes: (section, ids) => (section === undefined ? [] : [{ id: ids.idFor("database"), label: databaseLabel(section), shape: "cylinder", group: "database" }]),
  uses: databaseUse,
};

function databaseLabel(section: unknown): string[] {
  const version = textField(section, "engineVersion") ?? "";
  const aurora = textField(section, "engine") === "aurora-postgres";
  const serverless = field(section, "serverless");
  const size = serverless
    ? `Serverless v2, ${numberField(serverless, "minCapacity") ?? "?"}–${numberField(serverless, "maxCapacity") ?? "?"} ACU`
    : (textField(section, "instanceClass") ?? "");
  const copies = aurora ? auroraReaders(section) : readReplicas(numberField(section, "readReplicas") ?? 0);
  return [
    aurora ? `Aurora PostgreSQL ${version}` : `PostgreSQL ${version} (RDS)`,
    size,
    [flagField(section, "multiAz") ? "Multi-AZ" : "single-AZ", copies].filter(Boolean).join(" · "),
  ];
}

function readReplicas(count: number): string {
  return count === 0 ? "" : counted(count, "read replica");
}

function auroraReaders(section: unknown): string {
  const scaling = field(section, "readerAutoscaling");
  const readers = numberField(section, "readers") ?? 0;
  if (scaling === undefined) return counted(readers, "reader");
  return `${numberField(scaling, "minReaders") ?? readers}–${numberField(scaling, "maxReaders") ?? readers} readers`;
}

const cache: BackingKind = {
  key: "cache",
  group: "database",
  nodes: (section, ids) => (section === undefined ? [] : [{ id: ids.idFor("cache"), label: cacheLabel(section), shape: "cylinder", group: "database" }]),
  uses: wholeResourceUse,
};

function cacheLabel(section: unknown): string[] {
  const engine = textField(section, "engine") === "redis" ? "Redis OSS" : "Valkey";
  const replicas = numberField(section, "replicasPerShard") ?? 0;
  const nodes = counted(1 + replicas, "node");
  const layout = flagField(section, "clusterMode") ? `${counted(numberField(section, "shards") ?? 1, "shard")} × ${nodes}` : nodes;
  return [`${engine} ${textField(section, "engineVersion") ?? ""} (ElastiCache)`, textField(section, "nodeType") ?? "", `${replicas > 0 ? "Multi-AZ" : "single-AZ"} · ${layout}`];
}

const queues: BackingKind = {
  key: "queues",
  group: "regional",
  nodes: (section, ids) =>
    entriesOf(section).map(([name, queue]) => ({
      id: ids.idFor("queue", name),
      label: [`SQS ${name}${flagField(queue, "fifo") ? " (FIFO)" : ""}`, "with dead-letter queue"],
      shape: "queue",
      group: "regional",
    })),
  uses: namedResourceUses,
};

const tables: BackingKind = {
  key: "tables",
  group: "regional",
  nodes: (section, ids) =>
    entriesOf(section).map(([name, table]) => ({
      id: ids.idFor("table", name),
      label: [`DynamoDB ${name}`, tableCapacity(table)],
      shape: "cylinder",
      group: "regional",
    })),
  uses: namedResourceUses,
};

function tableCapacity(table: unknown): string {
  if (textField(table, "billingMode") !== "PROVISIONED") return "on-demand";
  return `${numberField(table, "readCapacity") ?? "?"} RCU / ${numberField(table, "writeCapacity") ?? "?"} WCU`;
}

const secrets: BackingKind = {
  key: "secrets",
  group: "regional",
  nodes: (section, ids) =>
    entriesOf(section).map(([name, secret]) => {
      const days = numberField(field(secret, "rotation"), "days");
      return { id: ids.idFor("secret", name), label: [`Secret ${name}`, ...(days ? [`rotated every ${days} days`] : [])], shape: "flag", group: "regional" };
    }),
  // `uses.secrets` maps a variable to a secret's name: the access is reading it into that variable.
  uses: (use) => entriesOf(use).flatMap(([variable, name]) => (typeof name === "string" ? [[name, `reads as ${variable}`] as const] : [])),
};

/** Every kind the diagram knows, in the order it draws them. */
export const BACKING_KINDS: readonly BackingKind[] = [database, cache, queues, tables, secrets];

/** The id of node kind used for each case (`queues` → `queue_<name>`). */
const NODE_KIND: Readonly<Record<string, string>> = { queues: "queue", tables: "table", secrets: "secret" };

/** A kind with no case yet: its resources are drawn from what services name, in the regional group. */
export function fallbackKind(key: string): BackingKind {
  return {
    key,
    group: "regional",
    nodes: () => [],
    uses: (use) => (use === true ? wholeResourceUse(use) : namedResourceUses(use)),
  };
}

/** The node id of resource `name` (or the single resource, "") of a kind. */
export function backingNodeId(kind: BackingKind, name: string, ids: NodeIds): string {
  return ids.idFor(NODE_KIND[kind.key] ?? kind.key, name);
}

/** The edges from a service to what it uses of one kind, one per resource (several accesses joined). */
export function usageEdges(kind: BackingKind, use: unknown, from: string, ids: NodeIds): DiagramEdge[] {
  const accesses = new Map<string, string[]>();
  for (const [name, access] of kind.uses(use)) accesses.set(name, [...(accesses.get(name) ?? []), access]);
  return [...accesses.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, labels]) => ({ from, to: backingNodeId(kind, name, ids), label: labels.sort(compareText).join(", ") }));
}
