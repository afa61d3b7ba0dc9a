import { DatabaseInput } from "../modules/database/schema";
import { changed, MINIMAL_DATABASE, minimalEnvironment, Mutable, validationMessage } from "./support/config";

type DatabaseChange = Partial<Mutable<DatabaseInput>> | Record<string, unknown>;

/** The minimal environment, with the minimal database changed by `change` (which may hold values of any type). */
function withDatabase(change: DatabaseChange) {
  return changed(minimalEnvironment({ database: MINIMAL_DATABASE }), (config) => void Object.assign(config.database!, change));
}

/** The problems parsing finds with the changed database ("" when valid): checked without building the stack, which is slow. */
function problemsOf(change: DatabaseChange): string {
  return validationMessage(withDatabase(change));
}

/** A database section as production would have it: every protection on, a replica, monitoring and insights. */
const PRODUCTION_SHAPED: DatabaseChange = {
  instanceClass: "db.m7g.large",
  allocatedStorage: 100,
  maxAllocatedStorage: 1000,
  multiAz: true,
  backupRetentionPeriod: 14,
  deletionProtection: true,
  skipFinalSnapshot: false,
  performanceInsightsEnabled: true,
  monitoringInterval: 60,
  readReplicas: 1,
};

/** Every optional field of the database set to a valid value other than its default. */
const EVERY_OPTION: DatabaseChange = {
  engineVersion: "18",
  allowMajorVersionUpgrade: true,
  databaseName: "orders",
  username: "app_admin",
  backupWindow: "01:00-01:30",
  maintenanceWindow: "mon:02:00-mon:03:00",
  readReplicas: 5,
  kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
  logMinDurationStatementMs: 250,
};

