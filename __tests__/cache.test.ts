import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { Cache } from "../modules/cache/cache";
import { CACHE_VARIABLES, CacheInput, cacheSchema, highAvailability } from "../modules/cache/schema";
import { createAwsContext } from "../modules/core/aws-context";
import { connect, NetworkPeer } from "../modules/core/connect";
import { formatIssues } from "../modules/core/problems";
import { isExpression, Metric, MetricExpression } from "../modules/monitoring/alarm";
import { RecordingMonitor } from "./support/monitor";
import { FoundResource, resourceAt, resourcesOf, synthesized, SynthesizedStack } from "./support/synth";

const DATA_KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/data";
const LOGS_KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/logs";
const SUBNET_IDS = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"];

/** The smallest cache section as a development environment would have it once its tier filled it in. */
const MINIMAL_CACHE = { nodeType: "cache.t4g.micro", replicasPerShard: 0, snapshotRetentionDays: 1, logRetentionInDays: 30 } as const;

interface Harness {
  readonly cache: Cache;
  readonly monitor: RecordingMonitor;
  readonly scope: TerraformStack;
}

/** A cache on a fresh stack, from `change` merged into the minimal cache section. */
function cacheOnFreshStack(change: Partial<CacheInput> = {}): Harness {
  const scope = new TerraformStack(Testing.app(), "harness");
  new AwsProvider(scope, "aws", { region: "eu-west-1" });
  const monitor = new RecordingMonitor();
  const cache = new Cache(scope, "cache", {
    ...cacheSchema.parse({ ...MINIMAL_CACHE, ...change }),
    context: createAwsContext(scope, "acme", "test", "eu-west-1"),
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: SUBNET_IDS,
    keyArn: DATA_KEY_ARN,
    logsKeyArn: LOGS_KEY_ARN,
    monitor,
  });
  return { cache, monitor, scope };
}

function synthCache(change: Partial<CacheInput> = {}): Harness & { stack: SynthesizedStack } {
  const harness = cacheOnFreshStack(change);
  return { ...harness, stack: synthesized(harness.scope) };
}

/** A cache on a fresh stack, bound to a service: the binding's variables and statements are put in an output, so Terraform's references show. */
function synthBound(change: Partial<CacheInput> = {}) {
  const { cache, scope } = cacheOnFreshStack(change);
  const binding = cache.bindingFor("api", true);
  new TerraformOutput(scope, "binding", { value: { environment: binding.environment, taskRoleStatements: binding.taskRoleStatements } });
  const stack = synthesized(scope);
  return { cache, binding, stack, bound: stack.json.output.binding.value };
}

function replicationGroupOf(stack: SynthesizedStack): FoundResource {
  return resourceAt(stack, "aws_elasticache_replication_group", "cache/replication-group");
}

/** The metrics an alarm or tile reads: itself, or those its expression folds together. */
function metricsOf(metric: Metric | MetricExpression): Metric[] {
  return isExpression(metric) ? Object.values(metric.metrics) : [metric];
}

function clusterIdsOf(metric: Metric | MetricExpression): string[] {
  return metricsOf(metric).map((one) => one.dimensions.CacheClusterId);
}

/** The problem lines of a cache section, as the platform reports them ("" when valid). */
function problemsOf(input: Record<string, unknown>): string {
  const result = cacheSchema.safeParse(input);
  return result.success ? "" : formatIssues("cache", input, result.error.issues).join("\n");
}

