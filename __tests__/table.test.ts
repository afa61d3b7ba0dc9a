import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { createAwsContext } from "../modules/core/aws-context";
import { policyDocument } from "../modules/core/iam";
import { formatIssues } from "../modules/core/problems";
import { Problems, strict } from "../modules/core/schema";
import { PolicyPack } from "../modules/guardrails/policy-pack";
import { POLICY_RULES } from "../modules/platform/capabilities";
import { AlarmSpec, Metric, MetricExpression } from "../modules/monitoring/alarm";
import { checkTableUses, TABLE_VARIABLE, tableSchema, tablesSchema, TableInput, TableUse, tableUseSchema, tableVariables } from "../modules/table/schema";
import { Tables } from "../modules/table/tables";
import { RecordingMonitor } from "./support/monitor";
import { dataSourceAt, Json, resourceAt, resourcesOf, synthesized, SynthesizedStack } from "./support/synth";
import { CONFIG_LOCATOR } from "../modules/platform/config-locator";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/data";

/** The smallest table: a string partition key, protection chosen (the tier's default is the lead's). */
const MINIMAL_TABLE: TableInput = { partitionKey: { name: "id", type: "S" }, deletionProtection: false };

/** A table with a sort key, two indexes (one sharing the sort key attribute), TTL and a stream. */
const ORDERS: TableInput = {
  partitionKey: { name: "customerId", type: "S" },
  sortKey: { name: "orderedAt", type: "N" },
  globalSecondaryIndexes: [
    { name: "by-status", partitionKey: { name: "status", type: "S" }, sortKey: { name: "orderedAt", type: "N" } },
    { name: "by-sku", partitionKey: { name: "sku", type: "S" }, projection: "KEYS_ONLY" },
  ],
  ttlAttribute: "expiresAt",
  deletionProtection: true,
  streamViewType: "NEW_AND_OLD_IMAGES",
};

interface Harness {
  readonly tables: Tables;
  readonly monitor: RecordingMonitor;
  readonly scope: TerraformStack;
  synth(): SynthesizedStack;
}

/** `Tables` on a fresh stack, with a monitor that records what it registers. */
function tablesOnFreshStack(tables: Record<string, TableInput>): Harness {
  const scope = new TerraformStack(Testing.app(), "harness");
  new AwsProvider(scope, "aws", { region: "eu-west-1" });
  const monitor = new RecordingMonitor();
  const construct = new Tables(scope, "tables", {
    context: createAwsContext(scope, "acme", "test", "eu-west-1"),
    keyArn: KEY_ARN,
    monitor,
    tables: tablesSchema.parse(tables),
  });
  return { tables: construct, monitor, scope, synth: () => synthesized(scope) };
}

function tableAt(stack: SynthesizedStack, name: string) {
  return resourceAt(stack, "aws_dynamodb_table", `tables/${name}/table`);
}

function alarmsOf(monitor: RecordingMonitor, resource: string): Record<string, AlarmSpec> {
  return Object.fromEntries(monitor.alarms.filter((alarm) => alarm.resource === resource).map((alarm) => [alarm.signal, alarm]));
}

function sumOf(metricName: string, dimensions: Record<string, string>): Metric {
  return { namespace: "AWS/DynamoDB", metricName, dimensions, statistic: "Sum" };
}