describe("GIVEN an environment with a database", () => {
  it.each([
    ["the minimal database", {}],
    ["a production-shaped database", PRODUCTION_SHAPED],
    ["a database with every option set", EVERY_OPTION],
  ])("WHEN it is %s THEN validation accepts it", (_, change) => {
    expect(problemsOf(change)).toBe("");
  });

  describe("engine version", () => {
    it.each(["13", "17.2", "latest"])("WHEN engineVersion is %s THEN it is rejected, listing the majors on offer", (engineVersion) => {
      expect(problemsOf({ engineVersion })).toContain(
        `environment "test": database.engineVersion is "${engineVersion}"; expected a PostgreSQL major version: 14, 15, 16, 17, 18`,
      );
    });

    it.each(["14", "15", "16", "17", "18"])("WHEN engineVersion is %s THEN it is accepted", (engineVersion) => {
      expect(problemsOf({ engineVersion })).toBe("");
    });
  });

  describe("instance class", () => {
    it.each(["db.t4g.24xlarge", "db.m7g.micro", "db.r6g.3xlarge", "m7g.large", "db.z9.large", "db.t4g.micro.extra", "db.t4g"])(
      "WHEN instanceClass is %s THEN it is rejected",
      (instanceClass) => {
        expect(problemsOf({ instanceClass })).toContain(
          `database.instanceClass is "${instanceClass}"; expected an RDS instance class such as db.t4g.micro`,
        );
      },
    );

    it.each(["db.t3.2xlarge", "db.m7g.large", "db.r8g.48xlarge", "db.x2g.16xlarge"])("WHEN instanceClass is %s THEN it is accepted", (instanceClass) => {
      expect(problemsOf({ instanceClass })).toBe("");
    });

    it("WHEN a burstable size is given to a fixed-performance family THEN the message explains the sizes of both kinds", () => {
      expect(problemsOf({ instanceClass: "db.m7g.micro" })).toContain(
        "burstable families (t3, t4g) in sizes micro, small, medium, large, xlarge, 2xlarge, the others in sizes large, xlarge, 2xlarge",
      );
    });
  });

  describe("storage", () => {
    it.each([19, 0, 20.5, 70000])("WHEN allocatedStorage is %s GiB THEN it is rejected", (allocatedStorage) => {
      expect(problemsOf({ allocatedStorage, maxAllocatedStorage: 100 })).toContain(
        `database.allocatedStorage is ${allocatedStorage}; expected a whole number of GiB from 20 to 65536 (the gp3 limits for PostgreSQL)`,
      );
    });

    it.each([
      ["below", 10],
      ["equal to", 20],
      ["less than 10% above", 21],
    ])("WHEN the storage ceiling is %s the allocated storage THEN it is rejected", (_, maxAllocatedStorage) => {
      expect(problemsOf({ allocatedStorage: 20, maxAllocatedStorage })).toContain(
        `database.maxAllocatedStorage is ${maxAllocatedStorage}; expected a whole number of GiB at least 10% above allocatedStorage (20), so from 22, and at most 65536`,
      );
    });

    it("WHEN the storage ceiling is exactly 10% above the allocated storage, rounded up, THEN it is accepted, and one less is not", () => {
      expect(problemsOf({ allocatedStorage: 25, maxAllocatedStorage: 28 })).toBe("");
      expect(problemsOf({ allocatedStorage: 25, maxAllocatedStorage: 27 })).toContain("so from 28");
    });

    it("WHEN the storage ceiling is above the gp3 maximum THEN it is rejected", () => {
      expect(problemsOf({ maxAllocatedStorage: 70000 })).toContain("database.maxAllocatedStorage is 70000");
    });
  });

  describe("backups and replicas", () => {
    it.each([-1, 36, 1.5])("WHEN backups are kept %s days THEN it is rejected", (backupRetentionPeriod) => {
      expect(problemsOf({ backupRetentionPeriod })).toContain(
        `database.backupRetentionPeriod is ${backupRetentionPeriod}; expected a whole number of days from 0 to 35`,
      );
    });

    it.each([0, 35])("WHEN backups are kept %s days (0: no backups) THEN it is accepted", (backupRetentionPeriod) => {
      expect(problemsOf({ backupRetentionPeriod })).toBe("");
    });

    it("WHEN it has read replicas but no automated backups THEN it is rejected", () => {
      expect(problemsOf({ readReplicas: 1, backupRetentionPeriod: 0 })).toContain(
        "database.backupRetentionPeriod is 0; expected at least 1 day when readReplicas > 0: RDS needs automated backups on a replica's source",
      );
    });

    it.each([6, -1, 1.5])("WHEN it has %s read replicas THEN it is rejected", (readReplicas) => {
      expect(problemsOf({ readReplicas })).toContain(`database.readReplicas is ${readReplicas}; expected a whole number from 0 to 5`);
    });
  });

  describe("windows", () => {
    it.each(["3:00-04:00", "03:00", "24:00-00:30", "03:00-03:15", "03:00-03:00"])("WHEN the backup window is %s THEN it is rejected", (backupWindow) => {
      expect(problemsOf({ backupWindow })).toContain(
        `database.backupWindow is "${backupWindow}"; expected a daily UTC window "hh:mm-hh:mm" of at least 30 minutes, such as 03:00-04:00`,
      );
    });

    it("WHEN the backup window spans midnight THEN it is accepted", () => {
      expect(problemsOf({ backupWindow: "23:45-00:15" })).toBe("");
    });

    it.each(["sunday:04:30-sunday:05:30", "sun:04:30-05:30", "Sun 04:30-Sun 05:30", "sun:04:30-sun:04:45"])(
      "WHEN the maintenance window is %s THEN it is rejected",
      (maintenanceWindow) => {
        expect(problemsOf({ maintenanceWindow })).toContain(
          `database.maintenanceWindow is "${maintenanceWindow}"; expected a weekly UTC window "ddd:hh:mm-ddd:hh:mm" of at least 30 minutes`,
        );
      },
    );

    it.each([
      ["the same day", "03:00-04:00", "sun:03:30-sun:04:30"],
      ["another day", "03:00-04:00", "wed:02:00-wed:03:30"],
      ["midnight, across the week's end", "23:50-00:30", "sun:23:00-mon:00:10"],
    ])("WHEN the maintenance window overlaps the backup window on %s THEN it is rejected", (_, backupWindow, maintenanceWindow) => {
      expect(problemsOf({ backupWindow, maintenanceWindow })).toContain(
        `database.maintenanceWindow is "${maintenanceWindow}"; expected a window that does not overlap the daily backupWindow (${backupWindow})`,
      );
    });

    it("WHEN the maintenance window starts as the backup window ends THEN it is accepted", () => {
      expect(problemsOf({ backupWindow: "03:00-04:00", maintenanceWindow: "sat:04:00-sat:05:00" })).toBe("");
    });
  });

  describe("monitoring", () => {
    it.each([2, -1, 120])("WHEN the monitoring interval is %s seconds THEN it is rejected", (monitoringInterval) => {
      expect(problemsOf({ monitoringInterval })).toContain(
        `database.monitoringInterval is ${monitoringInterval}; expected one of 0, 1, 5, 10, 15, 30, 60 seconds (0 turns enhanced monitoring off)`,
      );
    });

    it.each([0, 1, 5, 10, 15, 30, 60])("WHEN the monitoring interval is %s seconds THEN it is accepted", (monitoringInterval) => {
      expect(problemsOf({ monitoringInterval })).toBe("");
    });

    it.each([-2, 1.5])("WHEN the slow statement threshold is %s ms THEN it is rejected", (logMinDurationStatementMs) => {
      expect(problemsOf({ logMinDurationStatementMs })).toContain(
        `database.logMinDurationStatementMs is ${logMinDurationStatementMs}; expected -1 (off) or a whole number of milliseconds`,
      );
    });
  });

  describe("names", () => {
    it.each(["1app", "my-db", "postgres", "template1", "a".repeat(64)])("WHEN the database name is %s THEN it is rejected", (databaseName) => {
      expect(problemsOf({ databaseName })).toContain(`database.databaseName is "${databaseName}"; expected 1-63 characters`);
    });

    it.each(["admin", "rdsadmin", "pg_owner", "rds_owner", "db-admin", "9admin"])("WHEN the master user name is %s THEN it is rejected", (username) => {
      expect(problemsOf({ username })).toContain(`database.username is "${username}"; expected 1-63 characters`);
    });

    it("WHEN the master user name is postgres, as the RDS console suggests, THEN it is accepted", () => {
      expect(problemsOf({ username: "postgres" })).toBe("");
    });
  });

  describe("encryption", () => {
    it("WHEN the KMS key is outside the environment's region THEN it is rejected", () => {
      const kmsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
      expect(problemsOf({ kmsKeyArn })).toContain(`database.kmsKeyArn is "${kmsKeyArn}"; expected a KMS key ARN in eu-west-1`);
    });

    it("WHEN the KMS key is in the environment's region THEN it is accepted", () => {
      expect(problemsOf({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d" })).toBe("");
    });
  });

  it("WHEN several fields are wrong THEN every database problem is reported at once", () => {
    const message = problemsOf({ instanceClass: "db.m7g.micro", allocatedStorage: 10, monitoringInterval: 7 });
    expect(message).toContain("3 problem(s)");
    expect(message).toContain("database.instanceClass");
    expect(message).toContain("database.allocatedStorage");
    expect(message).toContain("database.monitoringInterval");
  });
});
