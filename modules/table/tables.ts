import { DynamodbTable, DynamodbTableGlobalSecondaryIndex } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { Bindable, ServiceBinding } from "../core/binding";
import { PolicyStatement } from "../core/iam";
import { Monitor } from "../monitoring/alarm";
import { watchTable } from "./table-alarms";
import { keysOf, KeyConfig, TABLE_VARIABLE, TableAccess, TableConfig, TablesConfig, TableUse } from "./schema";

export interface TablesProps {
  readonly context: AwsContext;
  /** The environment's data key: encrypts every table, its indexes, stream and backups. No default. */
  readonly keyArn: string;
  /** Where the tables' alarms and dashboard tiles go. No default. */
  readonly monitor: Monitor;
  /** The parsed `tables` section. No default. */
  readonly tables: TablesConfig;
}

interface Grant {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly keySid: string;
  readonly keyActions: readonly string[];
}

const READ_ACTIONS = ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"];
const WRITE_ACTIONS = ["dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"];

/** What each kind of use may do: on the table, and with its key through DynamoDB. */
const ACCESS: Readonly<Record<TableAccess, Grant>> = {
  read: { sid: "ReadTables", actions: READ_ACTIONS, keySid: "UseKeyOfReadTables", keyActions: ["kms:Decrypt"] },
  "read-write": {
    sid: "ReadWriteTables",
    actions: [...READ_ACTIONS, ...WRITE_ACTIONS].sort(),
    keySid: "UseKeyOfReadWriteTables",
    keyActions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
  },
};

/**
 * The environment's DynamoDB tables, `<project>-<env>-<name>`: keys and indexes as configured,
 * on-demand unless provisioned, encrypted with the environment's data key, point-in-time recovery
 * and deletion protection as parsed, alarms on throttling and server errors. A service that uses a
 * table gets its name in TABLE_<NAME>_NAME and exactly the access it asked for (see `bindingFor`).
 */
export class Tables extends Construct implements Bindable<TableUse> {
  /** The tables by their configured name. */
  readonly tables: ReadonlyMap<string, DynamodbTable>;
  private readonly props: TablesProps;

  constructor(scope: Construct, id: string, props: TablesProps) {
    super(scope, id);
    this.props = props;
    this.tables = new Map(Object.entries(props.tables).map(([name, config]) => [name, this.createTable(name, config)]));
  }

  /**
   * TABLE_<NAME>_NAME for each table, and task-role statements granting each kind of use on its
   * tables and their indexes, with the key they are encrypted with.
   *
   * The key statements are needed. The DynamoDB Developer Guide ("Encryption at rest: how it
   * works") says DynamoDB decrypts a table's key through KMS on first access and again after five
   * minutes without one, a call that "will capture any changes made to the access policies of the
   * KMS key", and that it uses a KMS key "on behalf of the user who is accessing the DynamoDB
   * resource" (which is why the AWS managed aws/dynamodb key lets every principal of the account
   * use it through DynamoDB). A customer managed key's policy must grant that itself; the data
   * key's leaves use to IAM, so the caller's role needs it, as AWS CDK's Table.grant* methods
   * also add (kms:Decrypt for readers; kms:Encrypt and kms:GenerateDataKey* too for writers).
   * The statements hold only when DynamoDB in this region calls KMS (kms:ViaService) for one of
   * these tables (DynamoDB's encryption context names the table), so the role cannot decrypt
   * anything else under the environment's data key.
   */
  bindingFor(_serviceName: string, use: TableUse): ServiceBinding {
    const names = Object.keys(use).sort();
    return {
      environment: Object.fromEntries(names.map((name) => [TABLE_VARIABLE(name), this.table(name).name])),
      taskRoleStatements: (Object.keys(ACCESS) as TableAccess[]).flatMap((access) =>
        this.statementsFor(access, names.filter((name) => use[name] === access)),
      ),
    };
  }

  private statementsFor(access: TableAccess, names: readonly string[]): PolicyStatement[] {
    if (names.length === 0) return [];
    const { sid, actions, keySid, keyActions } = ACCESS[access];
    const arns = names.map((name) => this.table(name).arn);
    return [
      { sid, actions, resources: arns.flatMap((arn) => [arn, `${arn}/index/*`]) },
      {
        sid: keySid,
        actions: keyActions,
        resources: [this.props.keyArn],
        conditions: [
          { test: "StringEquals", variable: "kms:ViaService", values: [`dynamodb.${this.props.context.region}.amazonaws.com`] },
          { test: "StringEquals", variable: "kms:EncryptionContext:aws:dynamodb:tableName", values: names.map((name) => this.tableName(name)) },
        ],
      },
    ];
  }

  private createTable(name: string, config: TableConfig): DynamodbTable {
    const scope = new Construct(this, name);
    const tableName = this.tableName(name);
    const table = new DynamodbTable(scope, "table", {
      name: tableName,
      billingMode: config.billingMode,
      readCapacity: config.readCapacity,
      writeCapacity: config.writeCapacity,
      hashKey: config.partitionKey.name,
      rangeKey: config.sortKey?.name,
      attribute: keyAttributes(config),
      // With AWS provider 6.25 an index shows a warm_throughput change on every plan (provider
      // #44692): PLAT-APPLY-11 refuses indexes until the provider has the fix.
      globalSecondaryIndex: config.globalSecondaryIndexes.map((index): DynamodbTableGlobalSecondaryIndex => ({
        name: index.name,
        hashKey: index.partitionKey.name,
        rangeKey: index.sortKey?.name,
        projectionType: index.projection,
        readCapacity: config.readCapacity,
        writeCapacity: config.writeCapacity,
      })),
      serverSideEncryption: { enabled: true, kmsKeyArn: this.props.keyArn },
      pointInTimeRecovery: { enabled: config.pointInTimeRecovery },
      deletionProtectionEnabled: config.deletionProtection,
      ttl: config.ttlAttribute ? { enabled: true, attributeName: config.ttlAttribute } : undefined,
      streamEnabled: config.streamViewType ? true : undefined,
      streamViewType: config.streamViewType,
    });
    watchTable(this.props.monitor, { scope, resource: `table-${name}`, tableName, config });
    return table;
  }

  private tableName(name: string): string {
    return `${this.props.context.namePrefix}-${name}`;
  }

  private table(name: string): DynamodbTable {
    const table = this.tables.get(name);
    if (!table) throw new Error(`no table ${name}: was the config parsed?`);
    return table;
  }
}

/** Each key attribute once, in the order first written (the schema ensures one type per attribute). */
function keyAttributes(config: TableConfig): KeyConfig[] {
  const attributes = new Map<string, KeyConfig>();
  for (const { key } of keysOf(config)) if (!attributes.has(key.name)) attributes.set(key.name, { name: key.name, type: key.type });
  return [...attributes.values()];
}