describe("GIVEN a table with a sort key, two global secondary indexes, TTL and a stream, on a fresh stack", () => {
  const harness = tablesOnFreshStack({ orders: ORDERS });
  const stack = harness.synth();
  const table = tableAt(stack, "orders").resource;

  it("THEN it is one on-demand table named after the environment, with its keys and each key attribute declared once", () => {
    expect(Object.keys(resourcesOf(stack, "aws_dynamodb_table"))).toHaveLength(1);
    expect(table).toMatchObject({
      name: "acme-test-orders",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "customerId",
      range_key: "orderedAt",
      attribute: [
        { name: "customerId", type: "S" },
        { name: "orderedAt", type: "N" },
        { name: "status", type: "S" },
        { name: "sku", type: "S" },
      ],
    });
    expect(table.read_capacity).toBeUndefined();
    expect(table.write_capacity).toBeUndefined();
  });

  it("THEN its indexes have their keys and projections, ALL by default, and no capacity", () => {
    expect(table.global_secondary_index).toEqual([
      { name: "by-status", hash_key: "status", range_key: "orderedAt", projection_type: "ALL" },
      { name: "by-sku", hash_key: "sku", projection_type: "KEYS_ONLY" },
    ]);
  });

  it("THEN it is encrypted with the environment's key, recoverable to a point in time, deletion-protected, with TTL and a stream", () => {
    expect(table).toMatchObject({
      server_side_encryption: { enabled: true, kms_key_arn: KEY_ARN },
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: true,
      ttl: { attribute_name: "expiresAt", enabled: true },
      stream_enabled: true,
      stream_view_type: "NEW_AND_OLD_IMAGES",
    });
  });

  it("THEN read and write throttling of the table and of each index alarm after 5 of 5 minutes, no data counting as none", () => {
    const alarms = alarmsOf(harness.monitor, "table-orders");
    for (const direction of ["Read", "Write"]) {
      const metricName = `${direction}ThrottleEvents`;
      expect(alarms[`${direction.toLowerCase()}-throttles`]).toMatchObject({
        metric: {
          expression: "FILL(a,0)+FILL(b,0)+FILL(c,0)",
          metrics: {
            a: sumOf(metricName, { TableName: "acme-test-orders" }),
            b: sumOf(metricName, { TableName: "acme-test-orders", GlobalSecondaryIndexName: "by-status" }),
            c: sumOf(metricName, { TableName: "acme-test-orders", GlobalSecondaryIndexName: "by-sku" }),
          },
        },
        comparison: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        missingData: "notBreaching",
        severity: "notify",
      });
    }
  });

  it("THEN server errors of the operations services make, summed per operation, page after 3 of 5 minutes", () => {
    const alarm = alarmsOf(harness.monitor, "table-orders")["system-errors"];
    const metric = alarm.metric as MetricExpression;
    const operations = ["GetItem", "BatchGetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"];
    expect(metric.expression).toBe("FILL(a,0)+FILL(b,0)+FILL(c,0)+FILL(d,0)+FILL(e,0)+FILL(f,0)+FILL(g,0)+FILL(h,0)");
    expect(Object.values(metric.metrics)).toEqual(
      operations.map((operation) => sumOf("SystemErrors", { TableName: "acme-test-orders", Operation: operation })),
    );
    expect(alarm).toMatchObject({
      comparison: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      missingData: "notBreaching",
      severity: "page",
    });
    expect(Object.keys(alarmsOf(harness.monitor, "table-orders")).sort()).toEqual(["read-throttles", "system-errors", "write-throttles"]);
  });

  it("THEN the dashboard shows its consumed capacity and its throttling", () => {
    expect(harness.monitor.tiles.map((tile) => [tile.section, tile.title])).toEqual([
      ["Table acme-test-orders", "Consumed read / write capacity units"],
      ["Table acme-test-orders", "Read / write throttle events (table and indexes)"],
    ]);
    expect(harness.monitor.tiles[0].metrics).toEqual([
      sumOf("ConsumedReadCapacityUnits", { TableName: "acme-test-orders" }),
      sumOf("ConsumedWriteCapacityUnits", { TableName: "acme-test-orders" }),
    ]);
  });
});

describe("GIVEN the smallest table, without point-in-time recovery or deletion protection", () => {
  const harness = tablesOnFreshStack({ sessions: { ...MINIMAL_TABLE, pointInTimeRecovery: false } });
  const table = tableAt(harness.synth(), "sessions").resource;

  it("THEN it has its one key attribute, no index, no TTL, no stream, and the protections it asked to leave out", () => {
    expect(table).toMatchObject({
      name: "acme-test-sessions",
      hash_key: "id",
      attribute: [{ name: "id", type: "S" }],
      point_in_time_recovery: { enabled: false },
      deletion_protection_enabled: false,
      server_side_encryption: { enabled: true, kms_key_arn: KEY_ARN },
    });
    for (const field of ["range_key", "ttl", "stream_enabled", "stream_view_type"]) {
      expect(table[field]).toBeUndefined();
    }
    expect(table.global_secondary_index ?? []).toEqual([]);
  });

  it("THEN its throttle alarms watch the table's metric itself", () => {
    expect(alarmsOf(harness.monitor, "table-sessions")["read-throttles"].metric).toEqual(
      sumOf("ReadThrottleEvents", { TableName: "acme-test-sessions" }),
    );
  });
});