describe("GIVEN the minimal cache (valkey, no replicas) on a fresh stack", () => {
  const { stack, monitor, cache } = synthCache();
  const group = replicationGroupOf(stack);
  const securityGroup = resourceAt(stack, "aws_security_group", "cache/security-group");

  it("THEN it is one Valkey 8.0 replication group of one node on 6379, in its own subnet group of the given subnets", () => {
    expect(Object.keys(resourcesOf(stack, "aws_elasticache_replication_group"))).toHaveLength(1);
    const subnetGroup = resourceAt(stack, "aws_elasticache_subnet_group", "cache/subnet-group");
    expect(subnetGroup.resource).toMatchObject({ name: "acme-test-cache", subnet_ids: SUBNET_IDS });
    expect(group.resource).toMatchObject({
      replication_group_id: "acme-test-cache",
      engine: "valkey",
      engine_version: "8.0",
      auto_minor_version_upgrade: "true",
      node_type: "cache.t4g.micro",
      port: 6379,
      cluster_mode: "disabled",
      num_node_groups: 1,
      replicas_per_node_group: 0,
      subnet_group_name: subnetGroup.ref("name"),
      security_group_ids: [securityGroup.ref("id")],
      apply_immediately: false,
    });
    expect(group.resource.num_cache_clusters).toBeUndefined();
  });

  it("THEN, without a replica to promote, automatic failover and Multi-AZ are off", () => {
    expect(group.resource).toMatchObject({ automatic_failover_enabled: false, multi_az_enabled: false });
  });

  it("THEN it is encrypted at rest with the data key and in transit, TLS required", () => {
    expect(group.resource).toMatchObject({
      at_rest_encryption_enabled: "true",
      kms_key_id: DATA_KEY_ARN,
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
    });
  });

  it("THEN it snapshots daily at 02:00-03:00, keeps the tier's days, and is maintained on sun:05:30-sun:06:30", () => {
    expect(group.resource).toMatchObject({
      snapshot_retention_limit: 1,
      snapshot_window: "02:00-03:00",
      maintenance_window: "sun:05:30-sun:06:30",
    });
  });

  it("THEN its parameter group is of the valkey8 family with cluster mode off, replaced before it is destroyed", () => {
    const parameters = resourceAt(stack, "aws_elasticache_parameter_group", "cache/parameters");
    expect(parameters.resource).toMatchObject({
      name: "acme-test-cache-valkey8",
      family: "valkey8",
      description: "Valkey (valkey8) for acme-test-cache, cluster mode off",
      parameter: [{ name: "cluster-enabled", value: "no" }],
      lifecycle: { create_before_destroy: true },
    });
    expect(group.resource.parameter_group_name).toBe(parameters.ref("name"));
  });

  it("THEN it delivers its slow log as JSON to its own log group, encrypted with the logs key and kept for the tier's days", () => {
    const logGroup = resourceAt(stack, "aws_cloudwatch_log_group", "cache/slow-log");
    expect(logGroup.resource).toEqual({
      name: "/aws/elasticache/acme-test-cache/slow-log",
      retention_in_days: 30,
      kms_key_id: LOGS_KEY_ARN,
    });
    expect(group.resource.log_delivery_configuration).toEqual([
      { destination: logGroup.ref("name"), destination_type: "cloudwatch-logs", log_format: "json", log_type: "slow-log" },
    ]);
  });

  it("THEN the application's user authenticates with IAM, its id equal to its name, with every command on every key", () => {
    expect(resourceAt(stack, "aws_elasticache_user", "cache/app-user").resource).toEqual({
      user_id: "acme-test-app",
      user_name: "acme-test-app",
      engine: "valkey",
      access_string: "on ~* +@all",
      authentication_mode: { type: "iam" },
    });
  });

  it("THEN the `default` user every user group needs is switched off and has no password", () => {
    expect(resourceAt(stack, "aws_elasticache_user", "cache/default-user").resource).toEqual({
      user_id: "acme-test-default",
      user_name: "default",
      engine: "valkey",
      access_string: "off -@all",
      no_password_required: true,
    });
  });

  it("THEN the replication group admits exactly the user group of those two users", () => {
    const users = resourceAt(stack, "aws_elasticache_user_group", "cache/user-group");
    expect(users.resource).toEqual({
      user_group_id: "acme-test-cache-users",
      engine: "valkey",
      user_ids: [
        resourceAt(stack, "aws_elasticache_user", "cache/default-user").ref("user_id"),
        resourceAt(stack, "aws_elasticache_user", "cache/app-user").ref("user_id"),
      ],
    });
    expect(group.resource.user_group_ids).toEqual([users.ref("user_group_id")]);
  });

  it("THEN no password or auth token appears anywhere in the JSON", () => {
    expect(stack.text).not.toMatch(/"(passwords?|auth_token|auth_token_update_strategy)"\s*:/);
    expect(group.resource.auth_token).toBeUndefined();
  });

  it("THEN its security group admits nobody, has no egress until a service connects, and is replaced create-before-destroy under a name prefix", () => {
    expect(securityGroup.resource).toEqual({
      name_prefix: "acme-test-cache-",
      description: "Cache: port 6379 from services that use it only",
      vpc_id: "vpc-0123456789abcdef0",
      revoke_rules_on_delete: true,
      tags: { Name: "acme-test-cache" },
      lifecycle: { create_before_destroy: true },
    });
    expect(securityGroup.resource.ingress).toBeUndefined();
    expect(securityGroup.resource.egress).toBeUndefined();
    expect(resourcesOf(stack, "aws_vpc_security_group_ingress_rule")).toEqual({});
    expect(resourcesOf(stack, "aws_vpc_security_group_egress_rule")).toEqual({});
  });

  it("THEN it publishes the primary endpoint, the port and the user as outputs", () => {
    expect(stack.json.output.cache_endpoint.value).toBe(group.ref("primary_endpoint_address"));
    expect(stack.json.output.cache_port.value).toBe(6379);
    expect(stack.json.output.cache_user.value).toBe("acme-test-app");
  });

  it("THEN its one node is watched for engine CPU above 90%, memory above 80% and evictions, each for 5 of 5 minutes", () => {
    expect(cache.memberClusterIds).toEqual(["acme-test-cache-001"]);
    expect(monitor.alarms.map((alarm) => ({ ...alarm, description: undefined }))).toEqual([
      {
        resource: "cache",
        signal: "cpu-high",
        description: undefined,
        metric: { namespace: "AWS/ElastiCache", metricName: "EngineCPUUtilization", dimensions: { CacheClusterId: "acme-test-cache-001" }, statistic: "Average" },
        comparison: "GreaterThanThreshold",
        threshold: 90,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        missingData: "missing",
        severity: "notify",
      },
      {
        resource: "cache",
        signal: "memory-high",
        description: undefined,
        metric: {
          namespace: "AWS/ElastiCache",
          metricName: "DatabaseMemoryUsagePercentage",
          dimensions: { CacheClusterId: "acme-test-cache-001" },
          statistic: "Average",
        },
        comparison: "GreaterThanThreshold",
        threshold: 80,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        missingData: "missing",
        severity: "notify",
      },
      {
        resource: "cache",
        signal: "evictions",
        description: undefined,
        metric: { namespace: "AWS/ElastiCache", metricName: "Evictions", dimensions: { CacheClusterId: "acme-test-cache-001" }, statistic: "Sum" },
        comparison: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        missingData: "notBreaching",
        severity: "notify",
      },
    ]);
  });

  it("THEN the dashboard gets a cache section with CPU, memory, evictions and connections", () => {
    expect(monitor.tiles.map((tile) => [tile.section, tile.title, tile.threshold])).toEqual([
      ["Cache acme-test-cache", "Engine CPU %", 90],
      ["Cache acme-test-cache", "Memory used for data %", 80],
      ["Cache acme-test-cache", "Evictions", undefined],
      ["Cache acme-test-cache", "Connections", undefined],
    ]);
  });
});

