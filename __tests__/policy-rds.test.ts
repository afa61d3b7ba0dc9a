import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { TerraformStack } from "cdktf";
import { Tier, TIERS } from "../modules/core/tiers";
import { PolicyRule } from "../modules/core/policy-rule";
import { RDS_RULES } from "../modules/database/rules";
import { rdsBackupRetention } from "../modules/database/rules/backup-retention";
import { rdsDeletionProtection } from "../modules/database/rules/deletion-protection";
import { rdsIamAuthentication } from "../modules/database/rules/iam-authentication";
import { rdsMinorVersionUpgrade } from "../modules/database/rules/minor-version-upgrade";
import { rdsMultiAz } from "../modules/database/rules/multi-az";
import { rdsPerformanceInsightsEncryption } from "../modules/database/rules/performance-insights-encryption";
import { rdsPostgresLogs } from "../modules/database/rules/postgres-logs";
import { rdsNoPublicAccess } from "../modules/database/rules/public-access";
import { rdsStorageEncryption } from "../modules/database/rules/storage-encryption";
import { rdsTlsEnforced } from "../modules/database/rules/tls";
import { resultsOf, statusesOf } from "./support/policy";

type Build = (stack: TerraformStack) => void;
type InstanceSettings = Partial<ConstructorParameters<typeof DbInstance>[2]>;
type ClusterSettings = Partial<ConstructorParameters<typeof RdsCluster>[2]>;
type ClusterInstanceSettings = Partial<ConstructorParameters<typeof RdsClusterInstance>[2]>;

const AWS_MANAGED_KEY = "arn:aws:kms:eu-west-1:123456789012:alias/aws/rds";

function instance(stack: TerraformStack, id: string, settings: InstanceSettings = {}): DbInstance {
  return new DbInstance(stack, id, { instanceClass: "db.t4g.micro", engine: "postgres", allocatedStorage: 20, ...settings });
}

/** A same-region read replica of `source`: engine, storage and encryption come from the source. */
function replica(stack: TerraformStack, id: string, source: DbInstance, settings: InstanceSettings = {}): DbInstance {
  return new DbInstance(stack, id, { instanceClass: "db.t4g.micro", replicateSourceDb: source.identifier, ...settings });
}

function cluster(stack: TerraformStack, id: string, settings: ClusterSettings = {}): RdsCluster {
  return new RdsCluster(stack, id, { engine: "aurora-postgresql", masterUsername: "dbadmin", manageMasterUserPassword: true, ...settings });
}

function clusterInstance(stack: TerraformStack, id: string, of: RdsCluster, settings: ClusterInstanceSettings = {}): RdsClusterInstance {
  return new RdsClusterInstance(stack, id, { clusterIdentifier: of.id, instanceClass: "db.r7g.large", engine: "aurora-postgresql", ...settings });
}

function customerKey(stack: TerraformStack): string {
  return new KmsKey(stack, "key", { description: "database key" }).arn;
}

function parameterGroup(stack: TerraformStack, id: string, parameter: { name: string; value: string }[]): DbParameterGroup {
  return new DbParameterGroup(stack, id, { name: `${id}-postgres17`, family: "postgres17", parameter });
}

/** A database that holds one replica, for rules that skip or include replicas. */
function withReplica(primary: InstanceSettings, copy: InstanceSettings = {}): Build {
  return (stack) => replica(stack, "replica", instance(stack, "db", primary), copy);
}

/** The statuses of `rule` over the stack `build` makes, in every tier. */
function byTier(rule: PolicyRule, build: Build): Record<Tier, string[]> {
  return Object.fromEntries(TIERS.map((tier) => [tier, statusesOf(rule, tier, build)])) as Record<Tier, string[]>;
}

function reasonOf(rule: PolicyRule, tier: Tier, build: Build): string | undefined {
  return resultsOf(rule, tier, build)[0].reason;
}

