import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { ElasticacheParameterGroup } from "@cdktf/provider-aws/lib/elasticache-parameter-group";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { Bindable, ServiceBinding } from "../core/binding";
import { NetworkPeer, securityGroup } from "../core/connect";
import { awsName } from "../core/naming";
import { Monitor } from "../monitoring/alarm";
import { memberClusterIds, watchCache } from "./cache-alarms";
import { CacheConfig, CacheEngine, highAvailability } from "./schema";
import { REPLACED_BEFORE_DESTROY } from "../core/replaceable";

export const CACHE_PORT = 6379;
/** ElastiCache's longest replication group id (member clusters append up to 9 characters to it). */
const REPLICATION_GROUP_ID_LIMIT = 40;
/** ElastiCache's longest parameter group name. */
const PARAMETER_GROUP_NAME_LIMIT = 255;
/** Kept as short as replication group ids, which is within ElastiCache's limits for user and user group ids. */
const USER_ID_LIMIT = 40;
/**
 * What the application's user may do: every command on every key (`+@all`, `~*`), and be used
 * (`on`). ElastiCache already refuses administrative commands (CONFIG, ...) to every user.
 */
const APPLICATION_ACCESS = "on ~* +@all";
/** A user that is off cannot authenticate at all, whatever its password; `-@all` leaves it no command either. */
const DISABLED_ACCESS = "off -@all";
const ENGINE_LABELS: Readonly<Record<CacheEngine, string>> = { valkey: "Valkey", redis: "Redis OSS" };

export interface CacheProps extends CacheConfig {
  readonly context: AwsContext;
  /** VPC of the cache's security group. No default. */
  readonly vpcId: string;
  /** Subnets of the cache's nodes: the network's database subnets. No default. */
  readonly subnetIds: readonly string[];
  /** Key of the data at rest (node storage, snapshots): the environment's data key. No default. */
  readonly keyArn: string;
  /** The environment's key for the slow log's log group. No default. */
  readonly logsKeyArn: string;
  /** Where the cache's alarms and dashboard tiles go. No default. */
  readonly monitor: Monitor;
}

/**
 * ElastiCache for Valkey or Redis OSS: a replication group in the database subnets, encrypted at
 * rest with the data key and in transit (TLS required), with automatic failover and Multi-AZ when
 * it has replicas, optionally in cluster mode, and its slow log in CloudWatch Logs. Nobody has a
 * password: the application's user authenticates with IAM, the `default` user every user group
 * must have is disabled. Its security group admits nobody but the services bound to it.
 */
