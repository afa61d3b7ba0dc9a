/** RDS for PostgreSQL, and what a service that uses it receives. */
import { regionCode } from "../core/identity";
import { recoveryWindowInDays } from "../secret/schema";
import { bool, listOf, logRetentionInDays, matching, oneOf, oneOfNumbers, Problems, renamedTo, strict, textWhere, whole, z } from "../core/schema";
import { MIN_WINDOW_MINUTES, overlapsDaily, parseBackupWindow, parseMaintenanceWindow, windowLength } from "../core/windows";

/** PostgreSQL major versions offered by RDS that this platform accepts. */
export const POSTGRES_MAJOR_VERSIONS = ["14", "15", "16", "17", "18"] as const;
export const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;
/** Instance families RDS for PostgreSQL offers, and the sizes each kind comes in. */
const BURSTABLE_FAMILIES = ["t3", "t4g"];
const BURSTABLE_SIZES = ["micro", "small", "medium", "large", "xlarge", "2xlarge"];
const FIXED_FAMILIES = [
  ...["m5", "m5d", "m6g", "m6gd", "m6i", "m6id", "m6in", "m6idn", "m7g", "m7gd", "m7i", "m8g", "m8gd"],
  ...["r5", "r5b", "r5d", "r6g", "r6gd", "r6i", "r6id", "r6in", "r6idn", "r7g", "r7gd", "r7i", "r8g", "r8gd", "x2g"],
];
const FIXED_SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge", "48xlarge"];
const IDENTIFIER_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
/** Databases every RDS for PostgreSQL instance already has. */
const RESERVED_DATABASE_NAMES = ["postgres", "rdsadmin", "template0", "template1"];
/** Roles RDS or PostgreSQL own; RDS refuses them as the master user ("postgres" is allowed). */
const RESERVED_USERNAMES = ["admin", "rdsadmin", "rdsrepladmin", "rdstopmgr", "public"];
const RESERVED_USERNAME_PREFIXES = ["pg_", "rds_"];
/** gp3 storage limits for PostgreSQL, GiB. */
export const GP3_STORAGE = { min: 20, max: 65536 } as const;
/** RDS wants the autoscaling ceiling at least 10% above the allocated storage. */
const MIN_AUTOSCALING_HEADROOM = 1.1;
const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;

/** Variables the platform sets for services that use the database; a service may not set them itself. */
export const DATABASE_VARIABLES = [
  "PGHOST",
  "PGHOST_READER",
  "PGPORT",
  "PGDATABASE",
  "PGSSLMODE",
  "PGUSER",
  "PGPASSWORD",
  "DATABASE_SECRET_ARN",
  "DATABASE_AUTHENTICATION",
] as const;

function isInstanceClass(instanceClass: string): boolean {
  const [prefix, family, size, ...rest] = instanceClass.split(".");
  if (prefix !== "db" || rest.length > 0) return false;
  if (BURSTABLE_FAMILIES.includes(family)) return BURSTABLE_SIZES.includes(size);
  return FIXED_FAMILIES.includes(family) && FIXED_SIZES.includes(size);
}

/** Thresholds of the database's alarms. */
export const databaseAlarmsSchema = strict({
  /** Average CPU, percent, over 5 minutes. Default: 90. */
  cpuPercent: whole(1, 100, "a whole percentage").default(90),
  /** Free storage below this share of the allocated storage pages. Default: 10. */
  freeStoragePercent: whole(1, 99, "a whole percentage").default(10),
  /** Freeable memory below this share of the class's memory, for 15 minutes. Default: 10. */
  freeableMemoryPercent: whole(1, 99, "a whole percentage").default(10),
  /** Connections above this share of the class's default max_connections. Default: 80. */
  connectionsPercent: whole(1, 100, "a whole percentage").default(80),
  /** 90th percentile read or write latency, seconds, over 5 minutes (AWS suggests 20 ms). Default: 0.02. */
  latencySeconds: z.number({ error: "seconds from 0.001 to 10" }).min(0.001).max(10).default(0.02),
  /** Replica lag, seconds, for 10 minutes. Default: 60. */
  replicaLagSeconds: whole(1, 86400, "a whole number of seconds").default(60),
  /** Burstable classes: CPU credit balance below this share of the most they hold. Default: 20. */
  cpuCreditsPercent: whole(1, 99, "a whole percentage").default(20),
});

