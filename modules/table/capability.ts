/** The tables capability: its section, tier defaults, use by services, construction and resources. */
import { dataAtRest, defineCapability, namedUse, resources, TierTable, whenAny } from "../core/capability";
import { byName } from "../core/picture";
import { checkTableUses, TablesInput, tablesSchema, tableUseSchema, tableVariables } from "./schema";
import { Tables } from "./tables";
import { TABLE_RULES } from "./rules";

/** Every table of a production environment is protected from deletion; elsewhere a destroy may remove them. */
const TABLE_TIERS = {
  development: { "*": { deletionProtection: false } },
  staging: { "*": { deletionProtection: false } },
  production: { "*": { deletionProtection: true } },
} as const satisfies TierTable<TablesInput>;

export const tablesCapability = defineCapability({
  key: "tables",
  section: tablesSchema.default({}),
  summary: "DynamoDB tables, by name. Default: none.",
  tierDefaults: TABLE_TIERS,
  /** Tables this service reads or writes, by name: { reports: "read-write" }. Default: none. */
  use: namedUse(tableUseSchema.default({}), checkTableUses, tableVariables, [], ["dynamodb"]),
  build: (placement, tables) => whenAny(tables, () => new Tables(placement.scope, "tables", { ...dataAtRest(placement), tables })),
  alarmNames: { names: [], prefixes: ["table-"] },
  namedEntries: true,
  rules: TABLE_RULES,
  ...resources({ priced: ["aws_cloudwatch_metric_alarm", "aws_dynamodb_table"], free: [] }),
  picture: { kind: "datastore", label: "DynamoDB" },
  diagram: {
    node: "table",
    group: "regional",
    shape: "cylinder",
    nodes: (tables) =>
      byName(tables).map(([name, table]) => ({
        name,
        label: [`DynamoDB ${name}`, table.billingMode === "PROVISIONED" ? `${table.readCapacity ?? "?"} RCU / ${table.writeCapacity ?? "?"} WCU` : "on-demand"],
      })),
    uses: (use) => byName(use),
  },
  settingKinds: { entries: { pointInTimeRecovery: "protection", deletionProtection: "protection", readCapacity: "sizing", writeCapacity: "sizing" } },
});