describe("RDS_RULES", () => {
  it("GIVEN the RDS rules THEN they are PLAT-RDS-1 to PLAT-RDS-10, in id order, each with its rationale and controls", () => {
    expect(RDS_RULES.map((rule) => rule.id)).toEqual(Array.from({ length: 10 }, (_, index) => `PLAT-RDS-${index + 1}`));
    for (const rule of RDS_RULES) {
      expect(rule.rationale).not.toBe("");
      expect(Object.keys(rule.controls).length).toBeGreaterThan(0);
      expect(rule.errorIn.filter((tier) => rule.warnIn.includes(tier))).toEqual([]);
    }
  });
});

describe("PLAT-RDS-1 storage encrypted with a customer managed key", () => {
  const unencrypted: Build = (stack) => instance(stack, "db");

  it("GIVEN an instance and a cluster encrypted with a customer key WHEN checked in production THEN both pass", () => {
    const build: Build = (stack) => {
      const key = customerKey(stack);
      instance(stack, "db", { storageEncrypted: true, kmsKeyId: key });
      cluster(stack, "aurora", { storageEncrypted: true, kmsKeyId: key });
    };
    expect(statusesOf(rdsStorageEncryption, "production", build)).toEqual(["pass", "pass"]);
  });

  it("GIVEN an unencrypted instance WHEN checked in production THEN it fails, naming both arguments and the config field", () => {
    expect(reasonOf(rdsStorageEncryption, "production", unencrypted)).toBe(
      "storage_encrypted is false and kms_key_id is not set; production databases must encrypt storage with a customer managed KMS key " +
        "(set database.kmsKeyArn to a customer managed key, or leave it unset for the environment's data key, or suppress PLAT-RDS-1 with a reason)",
    );
  });

  it("GIVEN storage encrypted with the AWS managed key WHEN checked THEN it fails on kms_key_id alone", () => {
    const build: Build = (stack) => cluster(stack, "aurora", { storageEncrypted: true, kmsKeyId: AWS_MANAGED_KEY });
    expect(reasonOf(rdsStorageEncryption, "production", build)).toMatch(/^kms_key_id is "arn:aws:kms:eu-west-1:123456789012:alias\/aws\/rds"; /);
  });

  it("GIVEN a replica of an encrypted primary, with no encryption arguments of its own WHEN checked THEN the replica passes", () => {
    const build: Build = (stack) => replica(stack, "replica", instance(stack, "db", { storageEncrypted: true, kmsKeyId: customerKey(stack) }));
    expect(statusesOf(rdsStorageEncryption, "production", build)).toEqual(["pass", "pass"]);
  });

  it("GIVEN an unencrypted instance THEN production fails, staging and development warn (should)", () => {
    expect(byTier(rdsStorageEncryption, unencrypted)).toEqual({ production: ["fail"], staging: ["warn"], development: ["warn"] });
    expect(reasonOf(rdsStorageEncryption, "staging", unencrypted)).toContain("staging databases should encrypt storage");
  });
});

describe("PLAT-RDS-2 Performance Insights encrypted with a customer managed key", () => {
  const withoutKey: Build = (stack) => instance(stack, "db", { performanceInsightsEnabled: true });

  it("GIVEN Performance Insights with a customer key, or off WHEN checked in production THEN both pass", () => {
    const build: Build = (stack) => {
      instance(stack, "db", { performanceInsightsEnabled: true, performanceInsightsKmsKeyId: customerKey(stack) });
      instance(stack, "off", { performanceInsightsEnabled: false });
    };
    expect(statusesOf(rdsPerformanceInsightsEncryption, "production", build)).toEqual(["pass", "pass"]);
  });

  it("GIVEN Performance Insights without a key on an instance and on a cluster instance WHEN checked THEN both fail", () => {
    const build: Build = (stack) => {
      withoutKey(stack);
      clusterInstance(stack, "reader", cluster(stack, "aurora"), { performanceInsightsEnabled: true });
    };
    expect(statusesOf(rdsPerformanceInsightsEncryption, "production", build)).toEqual(["fail", "fail"]);
    expect(reasonOf(rdsPerformanceInsightsEncryption, "production", withoutKey)).toBe(
      "performance_insights_enabled is true and performance_insights_kms_key_id is not set; " +
        "production databases must encrypt Performance Insights with a customer managed KMS key " +
        "(set database.kmsKeyArn to a customer managed key, which the platform also gives Performance Insights, " +
        "or database.performanceInsightsEnabled: false, or suppress PLAT-RDS-2 with a reason)",
    );
  });

  it("GIVEN Performance Insights without a key THEN production fails, staging warns, development is not checked", () => {
    expect(byTier(rdsPerformanceInsightsEncryption, withoutKey)).toEqual({ production: ["fail"], staging: ["warn"], development: [] });
  });
});

