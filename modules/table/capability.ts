/** The tables capability: its section, tier defaults, use by services, construction and resources. */
import { defineCapability, TierTable } from "../core/capability";
import { checkTableUses, TablesInput, tablesSchema, tableUseSchema, tableVariables } from "./schema";
import { Tables } from "./tables";

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
  use: {
    /** Tables this service reads or writes, by name: { reports: "read-write" }. Default: none. */
    schema: tableUseSchema.default({}),
    used: (use) => Object.keys(use).length > 0,
    check: checkTableUses,
    variables: tableVariables,
  },
  build: (placement, tables) =>
    Object.keys(tables).length > 0
      ? new Tables(placement.scope, "tables", { context: placement.context, keyArn: placement.keys.dataKeyArn, monitor: placement.monitor, tables })
      : undefined,
  alarmNames: { names: [], prefixes: ["table-"] },
  resourceTypes: ["aws_cloudwatch_metric_alarm", "aws_dynamodb_table"],
  freeResourceTypes: [],
  picture: { kind: "datastore", label: "DynamoDB" },
});