const ENGINE_EXPECTED = '"rds-postgres" (one instance with a standby and replicas; the default) or "aurora-postgres" (a cluster)';
/** Aurora Serverless v2 capacity limits, in Aurora capacity units (about 2 GiB of memory each). */
export const SERVERLESS_CAPACITY = { min: 0, max: 256 } as const;
export const SERVERLESS_CLASS = "db.serverless";
/** Instance families Aurora PostgreSQL runs on (burstable classes only in medium and large). */
const AURORA_FAMILIES = ["r5", "r6g", "r6gd", "r6i", "r6id", "r7g", "r7gd", "r7i", "r8g", "x2g"];
const AURORA_BURSTABLE_SIZES = ["medium", "large"];

function isAuroraInstanceClass(instanceClass: string): boolean {
  if (instanceClass === SERVERLESS_CLASS) return true;
  const [, family, size] = instanceClass.split(".");
  if (!isInstanceClass(instanceClass)) return false;
  return BURSTABLE_FAMILIES.includes(family) ? AURORA_BURSTABLE_SIZES.includes(size) : AURORA_FAMILIES.includes(family);
}

/** What both engines share. */
const commonFields = {
  /**
   * Image of the database-users setup task: any image with psql 15 or later. Default: PostgreSQL's
   * alpine image of the engine's major from ECR Public; with network.natStrategy "endpoints" (no
   * internet) it must be a copy in the environment's ECR.
   */
  setupImage: z.string().min(1, { error: "a container image URI with psql 15 or later" }).optional(),
  /** PostgreSQL major version; minor versions upgrade automatically. Default: "17". */
  engineVersion: oneOf(
    POSTGRES_MAJOR_VERSIONS,
    `a PostgreSQL major version: ${POSTGRES_MAJOR_VERSIONS.join(", ")} (minor versions upgrade automatically)`,
  ).default("17"),
  /**
   * Let the next apply move to a new major version when `engineVersion` changes (RDS refuses it
   * otherwise). While true, every change to the database applies immediately rather than in the
   * maintenance window (a major upgrade must: terraform-provider-aws#19536); set it back to false
   * once upgraded. Default: false.
   */
  allowMajorVersionUpgrade: bool().default(false),
  /** Name of the database created. Default: "app". */
  databaseName: textWhere(
    (name) => IDENTIFIER_PATTERN.test(name) && !RESERVED_DATABASE_NAMES.includes(name.toLowerCase()),
    `1-63 characters of letters, digits and '_', starting with a letter, and not one of ${RESERVED_DATABASE_NAMES.join(", ")}`,
  ).default("app"),
  /** Master user name; its password is generated and kept by RDS in Secrets Manager. Default: "dbadmin". */
  username: textWhere(
    (name) =>
      IDENTIFIER_PATTERN.test(name) &&
      !RESERVED_USERNAMES.includes(name.toLowerCase()) &&
      !RESERVED_USERNAME_PREFIXES.some((prefix) => name.toLowerCase().startsWith(prefix)),
    `1-63 characters of letters, digits and '_', starting with a letter, not one of ${RESERVED_USERNAMES.join(", ")} ` +
      `and not starting with ${RESERVED_USERNAME_PREFIXES.join(" or ")}`,
  ).default("dbadmin"),
  /**
   * High availability across AZs: a standby (rds-postgres), or at least one reader in another AZ
   * (aurora-postgres). Default: per tier (see `platform/tiers.ts`).
   */
  multiAz: bool(),
  /** Days of automated backups, 0 to 35 (Aurora keeps at least 1). Default: per tier (see `platform/tiers.ts`). */
  backupRetentionPeriod: whole(0, 35, "a whole number of days"),
  /** Daily backup window (UTC), at least 30 minutes. Default: "03:00-04:00". */
  backupWindow: textWhere(
    (text) => windowLength(parseBackupWindow(text) ?? { start: 0, end: 0 }) >= MIN_WINDOW_MINUTES,
    `a daily UTC window "hh:mm-hh:mm" of at least ${MIN_WINDOW_MINUTES} minutes, such as 03:00-04:00`,
  ).default("03:00-04:00"),
  /** Weekly maintenance window (UTC), at least 30 minutes, apart from the backup window. Default: "sun:04:30-sun:05:30". */
  maintenanceWindow: textWhere(
    (text) => windowLength(parseMaintenanceWindow(text) ?? { start: 0, end: 0 }) >= MIN_WINDOW_MINUTES,
    `a weekly UTC window "ddd:hh:mm-ddd:hh:mm" of at least ${MIN_WINDOW_MINUTES} minutes, such as sun:04:30-sun:05:30`,
  ).default("sun:04:30-sun:05:30"),
  /** Protect the database from deletion. Default: per tier (see `platform/tiers.ts`). */
  deletionProtection: bool(),
  /** Skip the final snapshot when the database is destroyed. Default: per tier (see `platform/tiers.ts`). */
  skipFinalSnapshot: bool(),
  /** Performance Insights. Default: per tier (see `platform/tiers.ts`). */
  performanceInsightsEnabled: bool(),
  /** Enhanced monitoring interval in seconds (0 = off). Default: per tier (see `platform/tiers.ts`). */
  monitoringInterval: oneOfNumbers(
    MONITORING_INTERVALS,
    `one of ${MONITORING_INTERVALS.join(", ")} seconds (0 turns enhanced monitoring off)`,
  ),
  /** Days to keep the exported PostgreSQL logs. Default: per tier (see `platform/tiers.ts`). */
  logRetentionInDays: logRetentionInDays(),
  /** Customer KMS key ARN for storage and Performance Insights, in the environment's region. Default: the environment's data key (`core/encryption-keys.ts`). */
  kmsKeyArn: matching(KMS_KEY_ARN_PATTERN, "a KMS key ARN, arn:aws:kms:<region>:<account>:key/<id>").optional(),
  /** Alarm thresholds. Default: see each field. */
  alarms: databaseAlarmsSchema.prefault({}),
  /**
   * Days a deleted password user's secret can still be restored: 0 (deleted at once, so the
   * environment can be destroyed and created again) or 7 to 30. Default: per tier (see `platform/tiers.ts`).
   */
  secretRecoveryWindowInDays: recoveryWindowInDays(),
  /**
   * Days between rotations of each password user's secret (a Step Functions workflow writes a new
   * password, changes it in the database and restarts the service; see
   * `database/password-rotation.ts`), 1 to 365. Default: per tier (see `platform/tiers.ts`).
   */
  passwordRotationDays: whole(1, 365, "a whole number of days"),
  /** Statements slower than this many milliseconds are logged (-1 = off). Default: 1000. */
  logMinDurationStatementMs: whole(-1, 2147483647, "-1 (off) or a whole number of milliseconds").default(1000),
};