describe("Cache as a binding", () => {
  it("GIVEN the minimal cache WHEN a service is bound THEN it gets the endpoint, port, TLS flag, user and cache name, elasticache:Connect on the group and the user, and a path to 6379", () => {
    // GIVEN the minimal cache, WHEN a service is bound
    const { cache, binding, stack, bound } = synthBound();

    // THEN it gets the primary endpoint, 6379, TLS, the IAM user and the cache's name, and may connect as that user
    const group = replicationGroupOf(stack);
    expect(bound).toEqual({
      environment: {
        CACHE_HOST: group.ref("primary_endpoint_address"),
        CACHE_PORT: "6379",
        CACHE_TLS: "true",
        CACHE_USER: "acme-test-app",
        CACHE_NAME: "acme-test-cache",
      },
      taskRoleStatements: [
        {
          sid: "ConnectToCacheWithIam",
          actions: ["elasticache:Connect"],
          resources: [group.ref("arn"), resourceAt(stack, "aws_elasticache_user", "cache/app-user").ref("arn")],
        },
      ],
    });
    expect(Object.keys(binding.environment ?? {}).sort()).toEqual([...CACHE_VARIABLES].sort());
    // AND a network path to the cache on 6379, and no secrets to read
    expect(binding.connection?.peer).toBe(cache);
    expect(binding.connection?.port).toBe(6379);
    expect(binding.secrets).toBeUndefined();
    expect(binding.executionRoleSecretArns).toBeUndefined();
    expect(binding.executionRoleStatements).toBeUndefined();
  });

  it("GIVEN a cache and two client security groups WHEN both connect the way a service applies its binding THEN each pair gets one rule on each side, on 6379 alone", () => {
    // GIVEN a cache on a fresh stack, and two client security groups
    const { cache, scope } = cacheOnFreshStack();
    const client = (name: string, securityGroupId: string): NetworkPeer => ({
      scope: new Construct(scope, name),
      peerName: name,
      peerLabel: `service ${name}`,
      securityGroupId,
    });

    // WHEN both connect the way a service applies its binding
    for (const peer of [client("reports", "sg-0aaaaaaaaaaaaaaaa"), client("billing", "sg-0bbbbbbbbbbbbbbbb")]) {
      const { connection } = cache.bindingFor(peer.peerName, true);
      connect(peer, connection!.peer, connection!.port);
    }

    // THEN the cache admits exactly those groups on 6379, one rule each
    const stack = synthesized(scope);
    const group = resourceAt(stack, "aws_security_group", "cache/security-group");
    expect(resourceAt(stack, "aws_vpc_security_group_ingress_rule", "cache/ingress-from-reports").resource).toEqual({
      security_group_id: group.ref("id"),
      description: "From service reports",
      ip_protocol: "tcp",
      from_port: 6379,
      to_port: 6379,
      referenced_security_group_id: "sg-0aaaaaaaaaaaaaaaa",
    });
    expect(resourceAt(stack, "aws_vpc_security_group_ingress_rule", "cache/ingress-from-billing").resource).toMatchObject({
      security_group_id: group.ref("id"),
      referenced_security_group_id: "sg-0bbbbbbbbbbbbbbbb",
    });
    expect(Object.keys(resourcesOf(stack, "aws_vpc_security_group_ingress_rule"))).toHaveLength(2);
    // AND each client may send only to the cache, on 6379
    for (const [name, securityGroupId] of [["reports", "sg-0aaaaaaaaaaaaaaaa"], ["billing", "sg-0bbbbbbbbbbbbbbbb"]]) {
      expect(resourceAt(stack, "aws_vpc_security_group_egress_rule", `${name}/egress-to-cache`).resource).toEqual({
        security_group_id: securityGroupId,
        description: "To the Valkey cache",
        ip_protocol: "tcp",
        from_port: 6379,
        to_port: 6379,
        referenced_security_group_id: group.ref("id"),
      });
    }
    expect(Object.keys(resourcesOf(stack, "aws_vpc_security_group_egress_rule"))).toHaveLength(2);
  });
});