describe("GIVEN a provisioned table with an index", () => {
  const table = tableAt(
    tablesOnFreshStack({
      events: {
        ...MINIMAL_TABLE,
        billingMode: "PROVISIONED",
        readCapacity: 20,
        writeCapacity: 5,
        globalSecondaryIndexes: [{ name: "by-type", partitionKey: { name: "type", type: "S" } }],
      },
    }).synth(),
    "events",
  ).resource;

  it("THEN the table and its index have that capacity", () => {
    expect(table).toMatchObject({ billing_mode: "PROVISIONED", read_capacity: 20, write_capacity: 5 });
    expect(table.global_secondary_index).toEqual([
      { name: "by-type", hash_key: "type", projection_type: "ALL", read_capacity: 20, write_capacity: 5 },
    ]);
  });
});

describe("GIVEN a table with 12 indexes, more metrics than one alarm takes", () => {
  const indexes = Array.from({ length: 12 }, (_, index) => ({ name: `index-${index + 1}`, partitionKey: { name: `key${index + 1}`, type: "S" as const } }));
  const harness = tablesOnFreshStack({ wide: { ...MINIMAL_TABLE, globalSecondaryIndexes: indexes } });

  it("THEN each direction's throttling is watched by two alarms, the first over 10 metrics, the second over the other 3", () => {
    const alarms = alarmsOf(harness.monitor, "table-wide");
    expect(Object.keys(alarms).sort()).toEqual(["read-throttles", "read-throttles-2", "system-errors", "write-throttles", "write-throttles-2"]);
    expect(Object.keys((alarms["read-throttles"].metric as MetricExpression).metrics)).toHaveLength(10);
    expect((alarms["read-throttles-2"].metric as MetricExpression).metrics).toEqual({
      a: sumOf("ReadThrottleEvents", { TableName: "acme-test-wide", GlobalSecondaryIndexName: "index-10" }),
      b: sumOf("ReadThrottleEvents", { TableName: "acme-test-wide", GlobalSecondaryIndexName: "index-11" }),
      c: sumOf("ReadThrottleEvents", { TableName: "acme-test-wide", GlobalSecondaryIndexName: "index-12" }),
    });
  });
});

