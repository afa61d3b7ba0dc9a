import { ProblemList } from "../../modules/lib/problem";
import { DatabaseConfig, POSTGRES_MAJOR_VERSIONS } from "../types";
import { isWhole } from "./cluster";

/** Instance families RDS for PostgreSQL offers (burstable, general purpose, memory optimised). */
const INSTANCE_CLASS_PATTERN =
  /^db\.(?:t3|t4g|m5|m5d|m6g|m6gd|m6i|m6id|m6in|m6idn|m7g|m7gd|m7i|m8g|m8gd|r5|r5b|r5d|r6g|r6gd|r6i|r6id|r6in|r6idn|r7g|r7gd|r7i|r8g|r8gd|x2g)\.(?:micro|small|medium|large|xlarge|(?:[2-9]|1\d|2[0-4]|32|48)xlarge)$/;
const IDENTIFIER_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const RESERVED_NAMES = ["postgres", "rdsadmin", "rds_superuser", "rdsrepladmin", "template0", "template1", "public"];
const TIME = "(?:[01]\\d|2[0-3]):[0-5]\\d";
const DAY = "(?:mon|tue|wed|thu|fri|sat|sun)";
const BACKUP_WINDOW_PATTERN = new RegExp(`^${TIME}-${TIME}$`);
const MAINTENANCE_WINDOW_PATTERN = new RegExp(`^${DAY}:${TIME}-${DAY}:${TIME}$`);
const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];
/** gp3 storage limits for PostgreSQL, GiB. */
export const GP3_STORAGE = { min: 20, max: 65536 } as const;
export const DEFAULT_POSTGRES_VERSION = "17";

export function checkDatabase(database: DatabaseConfig, region: string, root: ProblemList): void {
  const problems = root.nested("database");
  const version = database.engineVersion ?? DEFAULT_POSTGRES_VERSION;
  problems.check(
    (POSTGRES_MAJOR_VERSIONS as readonly string[]).includes(version),
    "engineVersion",
    version,
    `a PostgreSQL major version: ${POSTGRES_MAJOR_VERSIONS.join(", ")} (minor versions upgrade automatically)`,
  );
  problems.check(
    INSTANCE_CLASS_PATTERN.test(database.instanceClass),
    "instanceClass",
    database.instanceClass,
    "an RDS instance class such as db.t4g.micro, db.m7g.large or db.r7g.xlarge",
  );
  checkStorage(database, problems);
  checkIdentifier(database.databaseName ?? "app", "databaseName", problems);
  checkIdentifier(database.username ?? "dbadmin", "username", problems);
  problems.check(
    isWhole(database.backupRetentionPeriod, 0, 35),
    "backupRetentionPeriod",
    database.backupRetentionPeriod,
    "a whole number of days from 0 to 35",
  );
  const backupWindow = database.backupWindow ?? "03:00-04:00";
  problems.check(BACKUP_WINDOW_PATTERN.test(backupWindow), "backupWindow", backupWindow, 'a UTC window "hh:mm-hh:mm"');
  const maintenanceWindow = database.maintenanceWindow ?? "sun:04:30-sun:05:30";
  problems.check(
    MAINTENANCE_WINDOW_PATTERN.test(maintenanceWindow),
    "maintenanceWindow",
    maintenanceWindow,
    'a UTC window "ddd:hh:mm-ddd:hh:mm" such as sun:04:30-sun:05:30',
  );
  problems.check(
    MONITORING_INTERVALS.includes(database.monitoringInterval),
    "monitoringInterval",
    database.monitoringInterval,
    `one of ${MONITORING_INTERVALS.join(", ")} seconds (0 turns enhanced monitoring off)`,
  );
  const replicas = database.readReplicas ?? 0;
  if (problems.check(isWhole(replicas, 0, 5), "readReplicas", replicas, "a whole number from 0 to 5") && replicas > 0) {
    problems.check(
      database.backupRetentionPeriod >= 1,
      "backupRetentionPeriod",
      database.backupRetentionPeriod,
      "at least 1 day when readReplicas > 0: RDS needs automated backups on a replica's source",
    );
  }
  if (database.kmsKeyArn !== undefined) {
    problems.check(
      new RegExp(`^arn:aws[a-z-]*:kms:${region}:\\d{12}:key/[A-Za-z0-9-]+$`).test(database.kmsKeyArn),
      "kmsKeyArn",
      database.kmsKeyArn,
      `a KMS key ARN in ${region}`,
    );
  }
  const slowMs = database.logMinDurationStatementMs ?? 1000;
  problems.check(isWhole(slowMs, -1, 2147483647), "logMinDurationStatementMs", slowMs, "-1 (off) or a whole number of milliseconds");
}

function checkStorage(database: DatabaseConfig, problems: ProblemList): void {
  const allocatedValid = problems.check(
    isWhole(database.allocatedStorage, GP3_STORAGE.min, GP3_STORAGE.max),
    "allocatedStorage",
    database.allocatedStorage,
    `a whole number of GiB from ${GP3_STORAGE.min} (the gp3 minimum for PostgreSQL) to ${GP3_STORAGE.max}`,
  );
  problems.check(
    isWhole(database.maxAllocatedStorage, allocatedValid ? database.allocatedStorage + 1 : GP3_STORAGE.min, GP3_STORAGE.max),
    "maxAllocatedStorage",
    database.maxAllocatedStorage,
    `a whole number of GiB above allocatedStorage (${database.allocatedStorage}) and at most ${GP3_STORAGE.max}`,
  );
}

function checkIdentifier(name: string, field: string, problems: ProblemList): void {
  problems.check(
    IDENTIFIER_PATTERN.test(name) && !RESERVED_NAMES.includes(name.toLowerCase()),
    field,
    name,
    `1-63 characters of letters, digits and '_', starting with a letter, and not one of ${RESERVED_NAMES.join(", ")}`,
  );
}