describe("GIVEN a cache with 2 replicas (the production shape)", () => {
  const { stack, monitor, cache } = synthCache({ nodeType: "cache.r7g.large", replicasPerShard: 2, snapshotRetentionDays: 14 });
  const group = replicationGroupOf(stack);

  it("THEN it has two replicas of its one shard, fails over automatically and is Multi-AZ", () => {
    expect(group.resource).toMatchObject({
      node_type: "cache.r7g.large",
      cluster_mode: "disabled",
      num_node_groups: 1,
      replicas_per_node_group: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      snapshot_retention_limit: 14,
    });
  });

  it("THEN each alarm watches the busiest or the sum of its three nodes, whichever is primary now", () => {
    expect(cache.memberClusterIds).toEqual(["acme-test-cache-001", "acme-test-cache-002", "acme-test-cache-003"]);
    const expressions = Object.fromEntries(monitor.alarms.map((alarm) => [alarm.signal, alarm.metric as MetricExpression]));
    expect(expressions["cpu-high"].expression).toBe("MAX([node1, node2, node3])");
    expect(expressions["memory-high"].expression).toBe("MAX([node1, node2, node3])");
    expect(expressions.evictions.expression).toBe("SUM([node1, node2, node3])");
    for (const signal of ["cpu-high", "memory-high", "evictions"]) expect(clusterIdsOf(expressions[signal])).toEqual(cache.memberClusterIds);
    expect(monitor.alarms.map((alarm) => alarm.resource)).toEqual(["cache", "cache", "cache"]);
  });
});

