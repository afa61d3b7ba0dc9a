import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance, DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { TerraformOutput } from "cdktf";
import { DbInstanceAutomatedBackupsReplication } from "@cdktf/provider-aws/lib/db-instance-automated-backups-replication";
import { Construct } from "constructs";
import { customerKey } from "../core/encryption-keys";
import { Bindable, ServiceBinding } from "../core/binding";
import { NetworkPeer } from "../core/connect";
import { awsName, NAME_LIMITS } from "../core/naming";
import { watchDatabaseInstance } from "./database-alarms";
import {
  databaseSecurityGroup,
  enhancedMonitoringRole,
  exportedLogGroup,
  finalSnapshotIdentifier,
  parameterGroupEntries,
  PERFORMANCE_INSIGHTS_RETENTION_DAYS,
  POSTGRES_PORT,
  DatabasePlacement,
} from "./postgres-common";
import { DatabaseUsers, SetupTaskPlacement } from "./database-users";
import { DatabaseUse, RdsPostgresConfig } from "./schema";
import { REPLACED_BEFORE_DESTROY } from "../core/replaceable";

const LOG_EXPORTS = ["postgresql", "upgrade"];

export type PostgresDatabaseProps = RdsPostgresConfig & DatabasePlacement;

/** What the primary and its replicas have in common. */
type SharedSettings = Pick<DbInstanceConfig, "instanceClass"> & Partial<DbInstanceConfig>;

/**
 * RDS for PostgreSQL: a private, encrypted instance whose master password RDS generates and keeps
 * in Secrets Manager, TLS-only connections, logs in CloudWatch, and optional read replicas. Its
 * security group admits nobody but the services bound to it (see `bindingFor`).
 */
