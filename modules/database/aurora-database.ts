import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
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
import { AuroraPostgresConfig, DatabaseUse } from "./schema";
import { REPLACED_BEFORE_DESTROY } from "../core/replaceable";

export type AuroraDatabaseProps = AuroraPostgresConfig & DatabasePlacement;

/** Scaled readers wait this long before another change: scale out fast, in slowly. */
const SCALE_OUT_COOLDOWN_SECONDS = 300;
const SCALE_IN_COOLDOWN_SECONDS = 900;

/**
 * Aurora PostgreSQL: a private, encrypted cluster of one writer and `readers` readers (provisioned
 * or Serverless v2), its master password kept by RDS in Secrets Manager, TLS-only through the
 * cluster parameter group, logs in CloudWatch, and optionally readers scaled on CPU. Services get
 * the writer's endpoint and the readers' endpoint.
 */
export class AuroraDatabase extends Construct implements Bindable<DatabaseUse | false>, NetworkPeer {
  readonly scope: Construct = this;
  readonly peerName = "database";
  readonly peerLabel = "the PostgreSQL database";
  readonly cluster: RdsCluster;
  /** The writer first, then the readers. */
  readonly instances: RdsClusterInstance[];
  readonly securityGroupId: string;
  readonly masterSecretArn: string;
  /** The services' own users, and the task that creates them. */
  readonly users: DatabaseUsers;

  constructor(scope: Construct, id: string, props: AuroraDatabaseProps) {
    super(scope, id);
    const { namePrefix } = props.context;
    const major = props.engineVersion;
    this.securityGroupId = databaseSecurityGroup(this, namePrefix, props.vpcId, "postgres");
    const identifier = awsName([namePrefix, "aurora"], NAME_LIMITS.dbIdentifier);
    const parameters = new RdsClusterParameterGroup(this, "parameters", {
      // The major is in the name, so a new major creates a second group before the old one goes.
      name: `${namePrefix}-aurora-postgres${major}`,
      family: `aurora-postgresql${major}`,
      description: `Aurora PostgreSQL ${major} for ${namePrefix}: TLS only, slow statement and connection logging`,
      parameter: parameterGroupEntries(major, props.logMinDurationStatementMs),
      lifecycle: REPLACED_BEFORE_DESTROY,
    });
    // Aurora creates its log group on first write, with no retention and no key, unless it exists.
    const logGroup = exportedLogGroup(this, "postgresql-logs", `/aws/rds/cluster/${identifier}/postgresql`, props.logRetentionInDays, props.logsKeyArn);
    this.cluster = new RdsCluster(this, "cluster", {
      clusterIdentifier: identifier,
      engine: "aurora-postgresql",
      engineMode: "provisioned",
      // The major alone: Aurora picks the default minor, and minor upgrades apply in the maintenance window.
      engineVersion: major,
      allowMajorVersionUpgrade: props.allowMajorVersionUpgrade,
      // See PostgresDatabase: a major upgrade left to the maintenance window races its parameter
      // groups against the running engine (terraform-provider-aws#19536). PLAT-APPLY-7.
      applyImmediately: props.allowMajorVersionUpgrade || undefined,
      databaseName: props.databaseName,
      masterUsername: props.username,
      manageMasterUserPassword: true,
      // The environment's customer key rather than aws/secretsmanager: its use is in IAM's hands and
      // CloudTrail, and the setup task is the one principal allowed to decrypt the secret with it.
      masterUserSecretKmsKeyId: props.secretsKeyArn,
      port: POSTGRES_PORT,
      dbSubnetGroupName: props.databaseSubnetGroupName,
      vpcSecurityGroupIds: [this.securityGroupId],
      dbClusterParameterGroupName: parameters.name,
      storageEncrypted: true,
      kmsKeyId: props.storageKeyArn,
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: props.backupRetentionPeriod,
      preferredBackupWindow: props.backupWindow,
      preferredMaintenanceWindow: props.maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: props.skipFinalSnapshot,
      finalSnapshotIdentifier: props.skipFinalSnapshot ? undefined : finalSnapshotIdentifier(this, identifier),
      enabledCloudwatchLogsExports: ["postgresql"],
      serverlessv2ScalingConfiguration: props.serverless ? { ...props.serverless } : undefined,
      dependsOn: [logGroup],
    });
    this.masterSecretArn = this.cluster.masterUserSecret.get(0).secretArn;
    this.users = new DatabaseUsers(this, "users", {
      context: props.context,
      peer: this,
      port: POSTGRES_PORT,
      address: this.cluster.endpoint,
      readerAddress: this.cluster.readerEndpoint,
      databaseName: props.databaseName,
      masterUsername: props.username,
      masterSecretArn: this.masterSecretArn,
      resourceId: this.cluster.clusterResourceId,
      secretsKeyArn: props.secretsKeyArn,
      recoveryWindowInDays: props.secretRecoveryWindowInDays,
      engineVersion: major,
      setupImage: props.setupImage,
      passwordRotationDays: props.passwordRotationDays,
      monitor: props.monitor,
    });
    this.instances = this.createInstances(identifier, props);
    if (props.readerAutoscaling) this.scaleReaders(identifier, props.readerAutoscaling);
    this.createOutputs();
  }