describe("PLAT-RDS-3 deletion protection", () => {
  it("GIVEN a protected database WHEN checked in production THEN it passes", () => {
    expect(statusesOf(rdsDeletionProtection, "production", (stack) => instance(stack, "db", { deletionProtection: true }))).toEqual(["pass"]);
  });

  it("GIVEN an unprotected database WHEN checked in production THEN it fails, saying how to fix it", () => {
    const [result] = resultsOf(rdsDeletionProtection, "production", (stack) => instance(stack, "db", { deletionProtection: false }));
    expect(result).toMatchObject({ status: "fail", path: "test/db", rule: "PLAT-RDS-3" });
    expect(result.reason).toBe(
      "deletion_protection is false; production databases must be deletion-protected (set database.deletionProtection: true, or suppress PLAT-RDS-3 with a reason)",
    );
  });

  it("GIVEN an unprotected database WHEN checked in staging THEN it is a warning, and in development not checked", () => {
    expect(statusesOf(rdsDeletionProtection, "staging", (stack) => instance(stack, "db"))).toEqual(["warn"]);
    expect(statusesOf(rdsDeletionProtection, "development", (stack) => instance(stack, "db"))).toEqual([]);
  });

  it("GIVEN a protected primary with an unprotected replica WHEN checked in production THEN the replica passes (it holds no data; lowering readReplicas must be able to delete it)", () => {
    const build = withReplica({ deletionProtection: true }, { deletionProtection: false });
    expect(statusesOf(rdsDeletionProtection, "production", build)).toEqual(["pass", "pass"]);
  });

  it("GIVEN a suppression with a reason WHEN checked THEN the result is suppressed with that reason", () => {
    const [result] = resultsOf(rdsDeletionProtection, "production", (stack) => instance(stack, "db"), [
      { rule: "PLAT-RDS-3", path: "test/db", reason: "scratch copy, rebuilt nightly from backups" },
    ]);
    expect(result).toMatchObject({ status: "suppressed", reason: "scratch copy, rebuilt nightly from backups" });
  });
});

describe("PLAT-RDS-4 automated backups kept at least 7 days", () => {
  const oneDay: Build = (stack) => instance(stack, "db", { backupRetentionPeriod: 1 });

  it("GIVEN an instance keeping 7 days and a cluster keeping 14 WHEN checked in production THEN both pass", () => {
    const build: Build = (stack) => {
      instance(stack, "db", { backupRetentionPeriod: 7 });
      cluster(stack, "aurora", { backupRetentionPeriod: 14 });
    };
    expect(statusesOf(rdsBackupRetention, "production", build)).toEqual(["pass", "pass"]);
  });

  it("GIVEN an instance keeping 1 day and a cluster leaving it unset WHEN checked THEN both fail, naming the value", () => {
    expect(reasonOf(rdsBackupRetention, "production", oneDay)).toBe(
      "backup_retention_period is 1; production databases must keep automated backups for at least 7 days " +
        "(set database.backupRetentionPeriod: 7 or more, or suppress PLAT-RDS-4 with a reason)",
    );
    expect(reasonOf(rdsBackupRetention, "production", (stack) => cluster(stack, "aurora"))).toMatch(/^backup_retention_period is not set; /);
  });

  it("GIVEN a PostgreSQL read replica without backups WHEN checked THEN it is not judged (RDS keeps none for it)", () => {
    expect(statusesOf(rdsBackupRetention, "production", withReplica({ backupRetentionPeriod: 7 }))).toEqual(["pass", "pass"]);
  });

  it("GIVEN 1 day of backups THEN production fails, staging warns, development is not checked", () => {
    expect(byTier(rdsBackupRetention, oneDay)).toEqual({ production: ["fail"], staging: ["warn"], development: [] });
  });
});