/** RDS for PostgreSQL: one instance, a standby with Multi-AZ, read replicas. The default engine. */
export const rdsPostgresSchema = strict({
  /** Which engine. Default: "rds-postgres". */
  engine: z.literal("rds-postgres", { error: ENGINE_EXPECTED }).default("rds-postgres"),
  ...commonFields,
  /** Instance class, e.g. "db.t4g.micro". No default. */
  instanceClass: textWhere(
    isInstanceClass,
    `an RDS instance class such as db.t4g.micro, db.m7g.large or db.r7g.xlarge: db.<family>.<size>, ` +
      `burstable families (${BURSTABLE_FAMILIES.join(", ")}) in sizes ${BURSTABLE_SIZES.join(", ")}, ` +
      `the others in sizes ${FIXED_SIZES.join(", ")}`,
  ),
  /** Initial gp3 storage in GiB. No default. */
  allocatedStorage: whole(GP3_STORAGE.min, GP3_STORAGE.max, "a whole number of GiB", "the gp3 limits for PostgreSQL"),
  /** Storage autoscaling ceiling in GiB, at least 10% above `allocatedStorage`. No default. */
  maxAllocatedStorage: whole(GP3_STORAGE.min, GP3_STORAGE.max, "a whole number of GiB"),
  /** Read replicas, 0 to 5; they follow the primary's Multi-AZ, and are never deletion-protected (lowering this deletes them). Default: 0. */
  readReplicas: whole(0, 5).default(0),
  /**
   * Replicate the automated backups to another region, to restore there if the environment's
   * region is lost. Costs the backup storage again in that region (about 0.095 USD per GB-month)
   * and cross-region transfer (about 0.02 USD per GB), plus a KMS key there (1 USD a month).
   * Default: none (off). (Aurora: use AWS Backup copies; RDS replicates instances only.)
   */
  crossRegionBackup: strict({
    /** The region the backups are copied to; not the environment's. No default. */
    region: regionCode,
    /** Days the copies are kept, 1 to 35. Default: 7. */
    retentionInDays: whole(1, 35, "a whole number of days").default(7),
    /** Renamed: `retentionInDays`. */
    retentionPeriod: renamedTo("retentionInDays"),
  }).optional(),
}).superRefine((database, context) => checkRdsPostgres(database, new Problems(context)));