  /** The service's own database user (see `DatabaseUsers`); never the master user. */
  bindingFor(serviceName: string, use: DatabaseUse | false): ServiceBinding {
    return this.users.bindingFor(serviceName, use);
  }

  /** The task that creates the bound services' users; once every service is bound. */
  createSetupTask(placement: SetupTaskPlacement): void {
    this.users.createSetupTask(placement);
  }

  /** The writer and the readers; RDS spreads them over the subnet group's AZs, and a reader takes over if the writer fails. */
  private createInstances(clusterIdentifier: string, props: AuroraDatabaseProps): RdsClusterInstance[] {
    const monitoringRole = props.monitoringInterval > 0 ? enhancedMonitoringRole(this, props.context) : undefined;
    return Array.from({ length: props.readers + 1 }, (_, index) => {
      const identifier = awsName([clusterIdentifier, String(index + 1)], NAME_LIMITS.dbIdentifier);
      const instance = new RdsClusterInstance(this, `instance-${index + 1}`, {
        identifier,
        clusterIdentifier: this.cluster.clusterIdentifier,
        engine: "aurora-postgresql",
        engineVersion: this.cluster.engineVersion,
        instanceClass: props.instanceClass,
        dbSubnetGroupName: props.databaseSubnetGroupName,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        // The first instance is created first and becomes the writer; readers are the failover targets.
        promotionTier: index === 0 ? 0 : 1,
        performanceInsightsEnabled: props.performanceInsightsEnabled,
        performanceInsightsRetentionPeriod: props.performanceInsightsEnabled ? PERFORMANCE_INSIGHTS_RETENTION_DAYS : undefined,
        performanceInsightsKmsKeyId: props.performanceInsightsEnabled ? props.storageKeyArn : undefined,
        monitoringInterval: props.monitoringInterval,
        monitoringRoleArn: monitoringRole?.role.arn,
        copyTagsToSnapshot: true,
        dependsOn: monitoringRole ? [monitoringRole.attachment] : undefined,
      });
      watchDatabaseInstance(
        props.monitor,
        {
          scope: instance,
          resource: index === 0 ? "database" : `database-reader-${index}`,
          identifier,
          instanceClass: props.instanceClass,
          serverlessMaxCapacity: props.serverless?.maxCapacity,
          lag: index === 0 ? undefined : "AuroraReplicaLag",
        },
        props.alarms,
      );
      return instance;
    });
  }

  /**
   * Readers beyond the configured ones, added and removed by Application Auto Scaling on the
   * readers' average CPU. Those readers are not in the Terraform state, and RDS refuses to delete a
   * cluster that still has instances: before destroying the environment (or removing
   * readerAutoscaling), apply with readerAutoscaling.maxReaders equal to minReaders so the added
   * readers are scaled in, then destroy (see the README, "Aurora reader autoscaling").
   */
  private scaleReaders(clusterIdentifier: string, scaling: NonNullable<AuroraPostgresConfig["readerAutoscaling"]>): void {
    const target = new AppautoscalingTarget(this, "reader-scaling", {
      serviceNamespace: "rds",
      resourceId: `cluster:${clusterIdentifier}`,
      scalableDimension: "rds:cluster:ReadReplicaCount",
      minCapacity: scaling.minReaders,
      maxCapacity: scaling.maxReaders,
      // The readers Terraform creates must exist before scaling counts them.
      dependsOn: this.instances,
    });
    new AppautoscalingPolicy(this, "reader-scaling-policy", {
      name: "reader-cpu-target-tracking",
      policyType: "TargetTrackingScaling",
      serviceNamespace: target.serviceNamespace,
      resourceId: target.resourceId,
      scalableDimension: target.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: scaling.cpuTargetPercent,
        scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS,
        scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS,
        predefinedMetricSpecification: { predefinedMetricType: "RDSReaderAverageCPUUtilization" },
      },
    });
  }

  private createOutputs(): void {
    new TerraformOutput(this, "database_endpoint", { value: this.cluster.endpoint, description: "Writer endpoint", staticId: true });
    new TerraformOutput(this, "database_reader_endpoint", { value: this.cluster.readerEndpoint, description: "Readers' endpoint", staticId: true });
    new TerraformOutput(this, "database_port", { value: POSTGRES_PORT, staticId: true });
    new TerraformOutput(this, "database_master_secret_arn", {
      value: this.masterSecretArn,
      description: "Secrets Manager secret with the master user name and password, kept by RDS",
      staticId: true,
    });
  }
}
