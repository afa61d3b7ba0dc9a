/** RDS for PostgreSQL instances (Multi-AZ, replicas, storage, backups, Performance Insights) and Aurora PostgreSQL clusters. */
import { countRange, EstimateContext, LineItem, lineItem, Price, price, Range, scaledPrice, unmodelled } from "./line-items";
import { HOURS_PER_MONTH, RegionPrices } from "./prices";
import { Block, block, bool, num, Resource, str } from "./terraform";

/** Performance Insights keeps 7 days free; longer retention is paid (not in the price table). */
const FREE_PERFORMANCE_INSIGHTS_DAYS = 7;
const SERVERLESS_CLASS = "db.serverless";
const GENERAL_PURPOSE_STORAGE = ["gp2", "gp3"];

/**
 * GB of backup storage billed beyond the free share (100% of the database's size): the first
 * backup is a full copy, each further retained day adds the day's changes.
 */
export function billableBackupGb(sizeGb: number, retentionDays: number, dailyChangePercent: number): number {
  return sizeGb * (dailyChangePercent / 100) * Math.max(0, retentionDays - 1);
}

function backupLine(context: EstimateContext, address: string, sizeGb: number, retentionDays: number, backupPrice: Price): LineItem[] {
  const gb = billableBackupGb(sizeGb, retentionDays, context.usage.backupDailyChangePercent);
  if (gb <= 0) return [];
  return [
    lineItem({
      item: "Backup storage beyond the free share",
      address,
      quantity: gb,
      unit: "GB-months",
      price: backupPrice,
      note: `${retentionDays} days kept, ${context.usage.backupDailyChangePercent}% of ${sizeGb} GB changing a day (assumption); the first copy is free`,
    }),
  ];
}

function performanceInsightsLine(address: string, body: Block): LineItem[] {
  const retention = num(body, "performance_insights_retention_period") ?? FREE_PERFORMANCE_INSIGHTS_DAYS;
  if (bool(body, "performance_insights_enabled") !== true || retention <= FREE_PERFORMANCE_INSIGHTS_DAYS) return [];
  return [
    lineItem({
      item: "Performance Insights retention beyond 7 days",
      address,
      quantity: retention,
      unit: "days kept",
      price: unmodelled("Performance Insights long-term retention is not in the price table"),
    }),
  ];
}

function instanceClassPrice(
  context: EstimateContext,
  instanceClass: string,
  pick: (prices: RegionPrices) => Readonly<Record<string, number>>,
  what: string,
): Price {
  return price(
    context,
    (prices) => (Object.prototype.hasOwnProperty.call(pick(prices), instanceClass) ? pick(prices)[instanceClass] : undefined),
    `${what} ${instanceClass}`,
  );
}

interface RdsFacts {
  readonly instanceClass: string;
  readonly engine: string;
  readonly copies: number;
  readonly storageGb: number;
  readonly storageType: string;
  readonly source: Resource | undefined;
}

/** What a replica leaves out (engine, storage), it takes from its source. */
function rdsFacts(context: EstimateContext, instance: Resource): RdsFacts {
  const source = context.stack.referenced(instance.body.replicate_source_db);
  const inherited = (key: string) => str(instance.body, key) ?? str(source?.body, key);
  return {
    instanceClass: str(instance.body, "instance_class") ?? "(none)",
    engine: inherited("engine") ?? "(unknown)",
    copies: bool(instance.body, "multi_az") === true ? 2 : 1,
    storageGb: num(instance.body, "allocated_storage") ?? num(source?.body, "allocated_storage") ?? 0,
    storageType: inherited("storage_type") ?? "gp2",
    source,
  };
}