/** Aurora PostgreSQL: a cluster of one writer and readers, provisioned or Serverless v2; storage grows by itself. */
export const auroraPostgresSchema = strict({
  /** Which engine. */
  engine: z.literal("aurora-postgres", { error: ENGINE_EXPECTED }),
  ...commonFields,
  /** Instance class of the writer and readers: a provisioned class such as db.r7g.large, or "db.serverless". No default. */
  instanceClass: textWhere(
    isAuroraInstanceClass,
    `"${SERVERLESS_CLASS}" or an Aurora PostgreSQL class: db.t3/db.t4g in medium or large, or db.<family>.<size> of ${AURORA_FAMILIES.join(", ")}`,
  ),
  /** Readers beside the writer, 0 to 15; with multiAz they spread over the AZs and one takes over if the writer fails. Default: 0. */
  readers: whole(0, 15).default(0),
  /** Serverless v2 capacity, required with instanceClass "db.serverless". Default: none. */
  serverless: strict({
    /** Fewest Aurora capacity units (0 lets an idle cluster pause). No default. */
    minCapacity: z.number({ error: `ACUs from ${SERVERLESS_CAPACITY.min} to ${SERVERLESS_CAPACITY.max} in steps of 0.5` }).min(SERVERLESS_CAPACITY.min).max(SERVERLESS_CAPACITY.max).multipleOf(0.5),
    /** Most Aurora capacity units. No default. */
    maxCapacity: z.number({ error: `ACUs from 1 to ${SERVERLESS_CAPACITY.max} in steps of 0.5` }).min(1).max(SERVERLESS_CAPACITY.max).multipleOf(0.5),
  }).optional(),
  /** Never set: backup replication is RDS's (`rds-postgres`); Aurora copies backups with AWS Backup. Default: none. */
  crossRegionBackup: z
    .never({ error: 'the field left out: crossRegionBackup replicates rds-postgres backups; an Aurora cluster copies them with AWS Backup, which the platform does not build yet' })
    .optional(),
  /** Scale the readers on their average CPU. Default: none (a fixed number of readers). */
  readerAutoscaling: strict({
    /** Fewest readers. No default. */
    minReaders: whole(1, 15),
    /** Most readers. No default. */
    maxReaders: whole(1, 15),
    /** Target average CPU of the readers, percent. Default: 70. */
    cpuTargetPercent: whole(10, 95, "a whole percentage").default(70),
  }).optional(),
}).superRefine((database, context) => checkAuroraPostgres(database, new Problems(context)));