describe("Tables as a binding", () => {
  const harness = tablesOnFreshStack({ orders: ORDERS, customers: MINIMAL_TABLE, audit: MINIMAL_TABLE });
  const uses: Record<string, TableUse> = { reads: { orders: "read" }, mixed: { orders: "read-write", customers: "read" }, none: {} };
  for (const [id, use] of Object.entries(uses)) new TerraformOutput(harness.scope, id, { value: harness.tables.bindingFor("api", use) });
  const stack = harness.synth();
  /** The binding for one of `uses`, its tokens resolved to Terraform references as they will be written. */
  const bindingFor = (id: keyof typeof uses) => stack.json.output[id].value;
  const orders = { name: tableAt(stack, "orders").ref("name"), arn: tableAt(stack, "orders").ref("arn") };
  const customers = { name: tableAt(stack, "customers").ref("name"), arn: tableAt(stack, "customers").ref("arn") };
  const viaDynamoDb = { test: "StringEquals", variable: "kms:ViaService", values: ["dynamodb.eu-west-1.amazonaws.com"] };
  const tableNamed = (...names: string[]) => ({ test: "StringEquals", variable: "kms:EncryptionContext:aws:dynamodb:tableName", values: names });

  it("GIVEN a service that reads orders, THEN it gets the table's name and read actions on the table and its indexes, and decrypt through DynamoDB for that table", () => {
    expect(bindingFor("reads")).toEqual({
      environment: { TABLE_ORDERS_NAME: orders.name },
      taskRoleStatements: [
        {
          sid: "ReadTables",
          actions: ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"],
          resources: [orders.arn, `${orders.arn}/index/*`],
        },
        { sid: "UseKeyOfReadTables", actions: ["kms:Decrypt"], resources: [KEY_ARN], conditions: [viaDynamoDb, tableNamed("acme-test-orders")] },
      ],
    });
  });

  it("GIVEN a service that writes orders and reads customers, THEN each table gets exactly its mode, and writers may also encrypt", () => {
    expect(bindingFor("mixed")).toEqual({
      environment: { TABLE_CUSTOMERS_NAME: customers.name, TABLE_ORDERS_NAME: orders.name },
      taskRoleStatements: [
        expect.objectContaining({ sid: "ReadTables", resources: [customers.arn, `${customers.arn}/index/*`] }),
        { sid: "UseKeyOfReadTables", actions: ["kms:Decrypt"], resources: [KEY_ARN], conditions: [viaDynamoDb, tableNamed("acme-test-customers")] },
        {
          sid: "ReadWriteTables",
          actions: [
            "dynamodb:BatchGetItem",
            "dynamodb:BatchWriteItem",
            "dynamodb:ConditionCheckItem",
            "dynamodb:DeleteItem",
            "dynamodb:DescribeTable",
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:Query",
            "dynamodb:Scan",
            "dynamodb:UpdateItem",
          ],
          resources: [orders.arn, `${orders.arn}/index/*`],
        },
        {
          sid: "UseKeyOfReadWriteTables",
          actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
          resources: [KEY_ARN],
          conditions: [viaDynamoDb, tableNamed("acme-test-orders")],
        },
      ],
    });
  });

  it("GIVEN a service that uses no table, THEN it gets nothing", () => {
    expect(bindingFor("none")).toEqual({ environment: {}, taskRoleStatements: [] });
  });

  it("GIVEN the statements in a policy document, THEN they name the tables' ARNs and their indexes in Terraform", () => {
    policyDocument(harness.scope, "binding-document", harness.tables.bindingFor("api", { orders: "read" }).taskRoleStatements!);
    const [tableStatement]: Json[] = Object.values(dataSourceAt(harness.synth(), "aws_iam_policy_document", "binding-document").resource.statement);
    expect(tableStatement.resources).toEqual([orders.arn, `${orders.arn}/index/*`]);
  });
});

describe("table variables", () => {
  it("WHEN a service uses tables THEN it receives TABLE_<NAME>_NAME for each, '-' written as '_'", () => {
    expect(TABLE_VARIABLE("order-items")).toBe("TABLE_ORDER_ITEMS_NAME");
    expect(tableVariables({ orders: "read", "order-items": "read-write" })).toEqual(["TABLE_ORDER_ITEMS_NAME", "TABLE_ORDERS_NAME"]);
  });
});

/** An environment-shaped schema: the tables section and one service's uses, related as the platform relates them. */
const environmentLike = strict({
  tables: tablesSchema.optional(),
  uses: strict({ tables: tableUseSchema.default({}) }).prefault({}),
}).superRefine((environment, context) =>
  checkTableUses(environment.uses.tables as TableUse, environment.tables, new Problems(context).nested(["uses", "tables"])),
);

/** The problem lines of parsing `input`, as the platform prints them. */
function problemsOf(input: unknown): string[] {
  const result = environmentLike.safeParse(input);
  return result.success ? [] : formatIssues('environment "test"', input, result.error.issues);
}