describe("PLAT-RDS-5 Multi-AZ", () => {
  const singleAz: Build = (stack) => instance(stack, "db", { multiAz: false });

  it("GIVEN a Multi-AZ instance and a cluster with a writer and a reader WHEN checked in production THEN both pass", () => {
    const build: Build = (stack) => {
      instance(stack, "db", { multiAz: true });
      const aurora = cluster(stack, "aurora");
      clusterInstance(stack, "writer", aurora);
      clusterInstance(stack, "reader", aurora);
    };
    expect(statusesOf(rdsMultiAz, "production", build)).toEqual(["pass", "pass"]);
  });

  it("GIVEN a single-AZ instance WHEN checked in production THEN it fails with multi_az", () => {
    expect(reasonOf(rdsMultiAz, "production", singleAz)).toBe(
      "multi_az is false; production databases must run Multi-AZ (set database.multiAz: true, or suppress PLAT-RDS-5 with a reason)",
    );
  });

  it("GIVEN a cluster with one instance WHEN checked in production THEN it fails, counting its instances", () => {
    const build: Build = (stack) => clusterInstance(stack, "writer", cluster(stack, "aurora"));
    expect(reasonOf(rdsMultiAz, "production", build)).toMatch(/^1 aws_rds_cluster_instance names this cluster in cluster_identifier; /);
  });

  it("GIVEN a Multi-AZ primary with a single-AZ replica WHEN checked THEN the replica fails too", () => {
    expect(statusesOf(rdsMultiAz, "production", withReplica({ multiAz: true }))).toEqual(["pass", "fail"]);
  });

  it("GIVEN a single-AZ instance THEN production fails, staging warns (should), development is not checked", () => {
    expect(byTier(rdsMultiAz, singleAz)).toEqual({ production: ["fail"], staging: ["warn"], development: [] });
    expect(reasonOf(rdsMultiAz, "staging", singleAz)).toMatch(/; staging databases should run Multi-AZ \(/);
  });
});

describe("PLAT-RDS-6 not publicly accessible", () => {
  const publicInstance: Build = (stack) => instance(stack, "db", { publiclyAccessible: true });

  it("GIVEN a private instance and an instance that leaves it unset WHEN checked THEN both pass", () => {
    const build: Build = (stack) => {
      instance(stack, "db", { publiclyAccessible: false });
      instance(stack, "default");
    };
    expect(statusesOf(rdsNoPublicAccess, "production", build)).toEqual(["pass", "pass"]);
  });

  it("GIVEN a public instance and a public cluster instance WHEN checked THEN both fail", () => {
    const build: Build = (stack) => {
      publicInstance(stack);
      clusterInstance(stack, "reader", cluster(stack, "aurora"), { publiclyAccessible: true });
    };
    expect(statusesOf(rdsNoPublicAccess, "production", build)).toEqual(["fail", "fail"]);
    expect(reasonOf(rdsNoPublicAccess, "development", publicInstance)).toBe(
      "publicly_accessible is true; development databases must not be publicly accessible " +
        "(set publicly_accessible: false, as the platform's database does; services reach it in the VPC through uses: { database: true }, " +
        "or suppress PLAT-RDS-6 with a reason)",
    );
  });

  it("GIVEN a public instance THEN every tier fails", () => {
    expect(byTier(rdsNoPublicAccess, publicInstance)).toEqual({ production: ["fail"], staging: ["fail"], development: ["fail"] });
  });
});

describe("PLAT-RDS-7 IAM database authentication", () => {
  const passwordOnly: Build = (stack) => instance(stack, "db");

  it("GIVEN an instance and a cluster with IAM authentication WHEN checked THEN both pass", () => {
    const build: Build = (stack) => {
      instance(stack, "db", { iamDatabaseAuthenticationEnabled: true });
      cluster(stack, "aurora", { iamDatabaseAuthenticationEnabled: true });
    };
    expect(statusesOf(rdsIamAuthentication, "production", build)).toEqual(["pass", "pass"]);
  });

  it("GIVEN an instance without IAM authentication WHEN checked THEN it fails, naming the argument", () => {
    expect(reasonOf(rdsIamAuthentication, "production", passwordOnly)).toBe(
      "iam_database_authentication_enabled is false; production databases must accept IAM database authentication " +
        "(set iam_database_authentication_enabled: true, as the platform's database does, or suppress PLAT-RDS-7 with a reason)",
    );
  });

  it("GIVEN a replica that does not set IAM authentication WHEN checked THEN it is not judged", () => {
    expect(statusesOf(rdsIamAuthentication, "production", withReplica({ iamDatabaseAuthenticationEnabled: true }))).toEqual([
      "pass",
      "pass",
    ]);
  });

  it("GIVEN no IAM authentication THEN production and staging fail, development warns", () => {
    expect(byTier(rdsIamAuthentication, passwordOnly)).toEqual({ production: ["fail"], staging: ["fail"], development: ["warn"] });
  });
});

describe("PLAT-RDS-8 automatic minor version upgrades", () => {
  const pinned: Build = (stack) => instance(stack, "db", { autoMinorVersionUpgrade: false });

  it("GIVEN an instance that turns them on and one that leaves the provider default WHEN checked THEN both pass", () => {
    const build: Build = (stack) => {
      instance(stack, "db", { autoMinorVersionUpgrade: true });
      instance(stack, "default");
    };
    expect(statusesOf(rdsMinorVersionUpgrade, "production", build)).toEqual(["pass", "pass"]);
  });

  it("GIVEN an instance and a cluster instance that turn them off WHEN checked THEN both fail", () => {
    const build: Build = (stack) => {
      pinned(stack);
      clusterInstance(stack, "reader", cluster(stack, "aurora"), { autoMinorVersionUpgrade: false });
    };
    expect(statusesOf(rdsMinorVersionUpgrade, "production", build)).toEqual(["fail", "fail"]);
    expect(reasonOf(rdsMinorVersionUpgrade, "production", pinned)).toBe(
      "auto_minor_version_upgrade is false; production databases must take minor version upgrades automatically " +
        "(set auto_minor_version_upgrade: true, as the platform's database does; upgrades then apply in database.maintenanceWindow, " +
        "or suppress PLAT-RDS-8 with a reason)",
    );
  });

  it("GIVEN upgrades turned off THEN production fails, staging and development warn", () => {
    expect(byTier(rdsMinorVersionUpgrade, pinned)).toEqual({ production: ["fail"], staging: ["warn"], development: ["warn"] });
  });
});

describe("PLAT-RDS-9 TLS enforced by the parameter group", () => {
  const FORCE_SSL = [{ name: "rds.force_ssl", value: "1" }];
  const noGroup: Build = (stack) => instance(stack, "db");

  it("GIVEN an instance and a cluster whose parameter groups set rds.force_ssl to 1 WHEN checked THEN both pass", () => {
    const build: Build = (stack) => {
      instance(stack, "db", { parameterGroupName: parameterGroup(stack, "params", FORCE_SSL).name });
      const clusterGroup = new RdsClusterParameterGroup(stack, "cluster-params", {
        name: "cluster-params",
        family: "aurora-postgresql17",
        parameter: FORCE_SSL,
      });
      cluster(stack, "aurora", { dbClusterParameterGroupName: clusterGroup.name });
    };
    expect(statusesOf(rdsTlsEnforced, "production", build)).toEqual(["pass", "pass"]);
  });

  it("GIVEN an instance naming its group by a literal name WHEN checked THEN the group is found and it passes", () => {
    const build: Build = (stack) => {
      parameterGroup(stack, "params", FORCE_SSL);
      instance(stack, "db", { parameterGroupName: "params-postgres17" });
    };
    expect(statusesOf(rdsTlsEnforced, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN no parameter group WHEN checked THEN it fails, naming the argument", () => {
    expect(reasonOf(rdsTlsEnforced, "production", noGroup)).toBe(
      "parameter_group_name is not set; production databases must refuse connections without TLS " +
        '(give the database a parameter group of this stack that sets rds.force_ssl to "1", as the platform\'s database does, ' +
        "or suppress PLAT-RDS-9 with a reason)",
    );
  });

  it("GIVEN a group without rds.force_ssl, one with 0, or a group of another stack WHEN checked THEN each fails with its cause", () => {
    const reason = (parameters: { name: string; value: string }[]) =>
      reasonOf(rdsTlsEnforced, "production", (stack) =>
        instance(stack, "db", { parameterGroupName: parameterGroup(stack, "params", parameters).name }),
      );
    expect(reason([{ name: "log_connections", value: "1" }])).toMatch(/^aws_db_parameter_group\.params does not set rds\.force_ssl; /);
    expect(reason([{ name: "rds.force_ssl", value: "0" }])).toMatch(/^rds\.force_ssl is "0" in aws_db_parameter_group\.params; /);
    expect(reasonOf(rdsTlsEnforced, "production", (stack) => instance(stack, "db", { parameterGroupName: "default.postgres17" }))).toMatch(
      /^parameter_group_name is "default\.postgres17", which names no aws_db_parameter_group of this stack; /,
    );
  });

  it("GIVEN a replica without a group it is not judged, and a replica with a group without rds.force_ssl fails", () => {
    const build: Build = (stack) => {
      const primary = instance(stack, "db", { parameterGroupName: parameterGroup(stack, "params", FORCE_SSL).name });
      replica(stack, "replica", primary);
      replica(stack, "replica-loose", primary, { parameterGroupName: parameterGroup(stack, "loose", []).name });
    };
    expect(statusesOf(rdsTlsEnforced, "production", build)).toEqual(["pass", "pass", "fail"]);
  });

  it("GIVEN no parameter group THEN every tier fails", () => {
    expect(byTier(rdsTlsEnforced, noGroup)).toEqual({ production: ["fail"], staging: ["fail"], development: ["fail"] });
  });
});

describe("PLAT-RDS-10 PostgreSQL logs exported to CloudWatch", () => {
  const noExports: Build = (stack) => instance(stack, "db");

  it("GIVEN PostgreSQL databases exporting the postgresql log, and a MySQL one exporting none WHEN checked THEN all pass", () => {
    const build: Build = (stack) => {
      instance(stack, "db", { enabledCloudwatchLogsExports: ["postgresql", "upgrade"] });
      cluster(stack, "aurora", { enabledCloudwatchLogsExports: ["postgresql"] });
      instance(stack, "mysql", { engine: "mysql" });
    };
    expect(statusesOf(rdsPostgresLogs, "production", build)).toEqual(["pass", "pass", "pass"]);
  });

  it("GIVEN a PostgreSQL instance exporting nothing WHEN checked THEN it fails, naming the argument", () => {
    expect(reasonOf(rdsPostgresLogs, "production", noExports)).toBe(
      "enabled_cloudwatch_logs_exports is not set; production databases must export the postgresql log to CloudWatch Logs " +
        '(add "postgresql" to enabled_cloudwatch_logs_exports, as the platform\'s database does, or suppress PLAT-RDS-10 with a reason)',
    );
  });

  it("GIVEN a replica and an Aurora PostgreSQL cluster exporting only other logs WHEN checked THEN both fail", () => {
    const build: Build = (stack) => {
      withReplica({ enabledCloudwatchLogsExports: ["postgresql"] })(stack);
      cluster(stack, "aurora", { enabledCloudwatchLogsExports: ["instance"] });
    };
    expect(statusesOf(rdsPostgresLogs, "production", build)).toEqual(["fail", "pass", "fail"]);
  });

  it("GIVEN no exports THEN production and staging fail, development warns", () => {
    expect(byTier(rdsPostgresLogs, noExports)).toEqual({ production: ["fail"], staging: ["fail"], development: ["warn"] });
  });
});
