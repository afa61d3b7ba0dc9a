/** ElastiCache nodes, DynamoDB tables and SQS queues. */
import { EstimateContext, LineItem, lineItem, Price, price, scaledPrice, unmodelled } from "./line-items";
import { HOURS_PER_MONTH } from "./prices";
import { block, blocks, bool, num, referencedAddresses, Resource, str } from "./terraform";

function nodePrice(context: EstimateContext, nodeType: string, engine: string): Price {
  if (engine === "valkey" || engine === "redis" || engine === "memcached") {
    const base = price(
      context,
      (prices) => (Object.prototype.hasOwnProperty.call(prices.elasticacheNodeHour, nodeType) ? prices.elasticacheNodeHour[nodeType] : undefined),
      `ElastiCache node type ${nodeType}`,
    );
    return engine === "valkey" ? scaledPrice(base, context.prices?.valkeyFactor ?? 1) : base;
  }
  return unmodelled(`ElastiCache engine ${engine} is not in the price table`);
}

/** Nodes of a replication group: `num_cache_clusters`, else shards × (replicas per shard + 1). */
export function replicationGroupNodes(body: Resource["body"]): number {
  const clusters = num(body, "num_cache_clusters");
  if (clusters !== undefined) return clusters;
  return (num(body, "num_node_groups") ?? 1) * ((num(body, "replicas_per_node_group") ?? 0) + 1);
}

function cacheNodeLine(context: EstimateContext, resource: Resource, nodes: number, note: string): LineItem {
  const nodeType = str(resource.body, "node_type") ?? "(none)";
  const engine = str(resource.body, "engine") ?? "redis";
  return lineItem({
    item: `ElastiCache ${engine} ${nodeType}`,
    address: resource.address,
    quantity: nodes * HOURS_PER_MONTH,
    unit: "node-hours",
    price: nodePrice(context, nodeType, engine),
    note: `${nodes} node(s): ${note}${engine === "valkey" ? "; Valkey at 80% of the Redis OSS node price" : ""}`,
  });
}

export function elasticacheLines(context: EstimateContext): LineItem[] {
  const groups = context.stack.ofType("aws_elasticache_replication_group").map((group) => {
    const shards = num(group.body, "num_node_groups") ?? 1;
    const replicas = num(group.body, "replicas_per_node_group") ?? 0;
    const how = num(group.body, "num_cache_clusters") !== undefined ? "num_cache_clusters" : `${shards} shard(s) × (${replicas} replica(s) + 1)`;
    return cacheNodeLine(context, group, replicationGroupNodes(group.body), how);
  });
  const standalone = context.stack
    .ofType("aws_elasticache_cluster")
    .filter((cluster) => str(cluster.body, "replication_group_id") === undefined)
    .map((cluster) => cacheNodeLine(context, cluster, num(cluster.body, "num_cache_nodes") ?? 1, "num_cache_nodes"));
  const serverless = context.stack.ofType("aws_elasticache_serverless_cache").map((cache) =>
    lineItem({
      item: "ElastiCache Serverless",
      address: cache.address,
      quantity: 1,
      unit: "caches",
      price: unmodelled("ElastiCache Serverless (ECPUs and GB-hours) is not in the price table"),
    }),
  );
  return [...groups, ...standalone, ...serverless];
}

function onDemandTableLines(context: EstimateContext, table: Resource): LineItem[] {
  const { dynamodbReadsPerTablePerMonth: reads, dynamodbWritesPerTablePerMonth: writes } = context.usage;
  return [
    lineItem({
      item: "DynamoDB on-demand reads",
      address: table.address,
      quantity: reads / 1e6,
      unit: "million RRU",
      price: price(context, (prices) => prices.dynamodb.readRequestUnitsPerMillion, "DynamoDB reads"),
      note: "dynamodbReadsPerTablePerMonth (assumption)",
    }),
    lineItem({
      item: "DynamoDB on-demand writes",
      address: table.address,
      quantity: writes / 1e6,
      unit: "million WRU",
      price: price(context, (prices) => prices.dynamodb.writeRequestUnitsPerMillion, "DynamoDB writes"),
      note: "dynamodbWritesPerTablePerMonth (assumption)",
    }),
  ];
}