describe("GIVEN the tables schema", () => {
  it("WHEN a table gives only its key and protection THEN it is on demand, with point-in-time recovery and no index", () => {
    expect(tableSchema.parse(MINIMAL_TABLE)).toEqual({
      ...MINIMAL_TABLE,
      globalSecondaryIndexes: [],
      billingMode: "PAY_PER_REQUEST",
      pointInTimeRecovery: true,
    });
    expect(tableSchema.parse(ORDERS).globalSecondaryIndexes[0].projection).toBe("ALL");
  });

  it("WHEN deletionProtection is left out THEN it is required (the lead's tier supplies it)", () => {
    expect(problemsOf({ tables: { orders: { partitionKey: { name: "id", type: "S" } } } })).toEqual([
      'environment "test": tables.orders.deletionProtection is not set; expected true or false',
    ]);
  });

  it("WHEN a service uses a table the environment does not have THEN the line names the ones it has", () => {
    expect(problemsOf({ tables: { orders: MINIMAL_TABLE, customers: MINIMAL_TABLE }, uses: { tables: { ordres: "read" } } })).toEqual([
      'environment "test": uses.tables.ordres is "ordres"; expected a table of this environment: orders, customers',
    ]);
  });

  it("WHEN a service uses a table and the environment has none THEN the line says none are configured", () => {
    expect(problemsOf({ uses: { tables: { orders: "read" } } })).toEqual([
      'environment "test": uses.tables.orders is "orders"; expected a table of this environment: none configured',
    ]);
  });

  it("WHEN a service asks for a mode other than read or read-write THEN it is refused", () => {
    expect(problemsOf({ tables: { orders: MINIMAL_TABLE }, uses: { tables: { orders: "write" } } })).toEqual([
      'environment "test": uses.tables.orders is "write"; expected one of read, read-write',
    ]);
  });

  it("WHEN an index declares a key attribute with another type than the table's THEN that type is refused, naming the first", () => {
    const table = { ...ORDERS, globalSecondaryIndexes: [{ name: "by-date", partitionKey: { name: "orderedAt", type: "S" } }] };
    expect(problemsOf({ tables: { orders: table } })).toEqual([
      'environment "test": tables.orders.globalSecondaryIndexes[0].partitionKey.type is "S"; expected "N", the type orderedAt has at sortKey: an attribute has one type in a table and its indexes',
    ]);
  });

  it("WHEN a PROVISIONED table has no capacity THEN both capacities are asked for", () => {
    expect(problemsOf({ tables: { orders: { ...MINIMAL_TABLE, billingMode: "PROVISIONED" } } })).toEqual([
      'environment "test": tables.orders.readCapacity is not set; expected a whole number of capacity units: PROVISIONED tables need read and write capacity',
      'environment "test": tables.orders.writeCapacity is not set; expected a whole number of capacity units: PROVISIONED tables need read and write capacity',
    ]);
  });

  it("WHEN an on-demand table sets a capacity THEN it is refused rather than ignored", () => {
    expect(problemsOf({ tables: { orders: { ...MINIMAL_TABLE, readCapacity: 5 } } })).toEqual([
      'environment "test": tables.orders.readCapacity is 5; expected no capacity with billingMode PAY_PER_REQUEST (capacity follows demand); set billingMode PROVISIONED to provision it',
    ]);
  });

  it("WHEN two indexes share a name THEN the second is refused", () => {
    const index = { name: "by-status", partitionKey: { name: "status", type: "S" } };
    expect(problemsOf({ tables: { orders: { ...MINIMAL_TABLE, globalSecondaryIndexes: [index, index] } } })).toEqual([
      'environment "test": tables.orders.globalSecondaryIndexes[1].name is "by-status"; expected an index name used once in the table',
    ]);
  });

  it("WHEN a sort key is the partition key's attribute THEN it is refused", () => {
    expect(problemsOf({ tables: { orders: { ...MINIMAL_TABLE, sortKey: { name: "id", type: "S" } } } })).toEqual([
      'environment "test": tables.orders.sortKey.name is "id"; expected an attribute other than the partition key (id)',
    ]);
  });

  it("WHEN a table name has capitals THEN the key is refused", () => {
    expect(problemsOf({ tables: { Orders: MINIMAL_TABLE } })).toEqual([
      'environment "test": tables has the key "Orders"; expected 3-40 characters of a-z, 0-9 and \'-\'',
    ]);
  });
});

describe("GIVEN a table with a global secondary index, on AWS provider 6.25", () => {
  it("WHEN the policy pack judges the stack THEN PLAT-APPLY-11 refuses it in every tier (the index's warm_throughput shows a change on every plan, provider #44692); a table without one passes", () => {
    const verdict = (input: TableInput, tier: "development" | "production") => {
      const { scope } = tablesOnFreshStack({ orders: input });
      return new PolicyPack(scope, { tier, rules: POLICY_RULES, locator: CONFIG_LOCATOR }).evaluate().filter((result) => result.rule === "PLAT-APPLY-11").map((result) => result.status);
    };
    expect(verdict(ORDERS, "development")).toEqual(["fail"]);
    expect(verdict(ORDERS, "production")).toEqual(["fail"]);
    expect(verdict(MINIMAL_TABLE, "production")).toEqual(["pass"]);
  });
});
