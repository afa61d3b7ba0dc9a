import { DatabaseInput } from "../modules/database/schema";
import { changed, Mutable, validationMessage } from "./support/synth";

type DatabaseChange = Partial<Mutable<DatabaseInput>> | Record<string, unknown>;

function withDatabase(change: DatabaseChange, environment = "dev") {
  return changed(environment, (config) => void Object.assign(config.database!, change));
}

/** The message for an environment whose database has `change` applied. */
function problemWith(change: DatabaseChange): string {
  return validationMessage(withDatabase(change));
}

/** The problem lines parsing finds with the change ("" when valid): checked without building the stack, which is slow. */
function problemsOf(change: DatabaseChange, environment = "dev"): string {
  return validationMessage(withDatabase(change, environment));
}

describe("database validation", () => {
  it.each(["dev", "staging", "prod"])("accepts the shipped %s database", (environment) => {
    expect(problemsOf({}, environment)).toBe("");
  });

  it.each(["13", "17.2", "latest"])("rejects the engine version %s, listing the majors on offer", (engineVersion) => {
    expect(problemWith({ engineVersion })).toContain(
      `environment "dev": database.engineVersion is "${engineVersion}"; expected a PostgreSQL major version: 14, 15, 16, 17, 18`,
    );
  });

  it.each(["db.t4g.24xlarge", "db.m7g.micro", "db.r6g.3xlarge", "m7g.large", "db.z9.large", "db.t4g.micro.extra", "db.t4g"])(
    "rejects the instance class %s",
    (instanceClass) => {
      expect(problemWith({ instanceClass })).toContain(
        `database.instanceClass is "${instanceClass}"; expected an RDS instance class such as db.t4g.micro`,
      );
    },
  );

  it.each(["db.t3.2xlarge", "db.m7g.large", "db.r8g.48xlarge", "db.x2g.16xlarge"])("accepts the instance class %s", (instanceClass) => {
    expect(problemsOf({ instanceClass })).toBe("");
  });

  it("explains the sizes of burstable and fixed-performance families", () => {
    expect(problemWith({ instanceClass: "db.m7g.micro" })).toContain(
      "burstable families (t3, t4g) in sizes micro, small, medium, large, xlarge, 2xlarge, the others in sizes large, xlarge, 2xlarge",
    );
  });

  it.each([19, 0, 20.5, 70000])("rejects %s GiB of allocated storage", (allocatedStorage) => {
    expect(problemWith({ allocatedStorage, maxAllocatedStorage: 100 })).toContain(
      `database.allocatedStorage is ${allocatedStorage}; expected a whole number of GiB from 20 to 65536 (the gp3 limits for PostgreSQL)`,
    );
  });

  it.each([
    ["below", 10],
    ["equal to", 20],
    ["less than 10% above", 21],
  ])("rejects a storage ceiling %s the allocated storage", (_, maxAllocatedStorage) => {
    expect(problemWith({ allocatedStorage: 20, maxAllocatedStorage })).toContain(
      `database.maxAllocatedStorage is ${maxAllocatedStorage}; expected a whole number of GiB at least 10% above allocatedStorage (20), so from 22, and at most 65536`,
    );
  });

  it("accepts a storage ceiling exactly 10% above the allocated storage, rounded up", () => {
    expect(problemsOf({ allocatedStorage: 25, maxAllocatedStorage: 28 })).toBe("");
    expect(problemWith({ allocatedStorage: 25, maxAllocatedStorage: 27 })).toContain("so from 28");
  });

  it("rejects a storage ceiling above the gp3 maximum", () => {
    expect(problemWith({ maxAllocatedStorage: 70000 })).toContain("database.maxAllocatedStorage is 70000");
  });

  it.each([-1, 36, 1.5])("rejects a backup retention of %s days", (backupRetentionPeriod) => {
    expect(problemWith({ backupRetentionPeriod })).toContain(
      `database.backupRetentionPeriod is ${backupRetentionPeriod}; expected a whole number of days from 0 to 35`,
    );
  });

  it("accepts a retention of 0 (no backups) and of 35 days", () => {
    expect(problemsOf({ backupRetentionPeriod: 0 })).toBe("");
    expect(problemsOf({ backupRetentionPeriod: 35 })).toBe("");
  });

  it("rejects read replicas of a source without automated backups", () => {
    expect(problemWith({ readReplicas: 1, backupRetentionPeriod: 0 })).toContain(
      "database.backupRetentionPeriod is 0; expected at least 1 day when readReplicas > 0: RDS needs automated backups on a replica's source",
    );
  });

  it.each([6, -1, 1.5])("rejects %s read replicas", (readReplicas) => {
    expect(problemWith({ readReplicas })).toContain(`database.readReplicas is ${readReplicas}; expected a whole number from 0 to 5`);
  });

  it.each(["3:00-04:00", "03:00", "24:00-00:30", "03:00-03:15", "03:00-03:00"])("rejects the backup window %s", (backupWindow) => {
    expect(problemWith({ backupWindow })).toContain(
      `database.backupWindow is "${backupWindow}"; expected a daily UTC window "hh:mm-hh:mm" of at least 30 minutes, such as 03:00-04:00`,
    );
  });

  it("accepts a backup window across midnight", () => {
    expect(problemsOf({ backupWindow: "23:45-00:15" })).toBe("");
  });

  it.each(["sunday:04:30-sunday:05:30", "sun:04:30-05:30", "Sun 04:30-Sun 05:30", "sun:04:30-sun:04:45"])(
    "rejects the maintenance window %s",
    (maintenanceWindow) => {
      expect(problemWith({ maintenanceWindow })).toContain(
        `database.maintenanceWindow is "${maintenanceWindow}"; expected a weekly UTC window "ddd:hh:mm-ddd:hh:mm" of at least 30 minutes`,
      );
    },
  );

  it.each([
    ["the same day", "03:00-04:00", "sun:03:30-sun:04:30"],
    ["another day", "03:00-04:00", "wed:02:00-wed:03:30"],
    ["midnight, across the week's end", "23:50-00:30", "sun:23:00-mon:00:10"],
  ])("rejects a maintenance window that overlaps the backup window on %s", (_, backupWindow, maintenanceWindow) => {
    expect(problemWith({ backupWindow, maintenanceWindow })).toContain(
      `database.maintenanceWindow is "${maintenanceWindow}"; expected a window that does not overlap the daily backupWindow (${backupWindow})`,
    );
  });

  it("accepts adjacent backup and maintenance windows", () => {
    expect(problemsOf({ backupWindow: "03:00-04:00", maintenanceWindow: "sat:04:00-sat:05:00" })).toBe("");
  });

  it.each([2, -1, 120])("rejects a monitoring interval of %s seconds", (monitoringInterval) => {
    expect(problemWith({ monitoringInterval })).toContain(
      `database.monitoringInterval is ${monitoringInterval}; expected one of 0, 1, 5, 10, 15, 30, 60 seconds (0 turns enhanced monitoring off)`,
    );
  });

  it.each(["1app", "my-db", "postgres", "template1", "a".repeat(64)])("rejects the database name %s", (databaseName) => {
    expect(problemWith({ databaseName })).toContain(`database.databaseName is "${databaseName}"; expected 1-63 characters`);
  });

  it.each(["admin", "rdsadmin", "pg_owner", "rds_owner", "db-admin", "9admin"])("rejects the master user name %s", (username) => {
    expect(problemWith({ username })).toContain(`database.username is "${username}"; expected 1-63 characters`);
  });

  it("accepts postgres as the master user name, as the RDS console suggests", () => {
    expect(problemsOf({ username: "postgres" })).toBe("");
  });

  it("rejects a KMS key outside the environment's region", () => {
    const kmsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
    expect(problemWith({ kmsKeyArn })).toContain(`database.kmsKeyArn is "${kmsKeyArn}"; expected a KMS key ARN in eu-west-1`);
  });

  it.each([-2, 1.5])("rejects a slow statement threshold of %s ms", (logMinDurationStatementMs) => {
    expect(problemWith({ logMinDurationStatementMs })).toContain(
      `database.logMinDurationStatementMs is ${logMinDurationStatementMs}; expected -1 (off) or a whole number of milliseconds`,
    );
  });

  it("reports every database problem at once", () => {
    const message = problemWith({ instanceClass: "db.m7g.micro", allocatedStorage: 10, monitoringInterval: 7 });
    expect(message).toContain("3 problem(s)");
    expect(message).toContain("database.instanceClass");
    expect(message).toContain("database.allocatedStorage");
    expect(message).toContain("database.monitoringInterval");
  });
});
