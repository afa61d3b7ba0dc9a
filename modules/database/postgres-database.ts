import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance, DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { Bindable, ServiceBinding } from "../core/binding";
import { NetworkPeer } from "../core/connect";
import { serviceTrustPolicy } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";
import { Monitor } from "../monitoring/alarm";
import { watchDatabaseInstance } from "./database-alarms";
import { DatabaseConfig } from "./schema";

export const POSTGRES_PORT = 5432;
/** The Performance Insights retention that costs nothing extra. */
const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;
const LOG_EXPORTS = ["postgresql", "upgrade"];

export interface PostgresDatabaseProps extends DatabaseConfig {
  readonly context: AwsContext;
  /** Key of storage and Performance Insights: `kmsKeyArn` when configured, else the environment's data key. */
  readonly storageKeyArn: string;
  /** The environment's key for the RDS log groups. No default. */
  readonly logsKeyArn: string;
  /** Where the instances' alarms and dashboard tiles go. No default. */
  readonly monitor: Monitor;
  /** VPC of the database's security group. No default. */
  readonly vpcId: string;
  /** DB subnet group of the database subnets. No default. */
  readonly databaseSubnetGroupName: string;
}

/** What the primary and its replicas have in common. */
type SharedSettings = Pick<DbInstanceConfig, "instanceClass"> & Partial<DbInstanceConfig>;

/** One database parameter; static ones only take effect after a reboot. */
interface Parameter {
  readonly name: string;
  readonly value: string;
  readonly static?: boolean;
}

/**
 * RDS for PostgreSQL: a private, encrypted instance whose master password RDS generates and keeps
 * in Secrets Manager, TLS-only connections, logs in CloudWatch, and optional read replicas. Its
 * security group admits nobody but the services bound to it (see `bindingFor`).
 */