export class PostgresDatabase extends Construct implements Bindable<DatabaseUse | false>, NetworkPeer {
  readonly scope: Construct = this;
  readonly peerName = "database";
  readonly peerLabel = "the PostgreSQL database";
  readonly instance: DbInstance;
  readonly replicas: DbInstance[];
  readonly securityGroupId: string;
  /** Host name of the primary. */
  readonly address: string;
  readonly port: number = POSTGRES_PORT;
  readonly databaseName: string;
  /** Master user name (also in the master secret, next to the password). */
  readonly username: string;
  /** The RDS-managed master user secret: JSON with `username` and `password`. */
  readonly masterSecretArn: string;
  /** Host names of the read replicas. */
  readonly replicaAddresses: string[];
  /** The services' own users, and the task that creates them. */
  readonly users: DatabaseUsers;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const { namePrefix } = props.context;
    const major = props.engineVersion;
    this.databaseName = props.databaseName;
    this.username = props.username;
    this.securityGroupId = databaseSecurityGroup(this, namePrefix, props.vpcId, "postgres");
    const parameterGroup = this.createParameterGroup(namePrefix, major, props);
    const shared = this.sharedSettings(parameterGroup, props);
    const identifier = awsName([namePrefix, "postgres"], NAME_LIMITS.dbIdentifier);
    this.instance = new DbInstance(this, "instance", {
      ...shared,
      identifier,
      // RDS creates its log groups on first write, with no retention and no key, unless they exist.
      dependsOn: [...(shared.dependsOn ?? []), ...this.createLogGroups("instance", identifier, props)],
      engine: "postgres",
      // The major alone: RDS picks the newest minor, and minor upgrades then apply in the maintenance window.
      engineVersion: major,
      allowMajorVersionUpgrade: props.allowMajorVersionUpgrade,
      allocatedStorage: props.allocatedStorage,
      dbName: this.databaseName,
      username: this.username,
      manageMasterUserPassword: true,
      // The environment's customer key rather than aws/secretsmanager: its use is in IAM's hands and
      // CloudTrail, and the setup task is the one principal allowed to decrypt the secret with it.
      masterUserSecretKmsKeyId: props.secretsKeyArn,
      dbSubnetGroupName: props.databaseSubnetGroupName,
      multiAz: props.multiAz,
      backupRetentionPeriod: props.backupRetentionPeriod,
      backupWindow: props.backupWindow,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: props.skipFinalSnapshot,
      finalSnapshotIdentifier: props.skipFinalSnapshot ? undefined : finalSnapshotIdentifier(this, identifier),
    });
    this.address = this.instance.address;
    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.replicas = Array.from({ length: props.readReplicas }, (_, index) =>
      this.createReplica(index + 1, identifier, shared, props),
    );
    this.replicaAddresses = this.replicas.map((replica) => replica.address);
    this.users = new DatabaseUsers(this, "users", {
      context: props.context,
      peer: this,
      port: POSTGRES_PORT,
      address: this.address,
      databaseName: this.databaseName,
      masterUsername: this.username,
      masterSecretArn: this.masterSecretArn,
      resourceId: this.instance.resourceId,
      secretsKeyArn: props.secretsKeyArn,
      recoveryWindowInDays: props.secretRecoveryWindowInDays,
      engineVersion: major,
      setupImage: props.setupImage,
      passwordRotationDays: props.passwordRotationDays,
      monitor: props.monitor,
    });
    if (props.crossRegionBackup) this.replicateBackups(props.crossRegionBackup, props);
    const watched = { instanceClass: props.instanceClass, storage: props };
    watchDatabaseInstance(props.monitor, { ...watched, scope: this, resource: "database", identifier }, props.alarms);
    this.replicas.forEach((replica, index) =>
      watchDatabaseInstance(
        props.monitor,
        { ...watched, scope: replica, resource: `database-replica-${index + 1}`, identifier: replicaIdentifier(identifier, index + 1), lag: "ReplicaLag" },
        props.alarms,
      ),
    );
    this.createOutputs();
  }

  /** The automated backups, copied to another region under a key of that region. */
  private replicateBackups(target: NonNullable<PostgresDatabaseProps["crossRegionBackup"]>, props: PostgresDatabaseProps): void {
    const { accountId, partition, namePrefix } = props.context;
    const scope = new Construct(this, "backup-replication");
    const key = customerKey(new Construct(scope, "key"), {
      description: `Backups of ${namePrefix}'s database, replicated from ${props.context.region}`,
      alias: `${namePrefix}-backup-replica`,
      accountId,
      partition,
      region: target.region,
    });
    new DbInstanceAutomatedBackupsReplication(scope, "replication", {
      region: target.region,
      sourceDbInstanceArn: this.instance.arn,
      kmsKeyId: key.arn,
      retentionPeriod: target.retentionInDays,
    });
  }

  /** The service's own database user (see `DatabaseUsers`); never the master user. */
  bindingFor(serviceName: string, use: DatabaseUse | false): ServiceBinding {
    return this.users.bindingFor(serviceName, use);
  }

  /** The task that creates the bound services' users; once every service is bound. */
  createSetupTask(placement: SetupTaskPlacement): void {
    this.users.createSetupTask(placement);
  }

  private createParameterGroup(namePrefix: string, major: string, props: PostgresDatabaseProps): DbParameterGroup {
    const slowStatementMs = props.logMinDurationStatementMs;
    return new DbParameterGroup(this, "parameters", {
      // The major is in the name, so a new major creates a second group before the old one goes.
      name: `${namePrefix}-postgres${major}`,
      family: `postgres${major}`,
      description: `PostgreSQL ${major} for ${namePrefix}: TLS only, slow statement and connection logging`,
      parameter: parameterGroupEntries(major, slowStatementMs),
      lifecycle: REPLACED_BEFORE_DESTROY,
    });
  }

  private sharedSettings(parameterGroup: DbParameterGroup, props: PostgresDatabaseProps): SharedSettings {
    const monitoringRole = props.monitoringInterval > 0 ? enhancedMonitoringRole(this, props.context) : undefined;
    return {
      instanceClass: props.instanceClass,
      port: POSTGRES_PORT,
      storageType: "gp3",
      maxAllocatedStorage: props.maxAllocatedStorage,
      storageEncrypted: true,
      kmsKeyId: props.storageKeyArn,
      parameterGroupName: parameterGroup.name,
      vpcSecurityGroupIds: [this.securityGroupId],
      publiclyAccessible: false,
      iamDatabaseAuthenticationEnabled: true,
      autoMinorVersionUpgrade: true,
      maintenanceWindow: props.maintenanceWindow,
      copyTagsToSnapshot: true,
      // While a major upgrade is allowed, the apply performs it on primary and replicas together with
      // the new family's parameter group; left to the maintenance window, the new parameter group
      // meets the old engine and the modification fails (terraform-provider-aws#19536). PLAT-APPLY-7.
      applyImmediately: props.allowMajorVersionUpgrade || undefined,
      enabledCloudwatchLogsExports: LOG_EXPORTS,
      performanceInsightsEnabled: props.performanceInsightsEnabled,
      performanceInsightsRetentionPeriod: props.performanceInsightsEnabled ? PERFORMANCE_INSIGHTS_RETENTION_DAYS : undefined,
      performanceInsightsKmsKeyId: props.performanceInsightsEnabled ? props.storageKeyArn : undefined,
      monitoringInterval: props.monitoringInterval,
      monitoringRoleArn: monitoringRole?.role.arn,
      // RDS checks the role's permissions when the instance is created.
      dependsOn: monitoringRole ? [monitoringRole.attachment] : undefined,
    };
  }

  /**
   * A replica of the primary. Multi-AZ follows the primary's setting;
   * RDS for PostgreSQL replicas keep no automated backups of their own (AWS does not support them).
   */
  private createReplica(number: number, sourceIdentifier: string, shared: SharedSettings, props: PostgresDatabaseProps): DbInstance {
    const id = `replica-${number}`;
    const identifier = replicaIdentifier(sourceIdentifier, number);
    return new DbInstance(this, id, {
      ...shared,
      identifier,
      // Engine, version, storage size, database name and credentials all come from the source.
      replicateSourceDb: this.instance.identifier,
      multiAz: props.multiAz,
      // Never deletion-protected: a replica holds no data of its own, and lowering readReplicas
      // deletes it, which protection would make fail (PLAT-APPLY-5). The primary keeps the protection.
      deletionProtection: false,
      skipFinalSnapshot: true,
      dependsOn: [...(shared.dependsOn ?? []), ...this.createLogGroups(id, identifier, props)],
    });
  }

  /** The log groups RDS writes the exported logs of one instance to, encrypted and with the configured retention. */
  private createLogGroups(id: string, identifier: string, props: PostgresDatabaseProps): CloudwatchLogGroup[] {
    return LOG_EXPORTS.map((log) =>
      exportedLogGroup(this, `${id}-${log}-logs`, `/aws/rds/instance/${identifier}/${log}`, props.logRetentionInDays, props.logsKeyArn),
    );
  }

  private createOutputs(): void {
    new TerraformOutput(this, "database_endpoint", {
      value: this.instance.endpoint,
      description: "Primary endpoint (host:port)",
      staticId: true,
    });
    new TerraformOutput(this, "database_port", { value: this.port, staticId: true });
    new TerraformOutput(this, "database_master_secret_arn", {
      value: this.masterSecretArn,
      description: "Secrets Manager secret with the master user name and password, kept by RDS",
      staticId: true,
    });
    new TerraformOutput(this, "database_replica_endpoints", {
      value: this.replicas.map((replica) => replica.endpoint),
      description: "Read replica endpoints (host:port)",
      staticId: true,
    });
  }
}

function replicaIdentifier(sourceIdentifier: string, number: number): string {
  return awsName([sourceIdentifier, "replica", String(number)], NAME_LIMITS.dbIdentifier);
}