describe.each([
  { shards: 3, replicasPerShard: 1, automaticFailover: true, multiAz: true },
  { shards: 2, replicasPerShard: 0, automaticFailover: true, multiAz: false },
])("GIVEN cluster mode with $shards shards of $replicasPerShard replica(s)", ({ shards, replicasPerShard, automaticFailover, multiAz }) => {
  const { stack, cache } = synthCache({ clusterMode: true, shards, replicasPerShard });
  const group = replicationGroupOf(stack);

  it("THEN the group is in cluster mode with those shards and replicas, and automatic failover on, as cluster mode requires", () => {
    expect(group.resource).toMatchObject({
      cluster_mode: "enabled",
      num_node_groups: shards,
      replicas_per_node_group: replicasPerShard,
      automatic_failover_enabled: automaticFailover,
      multi_az_enabled: multiAz,
    });
  });

  it("THEN its parameter group enables cluster mode, under a name of its own", () => {
    expect(resourceAt(stack, "aws_elasticache_parameter_group", "cache/parameters").resource).toMatchObject({
      name: "acme-test-cache-valkey8-cluster",
      family: "valkey8",
      parameter: [{ name: "cluster-enabled", value: "yes" }],
    });
  });

  it("THEN services and the output get the configuration endpoint", () => {
    const bound = synthBound({ clusterMode: true, shards, replicasPerShard });
    expect(bound.bound.environment.CACHE_HOST).toBe(replicationGroupOf(bound.stack).ref("configuration_endpoint_address"));
    expect(stack.json.output.cache_endpoint.value).toBe(group.ref("configuration_endpoint_address"));
  });

  it("THEN the member clusters are named <group>-<shard>-<node>", () => {
    expect(cache.memberClusterIds).toHaveLength(shards * (replicasPerShard + 1));
    expect(cache.memberClusterIds[0]).toBe("acme-test-cache-0001-001");
    expect(cache.memberClusterIds[cache.memberClusterIds.length - 1]).toBe(
      `acme-test-cache-000${shards}-00${replicasPerShard + 1}`,
    );
  });
});

describe("GIVEN a cluster of 4 shards of 2 replicas (12 nodes)", () => {
  const { monitor, cache } = synthCache({ clusterMode: true, shards: 4, replicasPerShard: 2 });

  it("THEN each signal has one alarm per group of at most 10 nodes (CloudWatch's limit for metric math), covering every node once", () => {
    const cpu = monitor.alarms.filter((alarm) => alarm.signal === "cpu-high");
    expect(cpu.map((alarm) => alarm.resource)).toEqual(["cache-nodes-1", "cache-nodes-2"]);
    expect(cpu.map((alarm) => clusterIdsOf(alarm.metric).length)).toEqual([10, 2]);
    expect(cpu.flatMap((alarm) => clusterIdsOf(alarm.metric))).toEqual(cache.memberClusterIds);
    expect(monitor.alarms).toHaveLength(6);
  });

  it("THEN each tile shows one series per group", () => {
    expect(monitor.tiles.map((tile) => tile.metrics.length)).toEqual([2, 2, 2, 2]);
  });
});

describe("GIVEN a Redis OSS cache", () => {
  const { stack, cache } = synthCache({ engine: "redis" });

  it("THEN it runs Redis OSS 7.1 with a redis7 parameter group, and its users and user group are Redis OSS ones", () => {
    expect(replicationGroupOf(stack).resource).toMatchObject({ engine: "redis", engine_version: "7.1" });
    expect(resourceAt(stack, "aws_elasticache_parameter_group", "cache/parameters").resource).toMatchObject({
      name: "acme-test-cache-redis7",
      family: "redis7",
    });
    for (const path of ["cache/app-user", "cache/default-user"]) {
      expect(resourceAt(stack, "aws_elasticache_user", path).resource.engine).toBe("redis");
    }
    expect(resourceAt(stack, "aws_elasticache_user_group", "cache/user-group").resource.engine).toBe("redis");
    expect(cache.peerLabel).toBe("the Redis OSS cache");
  });
});

describe("GIVEN other alarm thresholds and evictions not watched", () => {
  const { monitor } = synthCache({ alarms: { cpuPercent: 75, memoryPercent: 60, evictions: false } });

  it("THEN CPU and memory alarm at those thresholds and there is no evictions alarm", () => {
    expect(monitor.alarms.map((alarm) => [alarm.signal, alarm.threshold])).toEqual([
      ["cpu-high", 75],
      ["memory-high", 60],
    ]);
  });
});

