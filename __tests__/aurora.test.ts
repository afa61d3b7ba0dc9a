import { Testing } from "cdktf";
import { enforcePolicies } from "../modules/guardrails/policy-pack";
import { buildPlatform } from "../modules/platform/platform";
import { EnvironmentInput } from "../modules/platform/schema";
import { bootstrapInput, Json, minimalEnvironment, onlyResource, resourceAt, resourcesOf, synthEnvironment, SynthesizedStack, validationMessage } from "./support/synth";

const aurora = { engine: "aurora-postgres" as const, instanceClass: "db.r7g.large", readers: 2 };

function containerOf(stack: SynthesizedStack, service: string): Json {
  return JSON.parse(String(resourceAt(stack, "aws_ecs_task_definition", `service-${service}/task-definition`).resource.container_definitions))[0];
}

describe("GIVEN an Aurora PostgreSQL database with one writer and two readers, used by the web service", () => {
  const input = minimalEnvironment({ database: aurora, services: [{ ...minimalEnvironment().services![0], uses: { database: true } }] });
  const stack = synthEnvironment(input);
  const cluster = resourceAt(stack, "aws_rds_cluster", "database/cluster");

  it("THEN there is one encrypted, private cluster and three instances of the class, no RDS instance", () => {
    expect(cluster.resource).toMatchObject({
      cluster_identifier: "acme-test-aurora",
      engine: "aurora-postgresql",
      engine_version: "17",
      manage_master_user_password: true,
      storage_encrypted: true,
      kms_key_id: resourceAt(stack, "aws_kms_key", "keys/data/key").ref("arn"),
      iam_database_authentication_enabled: true,
      enabled_cloudwatch_logs_exports: ["postgresql"],
    });
    const instances = Object.values(resourcesOf(stack, "aws_rds_cluster_instance"));
    expect(instances).toHaveLength(3);
    for (const instance of instances) {
      expect(instance).toMatchObject({ cluster_identifier: cluster.ref("cluster_identifier"), instance_class: "db.r7g.large", publicly_accessible: false });
    }
    expect(resourcesOf(stack, "aws_db_instance")).toEqual({});
  });

  it("THEN the cluster parameter group forces TLS", () => {
    const group = resourceAt(stack, "aws_rds_cluster_parameter_group", "database/parameters").resource;
    expect(group).toMatchObject({ family: "aurora-postgresql17" });
    expect(group.parameter).toContainEqual(expect.objectContaining({ name: "rds.force_ssl", value: "1" }));
    expect(cluster.resource.db_cluster_parameter_group_name).toBe(resourceAt(stack, "aws_rds_cluster_parameter_group", "database/parameters").ref("name"));
  });

  it("THEN the service gets the writer's and the readers' endpoints", () => {
    expect(containerOf(stack, "web").environment).toEqual(
      expect.arrayContaining([
        { name: "PGHOST", value: cluster.ref("endpoint") },
        { name: "PGHOST_READER", value: cluster.ref("reader_endpoint") },
      ]),
    );
  });

  it("THEN the readers' lag is watched in milliseconds, the writer's is not", () => {
    const alarms = Object.values(resourcesOf(stack, "aws_cloudwatch_metric_alarm")).map((alarm) => [alarm.alarm_name, alarm] as const);
    const lag = alarms.filter(([name]) => String(name).endsWith("replica-lag-high"));
    expect(lag.map(([name]) => name)).toEqual(["acme-test-database-reader-1-replica-lag-high", "acme-test-database-reader-2-replica-lag-high"]);
    expect(lag[0][1]).toMatchObject({ metric_name: "AuroraReplicaLag", threshold: 60000 });
    expect(alarms.some(([name]) => String(name).endsWith("storage-low"))).toBe(false);
  });
});