const engines = z.discriminatedUnion("engine", [rdsPostgresSchema, auroraPostgresSchema], { error: ENGINE_EXPECTED });

/** A database section without an engine is RDS for PostgreSQL, so its problems are judged as one. */
function withDefaultEngine(input: unknown): unknown {
  const isSection = input !== null && typeof input === "object" && !Array.isArray(input);
  return isSection && !("engine" in input) ? { engine: "rds-postgres", ...input } : input;
}

/**
 * The database: `engine` picks RDS for PostgreSQL (the default) or Aurora PostgreSQL. (zod types a
 * preprocessed input as unknown; the cast keeps the union's input type for typed environment files.)
 */
export const databaseSchema = z.preprocess(withDefaultEngine, engines) as unknown as z.ZodType<z.output<typeof engines>, z.input<typeof engines>>;

/** What a service's database user may do: read and write the schema's tables, or only read them. */
export const DATABASE_ACCESS = ["read-write", "read-only"] as const;
/** How a service's user logs in: an IAM token its task role signs (the default), or a generated, rotating password. */
export const DATABASE_AUTHENTICATION = ["iam", "password"] as const;
const SQL_NAME = "1-63 characters of letters, digits and '_', starting with a letter";
const sqlName = () => matching(IDENTIFIER_PATTERN, SQL_NAME);

/** The long form of `uses.database`. */
export const databaseUseObjectSchema = strict({
  /** What the service's user may do. Default: "read-write". */
  access: oneOf(DATABASE_ACCESS, '"read-write" or "read-only"').default("read-write"),
  /**
   * "iam": the application signs a token with its task role (RDS IAM authentication). "password":
   * for clients that cannot sign tokens (PostgREST, some JDBC pools): a generated password in a
   * secret only this service reads. Default: "iam".
   */
  authentication: oneOf(DATABASE_AUTHENTICATION, '"iam" or "password" (for clients that cannot sign IAM tokens)').default("iam"),
  /** The schema the grants are on; created if missing. Default: "public". */
  schema: sqlName().default("public"),
  /** Further roles granted to the user, e.g. PostgREST's anonymous role. Default: none. */
  roles: listOf(
    textWhere((name) => IDENTIFIER_PATTERN.test(name) && !RESERVED_GRANTED_ROLES.some((reserved) => name.toLowerCase().startsWith(reserved)), `${SQL_NAME}, not rds_* or pg_* (the platform grants rds_iam itself)`),
  ).default([]),
});

/** Roles a service may not ask for: RDS's and PostgreSQL's own (rds_superuser, pg_write_all_data, ...). */
const RESERVED_GRANTED_ROLES = ["rds_", "pg_"];

/**
 * What a service says about the database in `uses`: false (the default), "read-write" or
 * "read-only", or the long form with `authentication`, `schema` and `roles`. `true` is kept as
 * "read-write", what it granted before (the master user then; the service's own user now).
 */
export const databaseUseSchema = z
  .union([bool(), oneOf(DATABASE_ACCESS), databaseUseObjectSchema], {
    error: 'false, "read-write", "read-only" or { access, authentication, schema, roles }',
  })
  .transform((use): DatabaseUse | false => {
    if (use === false) return false;
    if (use === true) return databaseUseObjectSchema.parse({});
    return typeof use === "string" ? databaseUseObjectSchema.parse({ access: use }) : use;
  });

/** The long form of a service's database use, as written. */
export type DatabaseUseInput = z.input<typeof databaseUseObjectSchema>;
/** A service's database use, every default filled in. */
export type DatabaseUse = z.output<typeof databaseUseObjectSchema>;

export type DatabaseInput = z.input<typeof databaseSchema>;
export type DatabaseConfig = z.output<typeof databaseSchema>;
export type RdsPostgresConfig = z.output<typeof rdsPostgresSchema>;
export type AuroraPostgresConfig = z.output<typeof auroraPostgresSchema>;
export type DatabaseAlarmsConfig = z.output<typeof databaseAlarmsSchema>;

