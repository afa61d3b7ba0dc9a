import { ProblemList } from "../../modules/lib/problem";
import { DatabaseConfig, POSTGRES_MAJOR_VERSIONS } from "../types";
import { isWhole } from "./cluster";

/** Defaults of the optional `DatabaseConfig` fields, shared by validation and the construct. */
export const DATABASE_DEFAULTS = {
  engineVersion: "17",
  databaseName: "app",
  username: "dbadmin",
  backupWindow: "03:00-04:00",
  maintenanceWindow: "sun:04:30-sun:05:30",
  readReplicas: 0,
  logMinDurationStatementMs: 1000,
} as const;

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
const TIME = "([01]\\d|2[0-3]):([0-5]\\d)";
const DAY = "(mon|tue|wed|thu|fri|sat|sun)";
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const BACKUP_WINDOW_PATTERN = new RegExp(`^${TIME}-${TIME}$`);
const MAINTENANCE_WINDOW_PATTERN = new RegExp(`^${DAY}:${TIME}-${DAY}:${TIME}$`);
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** RDS's shortest backup and maintenance windows. */
const MIN_WINDOW_MINUTES = 30;
const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];
/** gp3 storage limits for PostgreSQL, GiB. */
export const GP3_STORAGE = { min: 20, max: 65536 } as const;
/** RDS wants the autoscaling ceiling at least 10% above the allocated storage. */
const MIN_AUTOSCALING_HEADROOM = 1.1;

/** A recurring window as minute offsets in the week; `end` may pass the week's end. */
interface Window {
  readonly start: number;
  readonly end: number;
}

export function checkDatabase(database: DatabaseConfig, region: string, root: ProblemList): void {
  const problems = root.nested("database");
  const version = database.engineVersion ?? DATABASE_DEFAULTS.engineVersion;
  problems.check(
    (POSTGRES_MAJOR_VERSIONS as readonly string[]).includes(version),
    "engineVersion",
    version,
    `a PostgreSQL major version: ${POSTGRES_MAJOR_VERSIONS.join(", ")} (minor versions upgrade automatically)`,
  );
  problems.check(
    isInstanceClass(database.instanceClass),
    "instanceClass",
    database.instanceClass,
    `an RDS instance class such as db.t4g.micro, db.m7g.large or db.r7g.xlarge: db.<family>.<size>, ` +
      `burstable families (${BURSTABLE_FAMILIES.join(", ")}) in sizes ${BURSTABLE_SIZES.join(", ")}, ` +
      `the others in sizes ${FIXED_SIZES.join(", ")}`,
  );
  checkStorage(database, problems);
  checkDatabaseName(database.databaseName ?? DATABASE_DEFAULTS.databaseName, problems);
  checkUsername(database.username ?? DATABASE_DEFAULTS.username, problems);
  problems.check(
    isWhole(database.backupRetentionPeriod, 0, 35),
    "backupRetentionPeriod",
    database.backupRetentionPeriod,
    "a whole number of days from 0 to 35",
  );
  checkWindows(database, problems);
  problems.check(
    MONITORING_INTERVALS.includes(database.monitoringInterval),
    "monitoringInterval",
    database.monitoringInterval,
    `one of ${MONITORING_INTERVALS.join(", ")} seconds (0 turns enhanced monitoring off)`,
  );
  checkReplicas(database, problems);
  if (database.kmsKeyArn !== undefined) {
    problems.check(
      new RegExp(`^arn:aws[a-z-]*:kms:${region}:\\d{12}:key/[A-Za-z0-9-]+$`).test(database.kmsKeyArn),
      "kmsKeyArn",
      database.kmsKeyArn,
      `a KMS key ARN in ${region}`,
    );
  }
  const slowMs = database.logMinDurationStatementMs ?? DATABASE_DEFAULTS.logMinDurationStatementMs;
  problems.check(isWhole(slowMs, -1, 2147483647), "logMinDurationStatementMs", slowMs, "-1 (off) or a whole number of milliseconds");
}

function isInstanceClass(instanceClass: string): boolean {
  const [prefix, family, size, ...rest] = instanceClass.split(".");
  if (prefix !== "db" || rest.length > 0) return false;
  if (BURSTABLE_FAMILIES.includes(family)) return BURSTABLE_SIZES.includes(size);
  return FIXED_FAMILIES.includes(family) && FIXED_SIZES.includes(size);
}

function checkStorage(database: DatabaseConfig, problems: ProblemList): void {
  const allocatedValid = problems.check(
    isWhole(database.allocatedStorage, GP3_STORAGE.min, GP3_STORAGE.max),
    "allocatedStorage",
    database.allocatedStorage,
    `a whole number of GiB from ${GP3_STORAGE.min} (the gp3 minimum for PostgreSQL) to ${GP3_STORAGE.max}`,
  );
  const floor = allocatedValid ? Math.ceil(database.allocatedStorage * MIN_AUTOSCALING_HEADROOM) : GP3_STORAGE.min;
  problems.check(
    isWhole(database.maxAllocatedStorage, floor, GP3_STORAGE.max),
    "maxAllocatedStorage",
    database.maxAllocatedStorage,
    `a whole number of GiB at least 10% above allocatedStorage (${database.allocatedStorage}), ` +
      `so from ${floor}, and at most ${GP3_STORAGE.max}`,
  );
}