function rdsInstanceLine(context: EstimateContext, instance: Resource, facts: RdsFacts): LineItem {
  const instancePrice =
    facts.engine === "postgres"
      ? instanceClassPrice(context, facts.instanceClass, (prices) => prices.rdsPostgresHour, "RDS PostgreSQL")
      : unmodelled(`RDS engine ${facts.engine} is not in the price table`);
  const role = facts.source ? `read replica of ${facts.source.address}` : "primary";
  return lineItem({
    item: `RDS ${facts.engine} ${facts.instanceClass}${facts.copies === 2 ? " Multi-AZ" : ""}`,
    address: instance.address,
    quantity: facts.copies * HOURS_PER_MONTH,
    unit: "instance-hours",
    price: instancePrice,
    note: facts.copies === 2 ? `${role}; Multi-AZ: the instance and its standby` : role,
  });
}

function rdsStorageLine(context: EstimateContext, instance: Resource, facts: RdsFacts): LineItem {
  const storagePrice = GENERAL_PURPOSE_STORAGE.includes(facts.storageType)
    ? price(context, (prices) => prices.rdsStorage.generalPurposeGbMonth, "RDS general purpose storage")
    : unmodelled(`RDS storage type ${facts.storageType} is not in the price table`);
  const ceiling = num(instance.body, "max_allocated_storage");
  return lineItem({
    item: `RDS storage (${facts.storageType})`,
    address: instance.address,
    quantity: facts.storageGb * facts.copies,
    unit: "GB-months",
    price: storagePrice,
    note: `${facts.storageGb} GB × ${facts.copies} cop${facts.copies === 2 ? "ies" : "y"}${ceiling ? `; autoscaling may grow it to ${ceiling} GB` : ""}`,
  });
}

export function rdsInstanceLines(context: EstimateContext, instance: Resource): LineItem[] {
  const facts = rdsFacts(context, instance);
  const backupPrice = price(context, (prices) => prices.rdsStorage.backupGbMonth, "RDS backup storage");
  return [
    rdsInstanceLine(context, instance, facts),
    rdsStorageLine(context, instance, facts),
    ...backupLine(context, instance.address, facts.storageGb, num(instance.body, "backup_retention_period") ?? 0, backupPrice),
    ...performanceInsightsLine(instance.address, instance.body),
  ];
}

export function rdsLines(context: EstimateContext): LineItem[] {
  return context.stack.ofType("aws_db_instance").flatMap((instance) => rdsInstanceLines(context, instance));
}

function clusterInstances(context: EstimateContext, cluster: Resource): readonly Resource[] {
  const identifier = str(cluster.body, "cluster_identifier");
  return context.stack.ofType("aws_rds_cluster_instance").filter((instance) => {
    const reference = context.stack.referenced(instance.body.cluster_identifier);
    return reference ? reference.address === cluster.address : identifier !== undefined && instance.body.cluster_identifier === identifier;
  });
}

interface AuroraFacts {
  readonly engine: string;
  readonly ioOptimized: boolean;
  readonly acu: Range;
}

function auroraInstancePrice(context: EstimateContext, facts: AuroraFacts, instanceClass: string): Price {
  if (facts.engine !== "aurora-postgresql") return unmodelled(`Aurora engine ${facts.engine} is not in the price table`);
  const factor = facts.ioOptimized ? context.prices?.aurora.ioOptimizedInstanceFactor ?? 1 : 1;
  const base =
    instanceClass === SERVERLESS_CLASS
      ? price(context, (prices) => prices.aurora.acuHour, "Aurora Serverless v2 ACU")
      : instanceClassPrice(context, instanceClass, (prices) => prices.aurora.instanceHour, "Aurora PostgreSQL");
  return scaledPrice(base, factor);
}

function auroraInstanceLine(context: EstimateContext, facts: AuroraFacts, instance: Resource): LineItem {
  const instanceClass = str(instance.body, "instance_class") ?? "(none)";
  const serverless = instanceClass === SERVERLESS_CLASS;
  return lineItem({
    item: `Aurora ${instanceClass}${facts.ioOptimized ? " I/O-Optimized" : ""}`,
    address: instance.address,
    quantity: serverless ? { min: facts.acu.min * HOURS_PER_MONTH, max: facts.acu.max * HOURS_PER_MONTH } : HOURS_PER_MONTH,
    unit: serverless ? "ACU-hours" : "instance-hours",
    price: auroraInstancePrice(context, facts, instanceClass),
    note: serverless ? `Serverless v2 between ${facts.acu.min} and ${facts.acu.max} ACU` : "",
  });
}