describe("GIVEN a project name long enough to push the replication group id past ElastiCache's 40 characters", () => {
  it("THEN the id is shortened with a stable hash, while the log group keeps the environment's prefix its key admits", () => {
    const scope = new TerraformStack(Testing.app(), "harness");
    new AwsProvider(scope, "aws", { region: "eu-west-1" });
    const cache = new Cache(scope, "cache", {
      ...cacheSchema.parse(MINIMAL_CACHE),
      context: createAwsContext(scope, "a-very-long-project-name", "production", "eu-west-1"),
      vpcId: "vpc-0123456789abcdef0",
      subnetIds: SUBNET_IDS,
      keyArn: DATA_KEY_ARN,
      logsKeyArn: LOGS_KEY_ARN,
      monitor: new RecordingMonitor(),
    });
    const stack = synthesized(scope);
    expect(cache.replicationGroupId.length).toBeLessThanOrEqual(40);
    expect(replicationGroupOf(stack).resource.replication_group_id).toBe(cache.replicationGroupId);
    expect(resourceAt(stack, "aws_cloudwatch_log_group", "cache/slow-log").resource.name).toBe(
      "/aws/elasticache/a-very-long-project-name-production-cache/slow-log",
    );
  });
});

describe("cacheSchema", () => {
  it("GIVEN the minimal section WHEN parsed THEN every default is filled in: Valkey 8.0, one shard, the windows and the alarm thresholds", () => {
    expect(cacheSchema.parse(MINIMAL_CACHE)).toEqual({
      ...MINIMAL_CACHE,
      engine: "valkey",
      engineVersion: "8.0",
      clusterMode: false,
      shards: 1,
      snapshotWindow: "02:00-03:00",
      maintenanceWindow: "sun:05:30-sun:06:30",
      alarms: { cpuPercent: 90, memoryPercent: 80, evictions: true },
    });
  });

  it("GIVEN redis without a version WHEN parsed THEN it gets Redis OSS 7.1", () => {
    expect(cacheSchema.parse({ ...MINIMAL_CACHE, engine: "redis" }).engineVersion).toBe("7.1");
  });

  it.each([
    ["a production-shaped cache", { nodeType: "cache.r7g.xlarge", replicasPerShard: 2, snapshotRetentionDays: 14, logRetentionInDays: 365 }],
    ["a cluster", { clusterMode: true, shards: 6, replicasPerShard: 1 }],
    ["Valkey 7.2", { engineVersion: "7.2" }],
    ["Redis OSS 7.1", { engine: "redis", engineVersion: "7.1" }],
    ["windows spanning midnight", { snapshotWindow: "23:30-00:30", maintenanceWindow: "sun:00:30-sun:01:30" }],
  ])("GIVEN %s WHEN validated THEN it is accepted", (_, change) => {
    expect(problemsOf({ ...MINIMAL_CACHE, ...change })).toBe("");
  });

  it.each(["cache.t4g.mirco", "cache.t4g.large", "db.t4g.micro", "cache.t2.micro", "cache.m5.8xlarge", "t4g.micro", "cache.r7g.large.extra"])(
    "GIVEN nodeType %s WHEN validated THEN it is rejected with the pattern and the families on offer",
    (nodeType) => {
      expect(problemsOf({ ...MINIMAL_CACHE, nodeType })).toBe(
        `cache: nodeType is "${nodeType}"; expected an ElastiCache node type such as cache.t4g.micro, cache.m7g.large or cache.r7g.xlarge: ` +
          "cache.<family>.<size>, one of t4g (micro, small, medium); t3 (micro, small, medium); " +
          "m7g (large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge); m6g (large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge); " +
          "m5 (large, xlarge, 2xlarge, 4xlarge, 12xlarge, 24xlarge); r7g (large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge); " +
          "r6g (large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge); r5 (large, xlarge, 2xlarge, 4xlarge, 12xlarge, 24xlarge); " +
          "c7gn (large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge)",
      );
    },
  );

  it("GIVEN 3 shards without cluster mode WHEN validated THEN shards is rejected, saying cluster mode is needed", () => {
    expect(problemsOf({ ...MINIMAL_CACHE, shards: 3 })).toBe(
      "cache: shards is 3; expected 1 without clusterMode: only cluster mode partitions keys over several shards (set clusterMode: true)",
    );
  });

  it.each([
    ["valkey", "7.1", "a valkey version: 9.0, 8.2, 8.1, 8.0, 7.2"],
    ["redis", "8.0", "a redis version: 7.1"],
    ["redis", "7.2", "a redis version: 7.1"],
  ])("GIVEN engine %s with engineVersion %s WHEN validated THEN the version is rejected, listing that engine's", (engine, engineVersion, expected) => {
    expect(problemsOf({ ...MINIMAL_CACHE, engine, engineVersion })).toBe(`cache: engineVersion is "${engineVersion}"; expected ${expected}`);
  });

  it.each(["6.2", "8", "latest"])("GIVEN engineVersion %s WHEN validated THEN it is rejected, listing every engine's versions", (engineVersion) => {
    expect(problemsOf({ ...MINIMAL_CACHE, engineVersion })).toBe(
      `cache: engineVersion is "${engineVersion}"; expected an engine version: for valkey 9.0, 8.2, 8.1, 8.0, 7.2; for redis 7.1`,
    );
  });

  it("GIVEN an unknown key WHEN validated THEN it is named, with the field it probably meant", () => {
    expect(problemsOf({ ...MINIMAL_CACHE, nodetype: "cache.t4g.micro" })).toContain("cache: nodetype is not a known field; did you mean nodeType?");
    expect(problemsOf({ ...MINIMAL_CACHE, authToken: "a-password-here" })).toMatch(/^cache: authToken is not a known field; /);
  });

  it("GIVEN the per-tier fields left out WHEN validated THEN each is reported, since their defaults come from the tier", () => {
    const problems = problemsOf({ nodeType: "cache.t4g.micro" });
    for (const field of ["replicasPerShard", "snapshotRetentionDays", "logRetentionInDays"]) expect(problems).toContain(`cache: ${field} is not set;`);
  });

  it.each([
    [{ replicasPerShard: 6 }, "cache: replicasPerShard is 6; expected a whole number of replicas from 0 to 5"],
    [{ shards: 501, clusterMode: true }, "cache: shards is 501; expected a whole number of shards from 1 to 500"],
    [{ snapshotRetentionDays: 36 }, "cache: snapshotRetentionDays is 36; expected a whole number of days from 0 to 35"],
    [{ snapshotWindow: "02:00-02:30" }, 'cache: snapshotWindow is "02:00-02:30"; expected a daily UTC window "hh:mm-hh:mm" of at least 60 minutes, such as 02:00-03:00'],
    [
      { maintenanceWindow: "sun:05:30-sun:06:00" },
      'cache: maintenanceWindow is "sun:05:30-sun:06:00"; expected a weekly UTC window "ddd:hh:mm-ddd:hh:mm" of at least 60 minutes, such as sun:05:30-sun:06:30',
    ],
    [
      { maintenanceWindow: "tue:02:30-tue:03:30" },
      'cache: maintenanceWindow is "tue:02:30-tue:03:30"; expected a window that does not overlap the daily snapshotWindow (02:00-03:00)',
    ],
    [{ logRetentionInDays: 10 }, "cache: logRetentionInDays is 10; expected a CloudWatch Logs retention in days:"],
  ] as const)("GIVEN %j WHEN validated THEN it is rejected", (change, expected) => {
    expect(problemsOf({ ...MINIMAL_CACHE, ...change })).toContain(expected);
  });
});

describe("highAvailability", () => {
  it.each([
    { replicasPerShard: 0, clusterMode: false, automaticFailover: false, multiAz: false },
    { replicasPerShard: 1, clusterMode: false, automaticFailover: true, multiAz: true },
    { replicasPerShard: 2, clusterMode: false, automaticFailover: true, multiAz: true },
    { replicasPerShard: 0, clusterMode: true, automaticFailover: true, multiAz: false },
    { replicasPerShard: 2, clusterMode: true, automaticFailover: true, multiAz: true },
  ])(
    "GIVEN $replicasPerShard replicas and clusterMode $clusterMode THEN automatic failover is $automaticFailover and Multi-AZ $multiAz",
    ({ replicasPerShard, clusterMode, automaticFailover, multiAz }) => {
      expect(highAvailability({ replicasPerShard, clusterMode })).toEqual({ automaticFailover, multiAz });
    },
  );
});
