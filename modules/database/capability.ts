/** The database capability: its section, tier defaults, use by services, construction and resources. */
import { defineCapability, Placement, resources, switchedUse, TierTable } from "../core/capability";
import { AuroraDatabase } from "./aurora-database";
import { PostgresDatabase } from "./postgres-database";
import { checkDatabaseRegion, DATABASE_VARIABLES, DatabaseConfig, DatabaseInput, databaseSchema, databaseUseSchema } from "./schema";
import { SECURITY_GROUP_RESOURCES } from "../core/connect";
import { counted } from "../core/picture";
import { RDS_RULES } from "./rules";

/** Production survives an AZ, keeps two weeks of backups and a final snapshot; development is one cheap instance. */
const DATABASE_TIERS = {
  development: {
    multiAz: false,
    backupRetentionPeriod: 1,
    deletionProtection: false,
    skipFinalSnapshot: true,
    performanceInsightsEnabled: false,
    monitoringInterval: 0,
    logRetentionInDays: 30,
    // Secrets go at once, so a destroyed development environment can be created again the same day.
    secretRecoveryWindowInDays: 0,
    passwordRotationDays: 90,
  },
  staging: {
    multiAz: false,
    backupRetentionPeriod: 7,
    deletionProtection: true,
    skipFinalSnapshot: false,
    performanceInsightsEnabled: true,
    monitoringInterval: 60,
    logRetentionInDays: 90,
    secretRecoveryWindowInDays: 7,
    passwordRotationDays: 60,
  },
  production: {
    multiAz: true,
    backupRetentionPeriod: 14,
    deletionProtection: true,
    skipFinalSnapshot: false,
    performanceInsightsEnabled: true,
    monitoringInterval: 60,
    logRetentionInDays: 365,
    secretRecoveryWindowInDays: 30,
    // A password user's secret is rotated monthly in production, less often where less is at stake.
    passwordRotationDays: 30,
  },
} as const satisfies TierTable<DatabaseInput>;

/** RDS for PostgreSQL or Aurora PostgreSQL, as the config's engine says, in the database subnets. */
function buildDatabase(placement: Placement, database: DatabaseConfig): PostgresDatabase | AuroraDatabase {
  const where = {
    context: placement.context,
    storageKeyArn: database.kmsKeyArn ?? placement.keys.dataKeyArn,
    logsKeyArn: placement.keys.logsKeyArn,
    monitor: placement.monitor,
    vpcId: placement.network.vpcId,
    databaseSubnetGroupName: placement.network.databaseSubnetGroupName,
    // The master secret is under the environment's data key, not AWS's managed one.
    secretsKeyArn: placement.keys.dataKeyArn,
  };
  return database.engine === "aurora-postgres"
    ? new AuroraDatabase(placement.scope, "database", { ...database, ...where })
    : new PostgresDatabase(placement.scope, "database", { ...database, ...where });
}

/** The database's node in the diagram: engine and version, size, availability and readers. */
function databaseLabel(database: DatabaseConfig): string[] {
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

export const databaseCapability = defineCapability({
  key: "database",
  section: databaseSchema.optional(),
  summary: "PostgreSQL: RDS or Aurora. Default: none.",
  tierDefaults: DATABASE_TIERS,
  /** Receive the database's connection settings and credentials (PG* variables). Default: false. */
  // The credentials come from Secrets Manager (PGPASSWORD, DATABASE_SECRET_ARN).
  use: switchedUse(databaseUseSchema.default(false), "a database", DATABASE_VARIABLES, ["secretsmanager"]),
  checkRegion: checkDatabaseRegion,
  build: buildDatabase,
  alarmNames: { names: ["database"], prefixes: ["database-"] },
  // Its instances' and its users' setup and rotation logs.
  logRetentionFields: { "": "database.logRetentionInDays" },
  rules: RDS_RULES,
  ...resources(
    {
      priced: [
        "aws_cloudwatch_log_group",
        "aws_cloudwatch_metric_alarm",
        "aws_db_instance",
        "aws_db_instance_automated_backups_replication",
        "aws_rds_cluster",
        "aws_rds_cluster_instance",
        // A password user's generated secret.
        "aws_secretsmanager_secret",
        // A password user's rotation: its schedule and its workflow (Step Functions state transitions).
        "aws_scheduler_schedule",
        "aws_sfn_state_machine",
      ],
      free: [
        "aws_appautoscaling_policy",
        "aws_appautoscaling_target",
        "aws_db_parameter_group",
        // The users' setup task: a definition run on demand (its runs are priced as Fargate minutes by nobody yet).
        "aws_ecs_task_definition",
        "aws_iam_role",
        "aws_iam_role_policy",
        "aws_iam_role_policy_attachment",
        "aws_rds_cluster_parameter_group",
        "aws_scheduler_schedule_group",
        "aws_secretsmanager_secret_version",
        "random_id",
      ],
    },
    SECURITY_GROUP_RESOURCES,
  ),
  // The rotations' roles: the workflow's to Step Functions (CreateStateMachine), the schedule's to
  // EventBridge Scheduler (CreateSchedule).
  passesRolesTo: ["monitoring.rds.amazonaws.com", "rds.amazonaws.com", "scheduler.amazonaws.com", "states.amazonaws.com"],
  picture: { kind: "datastore", label: "PostgreSQL" },
  diagram: {
    node: "database",
    group: "database",
    shape: "cylinder",
    nodes: (database) => [{ name: "", label: databaseLabel(database) }],
    uses: (use) => (use ? [["", use.access]] : []),
  },
  settingKinds: {
    fields: {
      multiAz: "availability",
      readReplicas: "availability",
      readers: "availability",
      readerAutoscaling: "availability",
      instanceClass: "sizing",
      allocatedStorage: "sizing",
      maxAllocatedStorage: "sizing",
      serverless: "sizing",
      deletionProtection: "protection",
      skipFinalSnapshot: "protection",
      backupRetentionPeriod: "retention",
      logRetentionInDays: "retention",
    },
  },
});