/** Readers Application Auto Scaling may add beyond the ones Terraform creates (resource_id `cluster:<id>`). */
function autoscaledReadersLine(context: EstimateContext, facts: AuroraFacts, cluster: Resource, instances: readonly Resource[]): LineItem[] {
  const resourceId = `cluster:${str(cluster.body, "cluster_identifier") ?? ""}`;
  const target = context.stack
    .ofType("aws_appautoscaling_target")
    .find((candidate) => str(candidate.body, "scalable_dimension") === "rds:cluster:ReadReplicaCount" && str(candidate.body, "resource_id") === resourceId);
  if (!target || instances.length === 0) return [];
  const readers = instances.length - 1;
  const extra = { min: Math.max(0, (num(target.body, "min_capacity") ?? 0) - readers), max: Math.max(0, (num(target.body, "max_capacity") ?? 0) - readers) };
  const instanceClass = str(instances[0].body, "instance_class") ?? "(none)";
  const perReader = instanceClass === SERVERLESS_CLASS ? facts.acu : { min: 1, max: 1 };
  return [
    lineItem({
      item: `Aurora readers added by autoscaling (${instanceClass})`,
      address: target.address,
      quantity: { min: extra.min * perReader.min * HOURS_PER_MONTH, max: extra.max * perReader.max * HOURS_PER_MONTH },
      unit: instanceClass === SERVERLESS_CLASS ? "ACU-hours" : "instance-hours",
      price: auroraInstancePrice(context, facts, instanceClass),
      note: `${countRange(extra)} reader(s) beyond the ${readers} Terraform creates`,
    }),
  ];
}

function auroraStorageLines(context: EstimateContext, facts: AuroraFacts, cluster: Resource): LineItem[] {
  const { auroraStorageGbPerCluster: storageGb, auroraIoMillionsPerMonth: io } = context.usage;
  const storage = lineItem({
    item: `Aurora storage${facts.ioOptimized ? " (I/O-Optimized)" : ""}`,
    address: cluster.address,
    quantity: storageGb,
    unit: "GB-months",
    price: price(context, (prices) => (facts.ioOptimized ? prices.aurora.ioOptimizedStorageGbMonth : prices.aurora.storageGbMonth), "Aurora storage"),
    note: "auroraStorageGbPerCluster (assumption)",
  });
  const requests = lineItem({
    item: "Aurora I/O requests",
    address: cluster.address,
    quantity: io,
    unit: "million requests",
    price: price(context, (prices) => prices.aurora.ioPerMillion, "Aurora I/O"),
    note: "auroraIoMillionsPerMonth (assumption)",
  });
  const backupPrice = price(context, (prices) => prices.aurora.backupGbMonth, "Aurora backup storage");
  const retention = num(cluster.body, "backup_retention_period") ?? 1;
  return [storage, ...(facts.ioOptimized ? [] : [requests]), ...backupLine(context, cluster.address, storageGb, retention, backupPrice)];
}

export function auroraClusterLines(context: EstimateContext, cluster: Resource): LineItem[] {
  const scaling = block(cluster.body, "serverlessv2_scaling_configuration");
  const facts: AuroraFacts = {
    engine: str(cluster.body, "engine") ?? "aurora-mysql",
    ioOptimized: str(cluster.body, "storage_type") === "aurora-iopt1",
    acu: { min: num(scaling, "min_capacity") ?? 0, max: num(scaling, "max_capacity") ?? 0 },
  };
  const instances = clusterInstances(context, cluster);
  return [
    ...instances.flatMap((instance) => [auroraInstanceLine(context, facts, instance), ...performanceInsightsLine(instance.address, instance.body)]),
    ...autoscaledReadersLine(context, facts, cluster, instances),
    ...auroraStorageLines(context, facts, cluster),
  ];
}

export function auroraLines(context: EstimateContext): LineItem[] {
  return context.stack.ofType("aws_rds_cluster").flatMap((cluster) => auroraClusterLines(context, cluster));
}