function checkDatabaseName(name: string, problems: ProblemList): void {
  problems.check(
    IDENTIFIER_PATTERN.test(name) && !RESERVED_DATABASE_NAMES.includes(name.toLowerCase()),
    "databaseName",
    name,
    `1-63 characters of letters, digits and '_', starting with a letter, and not one of ${RESERVED_DATABASE_NAMES.join(", ")}`,
  );
}

function checkUsername(name: string, problems: ProblemList): void {
  const lower = name.toLowerCase();
  problems.check(
    IDENTIFIER_PATTERN.test(name) &&
      !RESERVED_USERNAMES.includes(lower) &&
      !RESERVED_USERNAME_PREFIXES.some((prefix) => lower.startsWith(prefix)),
    "username",
    name,
    `1-63 characters of letters, digits and '_', starting with a letter, not one of ${RESERVED_USERNAMES.join(", ")} ` +
      `and not starting with ${RESERVED_USERNAME_PREFIXES.join(" or ")}`,
  );
}

function checkWindows(database: DatabaseConfig, problems: ProblemList): void {
  const backupWindow = database.backupWindow ?? DATABASE_DEFAULTS.backupWindow;
  const maintenanceWindow = database.maintenanceWindow ?? DATABASE_DEFAULTS.maintenanceWindow;
  const backup = parseBackupWindow(backupWindow);
  const maintenance = parseMaintenanceWindow(maintenanceWindow);
  const backupValid = problems.check(
    backup !== undefined && length(backup) >= MIN_WINDOW_MINUTES,
    "backupWindow",
    backupWindow,
    `a daily UTC window "hh:mm-hh:mm" of at least ${MIN_WINDOW_MINUTES} minutes, such as 03:00-04:00`,
  );
  const maintenanceValid = problems.check(
    maintenance !== undefined && length(maintenance) >= MIN_WINDOW_MINUTES,
    "maintenanceWindow",
    maintenanceWindow,
    `a weekly UTC window "ddd:hh:mm-ddd:hh:mm" of at least ${MIN_WINDOW_MINUTES} minutes, such as sun:04:30-sun:05:30`,
  );
  if (!backupValid || !maintenanceValid || !backup || !maintenance) return;
  problems.check(
    !DAYS.some((_, day) => overlaps(maintenance, { start: backup.start + day * MINUTES_PER_DAY, end: backup.end + day * MINUTES_PER_DAY })),
    "maintenanceWindow",
    maintenanceWindow,
    `a window that does not overlap the daily backupWindow (${backupWindow})`,
  );
}

function checkReplicas(database: DatabaseConfig, problems: ProblemList): void {
  const replicas = database.readReplicas ?? DATABASE_DEFAULTS.readReplicas;
  if (!problems.check(isWhole(replicas, 0, 5), "readReplicas", replicas, "a whole number from 0 to 5") || replicas === 0) return;
  problems.check(
    database.backupRetentionPeriod >= 1,
    "backupRetentionPeriod",
    database.backupRetentionPeriod,
    "at least 1 day when readReplicas > 0: RDS needs automated backups on a replica's source",
  );
}

/** "hh:mm-hh:mm" as the window of the week's first day. */
function parseBackupWindow(text: string): Window | undefined {
  const match = BACKUP_WINDOW_PATTERN.exec(text);
  if (!match) return undefined;
  const [, startHour, startMinute, endHour, endMinute] = match.map(Number);
  return span(startHour * 60 + startMinute, endHour * 60 + endMinute, MINUTES_PER_DAY);
}

function parseMaintenanceWindow(text: string): Window | undefined {
  const match = MAINTENANCE_WINDOW_PATTERN.exec(text);
  if (!match) return undefined;
  const [, startDay, startHour, startMinute, endDay, endHour, endMinute] = match;
  const minuteOfWeek = (day: string, hour: string, minute: string) =>
    DAYS.indexOf(day) * MINUTES_PER_DAY + Number(hour) * 60 + Number(minute);
  return span(minuteOfWeek(startDay, startHour, startMinute), minuteOfWeek(endDay, endHour, endMinute), MINUTES_PER_WEEK);
}

/** A window from `start` to `end`, wrapping past the end of a `period`-minute cycle. */
function span(start: number, end: number, period: number): Window {
  return { start, end: end >= start ? end : end + period };
}

function length(window: Window): number {
  return window.end - window.start;
}

/** Whether two windows of a weekly cycle share a minute. */
function overlaps(a: Window, b: Window): boolean {
  return [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK].some((shift) => a.start < b.end + shift && b.start + shift < a.end);
}