function provisionedTableLines(context: EstimateContext, table: Resource): LineItem[] {
  const indexes = blocks(table.body, "global_secondary_index");
  const capacity = (key: string) => (num(table.body, key) ?? 0) + indexes.reduce((sum, index) => sum + (num(index, key) ?? 0), 0);
  const note = `table and ${indexes.length} global secondary index(es), no autoscaling`;
  return [
    lineItem({
      item: "DynamoDB provisioned reads",
      address: table.address,
      quantity: capacity("read_capacity") * HOURS_PER_MONTH,
      unit: "RCU-hours",
      price: price(context, (prices) => prices.dynamodb.readCapacityUnitHour, "DynamoDB RCU"),
      note,
    }),
    lineItem({
      item: "DynamoDB provisioned writes",
      address: table.address,
      quantity: capacity("write_capacity") * HOURS_PER_MONTH,
      unit: "WCU-hours",
      price: price(context, (prices) => prices.dynamodb.writeCapacityUnitHour, "DynamoDB WCU"),
      note,
    }),
  ];
}

function tableStorageLines(context: EstimateContext, table: Resource): LineItem[] {
  const gb = context.usage.dynamodbStorageGbPerTable;
  const storage = lineItem({
    item: "DynamoDB storage",
    address: table.address,
    quantity: gb,
    unit: "GB-months",
    price: price(context, (prices) => prices.dynamodb.storageGbMonth, "DynamoDB storage"),
    note: "dynamodbStorageGbPerTable (assumption)",
  });
  const recovery = lineItem({
    item: "DynamoDB point-in-time recovery",
    address: table.address,
    quantity: gb,
    unit: "GB-months",
    price: price(context, (prices) => prices.dynamodb.pointInTimeRecoveryGbMonth, "DynamoDB point-in-time recovery"),
    note: "dynamodbStorageGbPerTable (assumption)",
  });
  const pitr = bool(block(table.body, "point_in_time_recovery"), "enabled") === true;
  return [storage, ...(pitr ? [recovery] : [])];
}

function replicaLines(table: Resource): LineItem[] {
  const replicas = blocks(table.body, "replica").length;
  if (replicas === 0) return [];
  const missing = unmodelled("global table replicas (replicated writes, storage in other regions) are not in the price table");
  return [lineItem({ item: "DynamoDB global table replicas", address: table.address, quantity: replicas, unit: "replicas", price: missing })];
}

export function dynamodbLines(context: EstimateContext): LineItem[] {
  return context.stack.ofType("aws_dynamodb_table").flatMap((table) => {
    const onDemand = (str(table.body, "billing_mode") ?? "PROVISIONED") === "PAY_PER_REQUEST";
    return [
      ...(onDemand ? onDemandTableLines(context, table) : provisionedTableLines(context, table)),
      ...tableStorageLines(context, table),
      ...replicaLines(table),
    ];
  });
}

/** Queues another queue's redrive policy names as its dead-letter target. */
function deadLetterQueues(context: EstimateContext): ReadonlySet<string> {
  return new Set(context.stack.ofType("aws_sqs_queue").flatMap((queue) => referencedAddresses(queue.body.redrive_policy)));
}

export function sqsLines(context: EstimateContext): LineItem[] {
  const deadLetter = deadLetterQueues(context);
  return context.stack.ofType("aws_sqs_queue").map((queue) => {
    const fifo = bool(queue.body, "fifo_queue") === true;
    const idle = deadLetter.has(queue.address);
    return lineItem({
      item: `SQS ${fifo ? "FIFO" : "standard"} queue requests`,
      address: queue.address,
      quantity: idle ? 0 : context.usage.sqsRequestsPerQueuePerMonth / 1e6,
      unit: "million requests",
      price: price(context, (prices) => (fifo ? prices.sqs.fifoPerMillion : prices.sqs.standardPerMillion), "SQS requests"),
      note: idle ? "dead-letter queue: assumed idle" : "sqsRequestsPerQueuePerMonth (assumption); the account's free first million is not deducted",
    });
  });
}