describe("GIVEN a production Aurora cluster that states only its class and readers", () => {
  const input: EnvironmentInput = {
    ...minimalEnvironment({ tier: "production" }),
    loadBalancer: { certificate: { certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d" } },
    network: { cidr: "10.99.0.0/16", azCount: 2 },
    cluster: { enableExecuteCommand: false },
    services: [{ ...minimalEnvironment().services![0], readonlyRootFilesystem: true }],
    database: aurora,
  };

  it("THEN it passes every policy of the production tier", () => {
    const platform = buildPlatform(() => Testing.app(), bootstrapInput, [input]);
    expect(() => enforcePolicies(platform.policies.values())).not.toThrow();
    expect(onlyResource(synthEnvironment(input), "aws_rds_cluster")).toMatchObject({ deletion_protection: true, backup_retention_period: 14, skip_final_snapshot: false });
  });

  it("THEN without readers it is refused: production wants a reader to fail over to", () => {
    expect(validationMessage({ ...input, database: { ...aurora, readers: 0 } })).toContain(
      'environment "test": database.readers is 0; expected at least 1 with multiAz: Aurora fails over to a reader in another AZ (or set multiAz: false)',
    );
  });
});

describe("Aurora Serverless v2", () => {
  it("GIVEN db.serverless with its capacity WHEN synthesized THEN the cluster scales between them and memory alarms follow the most", () => {
    const stack = synthEnvironment(minimalEnvironment({ database: { ...aurora, instanceClass: "db.serverless", readers: 0, serverless: { minCapacity: 0.5, maxCapacity: 8 } } }));
    expect(onlyResource(stack, "aws_rds_cluster").serverlessv2_scaling_configuration).toEqual({ min_capacity: 0.5, max_capacity: 8 });
    expect(onlyResource(stack, "aws_rds_cluster_instance").instance_class).toBe("db.serverless");
    const memory = Object.values(resourcesOf(stack, "aws_cloudwatch_metric_alarm")).find((alarm) => alarm.alarm_name === ("acme-test-database-memory-low" as unknown as Json));
    expect(memory?.threshold).toBe(Math.round(0.1 * 16 * 2 ** 30));
  });

  it.each([
    [{ instanceClass: "db.serverless" }, 'database.serverless is not set; expected minCapacity and maxCapacity, required with instanceClass "db.serverless"'],
    [{ instanceClass: "db.serverless", serverless: { minCapacity: 8, maxCapacity: 300 } }, "database.serverless.maxCapacity is 300; expected ACUs from 1 to 256 in steps of 0.5"],
    [{ instanceClass: "db.serverless", serverless: { minCapacity: 8, maxCapacity: 4 } }, "database.serverless.maxCapacity is 4; expected ACUs at least minCapacity (8)"],
    [{ readers: 16 }, "database.readers is 16; expected a whole number from 0 to 15"],
    [{ instanceClass: "db.t4g.micro" }, 'database.instanceClass is "db.t4g.micro"; expected "db.serverless" or an Aurora PostgreSQL class'],
    [{ engine: "mysql" }, 'database.engine is "mysql"; expected "rds-postgres" (one instance with a standby and replicas; the default) or "aurora-postgres" (a cluster)'],
    [{ allocatedStorage: 100 }, "database.allocatedStorage is not a known field"],
  ])("GIVEN %j WHEN parsed THEN it is refused", (change, expected) => {
    expect(validationMessage(minimalEnvironment({ database: { ...aurora, readers: 0, ...change } as never }))).toContain(expected);
  });
});

describe("reader autoscaling", () => {
  it("GIVEN 1 to 4 readers on CPU WHEN synthesized THEN Application Auto Scaling tracks the readers' average CPU", () => {
    const stack = synthEnvironment(minimalEnvironment({ database: { ...aurora, readers: 1, readerAutoscaling: { minReaders: 1, maxReaders: 4 } } }));
    expect(resourceAt(stack, "aws_appautoscaling_target", "database/reader-scaling").resource).toMatchObject({
      service_namespace: "rds",
      resource_id: "cluster:acme-test-aurora",
      scalable_dimension: "rds:cluster:ReadReplicaCount",
      min_capacity: 1,
      max_capacity: 4,
    });
    expect(resourceAt(stack, "aws_appautoscaling_policy", "database/reader-scaling-policy").resource.target_tracking_scaling_policy_configuration).toMatchObject({
      target_value: 70,
      predefined_metric_specification: { predefined_metric_type: "RDSReaderAverageCPUUtilization" },
    });
  });
});