export class PostgresDatabase extends Construct implements Bindable, NetworkPeer {
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

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const { namePrefix } = props.context;
    const major = props.engineVersion;
    this.databaseName = props.databaseName;
    this.username = props.username;
    this.securityGroupId = new SecurityGroup(this, "security-group", {
      name: `${namePrefix}-postgres`,
      // Terraform removes the default allow-all egress rule; the database opens no connections.
      description: "PostgreSQL: port 5432 from allowed security groups only",
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
    }).id;
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
      dbSubnetGroupName: props.databaseSubnetGroupName,
      multiAz: props.multiAz,
      backupRetentionPeriod: props.backupRetentionPeriod,
      backupWindow: props.backupWindow,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: props.skipFinalSnapshot,
      finalSnapshotIdentifier: props.skipFinalSnapshot ? undefined : awsName([identifier, "final"], NAME_LIMITS.dbIdentifier),
    });
    this.address = this.instance.address;
    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.replicas = Array.from({ length: props.readReplicas }, (_, index) =>
      this.createReplica(index + 1, identifier, shared, props),
    );
    this.replicaAddresses = this.replicas.map((replica) => replica.address);
    watchDatabaseInstance(props.monitor, { scope: this, resource: "database", identifier, replica: false }, props);
    this.replicas.forEach((replica, index) =>
      watchDatabaseInstance(
        props.monitor,
        { scope: replica, resource: `database-replica-${index + 1}`, identifier: replicaIdentifier(identifier, index + 1), replica: true },
        props,
      ),
    );
    this.createOutputs();
  }

  /**
   * PG* variables and the master credentials as ECS secrets, the execution role's read of the
   * master secret, a task-role grant to re-read it after rotation, and a path to port 5432.
   */
  bindingFor(_serviceName: string, _use: boolean): ServiceBinding {
    const secretArn = this.masterSecretArn;
    return {
      environment: {
        PGHOST: this.address,
        PGPORT: String(this.port),
        PGDATABASE: this.databaseName,
        // The parameter group sets rds.force_ssl, so a client that does not ask for TLS is refused.
        PGSSLMODE: "require",
        // RDS rotates the master password (every 7 days by default) while PGPASSWORD keeps the value
        // the task started with: the application re-reads the secret through this ARN after a failed login.
        DATABASE_SECRET_ARN: secretArn,
      },
      secrets: { PGUSER: `${secretArn}:username::`, PGPASSWORD: `${secretArn}:password::` },
      executionRoleSecretArns: [secretArn],
      taskRoleStatements: [{ sid: "RereadRotatedDatabaseSecret", actions: ["secretsmanager:GetSecretValue"], resources: [secretArn] }],
      connection: { peer: this, port: this.port },
    };
  }

  private createParameterGroup(namePrefix: string, major: string, props: PostgresDatabaseProps): DbParameterGroup {
    const slowStatementMs = props.logMinDurationStatementMs;
    return new DbParameterGroup(this, "parameters", {
      // The major is in the name, so a new major creates a second group before the old one goes.
      name: `${namePrefix}-postgres${major}`,
      family: `postgres${major}`,
      description: `PostgreSQL ${major} for ${namePrefix}: TLS only, slow statement and connection logging`,
      parameter: parameters(major, slowStatementMs).map((parameter) => ({
        name: parameter.name,
        value: parameter.value,
        // RDS rejects "immediate" for static parameters.
        applyMethod: parameter.static ? "pending-reboot" : "immediate",
      })),
      lifecycle: { createBeforeDestroy: true },
    });
  }

  private sharedSettings(parameterGroup: DbParameterGroup, props: PostgresDatabaseProps): SharedSettings {
    const monitoringRole = props.monitoringInterval > 0 ? this.createMonitoringRole(props.context) : undefined;
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
   * A replica of the primary. Deletion protection and Multi-AZ follow the primary's settings;
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
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: true,
      dependsOn: [...(shared.dependsOn ?? []), ...this.createLogGroups(id, identifier, props)],
    });
  }

  /** The log groups RDS writes the exported logs of one instance to, encrypted and with the configured retention. */
  private createLogGroups(id: string, identifier: string, props: PostgresDatabaseProps): CloudwatchLogGroup[] {
    return LOG_EXPORTS.map(
      (log) =>
        new CloudwatchLogGroup(this, `${id}-${log}-logs`, {
          name: `/aws/rds/instance/${identifier}/${log}`,
          retentionInDays: props.logRetentionInDays,
          kmsKeyId: props.logsKeyArn,
        }),
    );
  }

  private createMonitoringRole(context: AwsContext): { role: IamRole; attachment: IamRolePolicyAttachment } {
    const role = new IamRole(this, "monitoring-role", {
      name: awsName([context.namePrefix, "rds-monitoring"], NAME_LIMITS.iamRole),
      assumeRolePolicy: serviceTrustPolicy(this, "monitoring-trust", "monitoring.rds.amazonaws.com", context.accountId).json,
      maxSessionDuration: 3600,
    });
    const attachment = new IamRolePolicyAttachment(this, "monitoring-policy", {
      role: role.name,
      policyArn: `arn:${context.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });
    return { role, attachment };
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

/**
 * TLS only, and enough logging to diagnose slow statements, lock contention, temp-file spills and
 * connection churn. `log_statement` is set to "none" on purpose (scanners look for it): "ddl" or
 * "all" would log `ALTER ROLE ... PASSWORD` in clear.
 */
function parameters(major: string, logMinDurationStatementMs: number): Parameter[] {
  return [
    // Static in older majors.
    { name: "rds.force_ssl", value: "1", static: true },
    { name: "log_min_duration_statement", value: String(logMinDurationStatementMs) },
    // PostgreSQL 18 made log_connections a list of connection stages; "all" matches the old "on".
    { name: "log_connections", value: Number(major) >= 18 ? "all" : "1" },
    { name: "log_disconnections", value: "1" },
    { name: "log_lock_waits", value: "1" },
    // Kilobytes: temp files above 10 MiB hint at a work_mem too small for the queries.
    { name: "log_temp_files", value: "10240" },
    { name: "log_autovacuum_min_duration", value: "10000" },
    // The engine default: RDS reports a parameter set to its default with "immediate" back as
    // "pending-reboot", so only "pending-reboot" keeps the plan empty.
    { name: "log_statement", value: "none", static: true },
  ];
}