/** Backup and maintenance windows must not overlap, on either engine. */
function checkWindows(database: { backupWindow: string; maintenanceWindow: string }, problems: Problems): void {
  const backup = parseBackupWindow(database.backupWindow);
  const maintenance = parseMaintenanceWindow(database.maintenanceWindow);
  if (backup && maintenance) {
    problems.check(
      !overlapsDaily(maintenance, backup),
      "maintenanceWindow",
      `a window that does not overlap the daily backupWindow (${database.backupWindow})`,
    );
  }
}

/** Rules that relate an RDS for PostgreSQL database's own fields. */
function checkRdsPostgres(database: RdsPostgresConfig, problems: Problems): void {
  const floor = Math.ceil(database.allocatedStorage * MIN_AUTOSCALING_HEADROOM);
  problems.check(
    database.maxAllocatedStorage >= floor,
    "maxAllocatedStorage",
    `a whole number of GiB at least 10% above allocatedStorage (${database.allocatedStorage}), ` +
      `so from ${floor}, and at most ${GP3_STORAGE.max}`,
  );
  checkWindows(database, problems);
  problems.check(
    !database.crossRegionBackup || database.backupRetentionPeriod >= 1,
    "backupRetentionPeriod",
    "at least 1 day with crossRegionBackup: only automated backups are replicated",
  );
  problems.check(
    database.readReplicas === 0 || database.backupRetentionPeriod >= 1,
    "backupRetentionPeriod",
    "at least 1 day when readReplicas > 0: RDS needs automated backups on a replica's source",
  );
}

/** Rules that relate an Aurora PostgreSQL cluster's own fields. */
function checkAuroraPostgres(database: AuroraPostgresConfig, problems: Problems): void {
  checkWindows(database, problems);
  problems.check(database.backupRetentionPeriod >= 1, "backupRetentionPeriod", "1 to 35 days: Aurora always keeps backups");
  const serverless = database.instanceClass === SERVERLESS_CLASS;
  problems.check(
    serverless === (database.serverless !== undefined),
    "serverless",
    serverless ? `minCapacity and maxCapacity, required with instanceClass "${SERVERLESS_CLASS}"` : `nothing unless instanceClass is "${SERVERLESS_CLASS}"`,
  );
  if (database.serverless) {
    problems.check(
      database.serverless.maxCapacity >= database.serverless.minCapacity,
      ["serverless", "maxCapacity"],
      `ACUs at least minCapacity (${database.serverless.minCapacity})`,
    );
  }
  problems.check(
    !database.multiAz || database.readers >= 1 || (database.readerAutoscaling?.minReaders ?? 0) >= 1,
    "readers",
    "at least 1 with multiAz: Aurora fails over to a reader in another AZ (or set multiAz: false)",
  );
  const scaling = database.readerAutoscaling;
  if (scaling) {
    problems.check(scaling.maxReaders >= scaling.minReaders, ["readerAutoscaling", "maxReaders"], `at least minReaders (${scaling.minReaders})`);
    problems.check(
      database.readers >= scaling.minReaders && database.readers <= scaling.maxReaders,
      "readers",
      `a count within readerAutoscaling's ${scaling.minReaders}..${scaling.maxReaders}`,
    );
  }
}

/** The customer key must live in the database's region (a cross-field rule with the environment's region). */
export function checkDatabaseRegion(database: DatabaseConfig, region: string, problems: Problems): void {
  if (database.kmsKeyArn !== undefined) {
    problems.check(KMS_KEY_ARN_PATTERN.exec(database.kmsKeyArn)?.[1] === region, "kmsKeyArn", `a KMS key ARN in ${region}`);
  }
  if (database.engine === "rds-postgres" && database.crossRegionBackup) {
    problems.check(database.crossRegionBackup.region !== region, ["crossRegionBackup", "region"], `a region other than the environment's (${region})`);
  }
}
