/**
 * What each backing resource a service can use contributes to the diagram: its nodes (read from
 * the parsed configuration's typed section) and a service's edges to them (from its typed
 * `uses`). One entry per key of `uses`, checked by the compiler: a capability added to `uses`
 * without an entry here fails `npm run typecheck`. A capability descriptor can later supply its entry.
 */
import type { BackingResource, EnvironmentConfig, ServiceConfig } from "../../modules/platform/schema";
import { DiagramEdge, DiagramNode, GroupId, NodeIds } from "./diagram-model";
import { counted } from "./fields";
import { compareText } from "./text";

/** What a kind of backing resource contributes to the diagram. */
export interface BackingKind {
  /** Where its nodes are drawn. */
  readonly group: GroupId;
  /** The node kind in ids (`queue_<name>`). */
  readonly nodeKind: string;
  /** The nodes of what the environment defines (none when it has none). */
  nodes(config: EnvironmentConfig, ids: NodeIds): DiagramNode[];
  /** What the service uses of it, as (resource name, access) pairs; "" names the single resource. */
  uses(service: ServiceConfig): (readonly [string, string])[];
}

type Database = NonNullable<EnvironmentConfig["database"]>;
type Cache = NonNullable<EnvironmentConfig["cache"]>;

const sorted = <T>(record: Readonly<Record<string, T>>): [string, T][] => Object.entries(record).sort(([a], [b]) => compareText(a, b));

function databaseLabel(database: Database): string[] {
  if (database.engine === "aurora-postgres") {
    const size = database.serverless
      ? `Serverless v2, ${database.serverless.minCapacity}–${database.serverless.maxCapacity} ACU`
      : database.instanceClass;
    const scaling = database.readerAutoscaling;
    const readers = scaling ? `${scaling.minReaders}–${scaling.maxReaders} readers` : counted(database.readers, "reader");
    return [`Aurora PostgreSQL ${database.engineVersion}`, size, [database.multiAz ? "Multi-AZ" : "single-AZ", readers].join(" · ")];
  }
  const replicas = database.readReplicas === 0 ? "" : counted(database.readReplicas, "read replica");
  return [`PostgreSQL ${database.engineVersion} (RDS)`, database.instanceClass, [database.multiAz ? "Multi-AZ" : "single-AZ", replicas].filter(Boolean).join(" · ")];
}

function cacheLabel(cache: Cache): string[] {
  const engine = cache.engine === "redis" ? "Redis OSS" : "Valkey";
  const nodes = counted(1 + cache.replicasPerShard, "node");
  const layout = cache.clusterMode ? `${counted(cache.shards, "shard")} × ${nodes}` : nodes;
  return [`${engine} ${cache.engineVersion} (ElastiCache)`, cache.nodeType, `${cache.replicasPerShard > 0 ? "Multi-AZ" : "single-AZ"} · ${layout}`];
}

/** Every key of a service's `uses`, in the order the diagram draws them. */
export const BACKING_KINDS: { readonly [K in BackingResource]: BackingKind } = {
  database: {
    group: "database",
    nodeKind: "database",
    nodes: (config, ids) => (config.database ? [{ id: ids.idFor("database"), label: databaseLabel(config.database), shape: "cylinder", group: "database" }] : []),
    uses: (service) => (service.uses.database ? [["", service.uses.database.access]] : []),
  },
  cache: {
    group: "database",
    nodeKind: "cache",
    nodes: (config, ids) => (config.cache ? [{ id: ids.idFor("cache"), label: cacheLabel(config.cache), shape: "cylinder", group: "database" }] : []),
    uses: (service) => (service.uses.cache ? [["", "read-write"]] : []),
  },
  queues: {
    group: "regional",
    nodeKind: "queue",
    nodes: (config, ids) =>
      sorted(config.queues).map(([name, queue]) => ({
        id: ids.idFor("queue", name),
        label: [`SQS ${name}${queue.fifo ? " (FIFO)" : ""}`, "with dead-letter queue"],
        shape: "queue",
        group: "regional",
      })),
    uses: (service) => sorted(service.uses.queues),
  },
  tables: {
    group: "regional",
    nodeKind: "table",
    nodes: (config, ids) =>
      sorted(config.tables).map(([name, table]) => ({
        id: ids.idFor("table", name),
        label: [`DynamoDB ${name}`, table.billingMode === "PROVISIONED" ? `${table.readCapacity ?? "?"} RCU / ${table.writeCapacity ?? "?"} WCU` : "on-demand"],
        shape: "cylinder",
        group: "regional",
      })),
    uses: (service) => sorted(service.uses.tables),
  },
  secrets: {
    group: "regional",
    nodeKind: "secret",
    nodes: (config, ids) =>
      sorted(config.secrets).map(([name, secret]) => ({
        id: ids.idFor("secret", name),
        label: [`Secret ${name}`, ...(secret.rotation ? [`rotated every ${secret.rotation.days} days`] : [])],
        shape: "flag",
        group: "regional",
      })),
    // `uses.secrets` maps a variable to a secret's name: the access is reading it into that variable.
    uses: (service) => sorted(service.uses.secrets).map(([variable, name]) => [name, `reads as ${variable}`] as const),
  },
};

/** The kinds in drawing order. */
export const BACKING_ORDER: readonly BackingResource[] = ["database", "cache", "queues", "tables", "secrets"];

/** The node id of resource `name` (or the single resource, "") of a kind. */
export function backingNodeId(kind: BackingKind, name: string, ids: NodeIds): string {
  return ids.idFor(kind.nodeKind, name);
}

/** The edges from a service to what it uses of one kind, one per resource (several accesses joined). */
export function usageEdges(kind: BackingKind, service: ServiceConfig, from: string, ids: NodeIds): DiagramEdge[] {
  const accesses = new Map<string, string[]>();
  for (const [name, access] of kind.uses(service)) accesses.set(name, [...(accesses.get(name) ?? []), access]);
  return [...accesses.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, labels]) => ({ from, to: backingNodeId(kind, name, ids), label: labels.sort(compareText).join(", ") }));
}