export class Cache extends Construct implements Bindable<boolean>, NetworkPeer {
  readonly scope: Construct = this;
  readonly peerName = "cache";
  readonly peerLabel: string;
  readonly securityGroupId: string;
  readonly replicationGroup: ElasticacheReplicationGroup;
  /** Known at synth: the name an IAM authentication token is signed for, and the prefix of the member clusters. */
  readonly replicationGroupId: string;
  /** Where clients connect: the primary endpoint, or in cluster mode the configuration endpoint. */
  readonly host: string;
  readonly port: number = CACHE_PORT;
  /** The application's user: its name, which is also its id (IAM authentication requires both to be equal). */
  readonly userName: string;
  readonly userArn: string;
  /** The member clusters (one node each) as ElastiCache names them at creation. */
  readonly memberClusterIds: readonly string[];

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const { namePrefix } = props.context;
    const engineLabel = ENGINE_LABELS[props.engine];
    this.peerLabel = `the ${engineLabel} cache`;
    this.replicationGroupId = awsName([namePrefix, "cache"], REPLICATION_GROUP_ID_LIMIT);
    // Named by prefix, create-before-destroy (core/connect.ts): a replacement no longer fails on the
    // name or on a group the cache still uses. Terraform removes the default allow-all egress rule;
    // the cache opens no connections. The description names no engine: changing it replaces the group.
    this.securityGroupId = securityGroup(this, "security-group", {
      name: `${namePrefix}-cache`,
      description: `Cache: port ${CACHE_PORT} from services that use it only`,
      vpcId: props.vpcId,
    }).id;
    this.userName = awsName([namePrefix, "app"], USER_ID_LIMIT);
    const users = this.createUsers(namePrefix, props.engine);
    this.userArn = users.applicationUserArn;
    this.replicationGroup = this.createReplicationGroup(namePrefix, engineLabel, users.userGroupId, props);
    this.host = props.clusterMode ? this.replicationGroup.configurationEndpointAddress : this.replicationGroup.primaryEndpointAddress;
    this.memberClusterIds = memberClusterIds(this.replicationGroupId, props);
    watchCache(props.monitor, { scope: this, replicationGroupId: this.replicationGroupId, memberClusterIds: this.memberClusterIds }, props);
    this.createOutputs();
  }

  /**
   * CACHE_* variables, `elasticache:Connect` for the task role, and a path to port 6379.
   *
   * How the application authenticates: it signs an IAM authentication token with its task role's
   * credentials (SigV4, service "elasticache", a GET of `http://<CACHE_NAME>/?Action=connect&User=<CACHE_USER>`
   * presigned for at most 15 minutes, in the task's AWS_REGION), then connects over TLS to
   * CACHE_HOST:CACHE_PORT and sends `AUTH <CACHE_USER> <token>` (or HELLO with AUTH). A token is
   * only checked when a connection authenticates; ElastiCache closes IAM-authenticated connections
   * after 12 hours, so clients reconnect with a fresh token. Clients that take a credentials
   * provider (Lettuce's RedisCredentialsProvider, redis-py's CredentialProvider) can sign one for
   * each new connection.
   */
  bindingFor(_serviceName: string, _use: boolean): ServiceBinding {
    return {
      environment: {
        CACHE_HOST: this.host,
        CACHE_PORT: String(this.port),
        // Transit encryption is required: a client that does not speak TLS is refused.
        CACHE_TLS: "true",
        CACHE_USER: this.userName,
        CACHE_NAME: this.replicationGroupId,
      },
      taskRoleStatements: [
        { sid: "ConnectToCacheWithIam", actions: ["elasticache:Connect"], resources: [this.replicationGroup.arn, this.userArn] },
      ],
      connection: { peer: this, port: this.port },
    };
  }

  /**
   * The application's IAM-authenticated user, and the user group the replication group admits:
   * it and a disabled `default` user. ElastiCache requires a user named `default` in every group,
   * and AWS's own `default` user has no password and every permission; ours is off, so it cannot
   * authenticate (and needs no password: `no_password_required`, with nothing in the state). That
   * is set through `no_password_required` rather than `authentication_mode { type = "no-password-required" }`,
   * which the provider reads back as AWS reports it, "no-password", so every plan would show a change.
   */
  private createUsers(namePrefix: string, engine: CacheEngine): { applicationUserArn: string; userGroupId: string } {
    const user = new ElasticacheUser(this, "app-user", {
      userId: this.userName,
      userName: this.userName,
      engine,
      accessString: APPLICATION_ACCESS,
      authenticationMode: { type: "iam" },
    });
    const disabledDefault = new ElasticacheUser(this, "default-user", {
      userId: awsName([namePrefix, "default"], USER_ID_LIMIT),
      userName: "default",
      engine,
      accessString: DISABLED_ACCESS,
      noPasswordRequired: true,
    });
    const group = new ElasticacheUserGroup(this, "user-group", {
      userGroupId: awsName([namePrefix, "cache", "users"], USER_ID_LIMIT),
      engine,
      userIds: [disabledDefault.userId, user.userId],
    });
    return { applicationUserArn: user.arn, userGroupId: group.userGroupId };
  }

  private createReplicationGroup(namePrefix: string, engineLabel: string, userGroupId: string, props: CacheProps): ElasticacheReplicationGroup {
    const subnetGroup = new ElasticacheSubnetGroup(this, "subnet-group", {
      name: `${namePrefix}-cache`,
      description: `${engineLabel} cache of ${namePrefix}: the database subnets`,
      subnetIds: [...props.subnetIds],
    });
    const { automaticFailover, multiAz } = highAvailability(props);
    return new ElasticacheReplicationGroup(this, "replication-group", {
      replicationGroupId: this.replicationGroupId,
      description: `${engineLabel} cache of ${namePrefix}`,
      engine: props.engine,
      // major.minor: ElastiCache applies patch versions itself.
      engineVersion: props.engineVersion,
      autoMinorVersionUpgrade: "true",
      nodeType: props.nodeType,
      port: CACHE_PORT,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [this.securityGroupId],
      parameterGroupName: this.createParameterGroup(props).name,
      clusterMode: props.clusterMode ? "enabled" : "disabled",
      // Shards and replicas per shard, in both modes (without cluster mode there is one shard), so
      // that changing the replica count adds or removes replicas instead of replacing the group.
      numNodeGroups: props.shards,
      replicasPerNodeGroup: props.replicasPerShard,
      automaticFailoverEnabled: automaticFailover,
      multiAzEnabled: multiAz,
      // A string in provider 6 ("true"/"false"; unset means the engine's default).
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      userGroupIds: [userGroupId],
      snapshotRetentionLimit: props.snapshotRetentionDays,
      snapshotWindow: props.snapshotWindow,
      maintenanceWindow: props.maintenanceWindow,
      // Changes wait for the maintenance window (replica count changes apply at once regardless).
      applyImmediately: false,
      logDeliveryConfiguration: [
        {
          destination: this.createSlowLogGroup(namePrefix, props).name,
          destinationType: "cloudwatch-logs",
          logFormat: "json",
          logType: "slow-log",
        },
      ],
    });
  }

  /**
   * The engine's parameters: `cluster-enabled` must match the cluster mode, which ElastiCache cannot
   * change on an existing group but by its own migration (disabled, compatible, then enabled).
   * The family and mode are in the name, so a new major creates a second group before the old one goes.
   */
  private createParameterGroup(props: CacheProps): ElasticacheParameterGroup {
    const family = `${props.engine}${props.engineVersion.split(".")[0]}`;
    return new ElasticacheParameterGroup(this, "parameters", {
      name: awsName([this.replicationGroupId, family, ...(props.clusterMode ? ["cluster"] : [])], PARAMETER_GROUP_NAME_LIMIT),
      family,
      // From what the name holds alone: a description change replaces the group, which under the same name would fail.
      description: `${ENGINE_LABELS[props.engine]} (${family}) for ${this.replicationGroupId}, cluster mode ${props.clusterMode ? "on" : "off"}`,
      parameter: [{ name: "cluster-enabled", value: props.clusterMode ? "yes" : "no" }],
      lifecycle: REPLACED_BEFORE_DESTROY,
    });
  }

  /**
   * The slow log's group, encrypted with the logs key and with the configured retention; it must
   * exist before ElastiCache delivers to it. Named after the environment's prefix, which the logs
   * key's policy admits.
   */
  private createSlowLogGroup(namePrefix: string, props: CacheProps): CloudwatchLogGroup {
    return new CloudwatchLogGroup(this, "slow-log", {
      name: `/aws/elasticache/${namePrefix}-cache/slow-log`,
      retentionInDays: props.logRetentionInDays,
      kmsKeyId: props.logsKeyArn,
    });
  }

  private createOutputs(): void {
    new TerraformOutput(this, "cache_endpoint", {
      value: this.host,
      description: "Where clients connect: the primary endpoint, or the configuration endpoint in cluster mode",
      staticId: true,
    });
    new TerraformOutput(this, "cache_port", { value: this.port, staticId: true });
    new TerraformOutput(this, "cache_user", {
      value: this.userName,
      description: "The IAM-authenticated user services connect as",
      staticId: true,
    });
  }
}
