import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { createAwsContext } from "../modules/core/aws-context";
import { connect } from "../modules/core/connect";
import { PostgresDatabase } from "../modules/database/postgres-database";
import { DatabaseInput, databaseUseSchema, rdsPostgresSchema } from "../modules/database/schema";
import { EnvironmentInput } from "../modules/platform/schema";
import { RecordingMonitor } from "./support/monitor";
import {
  dataSourceAt,
  findByPath,
  Json,
  MINIMAL_DATABASE,
  minimalEnvironment,
  resourceAt,
  resourcesOf,
  synthesized,
  synthEnvironment,
  SynthesizedStack,
} from "./support/synth";

type ServiceInput = NonNullable<EnvironmentInput["services"]>[number];

const KMS_KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

/** The minimal environment's web service, which does not use the database. */
const WEB: ServiceInput = minimalEnvironment().services![0];
/** A routed service that uses the database. */
const API: ServiceInput = {
  ...WEB,
  name: "api",
  containerPort: 8080,
  loadBalancer: { priority: 10, pathPatterns: ["/api/*"] },
  uses: { database: true },
};
/** A worker (no load balancer) that uses the database. */
const WORKER: ServiceInput = {
  name: "worker",
  image: { source: "uri", uri: "public.ecr.aws/acme/worker:1.0.0" },
  cpu: 256,
  memory: 512,
  desiredCount: 1,
  uses: { database: true },
};

/** The minimal environment with the minimal database, `database` merged into it. */
function withDatabase(database: Partial<DatabaseInput> = {}, services?: ServiceInput[]): EnvironmentInput {
  return minimalEnvironment({ database: { ...MINIMAL_DATABASE, ...database }, ...(services ? { services } : {}) });
}

function primaryOf(stack: SynthesizedStack) {
  return resourceAt(stack, "aws_db_instance", "database/instance");
}

function dbInstances(stack: SynthesizedStack): Json[] {
  return Object.values(resourcesOf(stack, "aws_db_instance"));
}

function replicasOf(stack: SynthesizedStack): Json[] {
  return dbInstances(stack).filter((instance) => instance.replicate_source_db !== undefined);
}

/** Rules of `type` on the security group `securityGroupRef`, wherever in the stack they are defined. */
function rulesOn(stack: SynthesizedStack, type: string, securityGroupRef: string): Json[] {
  return Object.values(resourcesOf(stack, type)).filter((rule) => String(rule.security_group_id) === securityGroupRef);
}

function parametersOf(stack: SynthesizedStack): Record<string, { value: string; applyMethod: string }> {
  const group = resourceAt(stack, "aws_db_parameter_group", "database/parameters").resource;
  return Object.fromEntries(
    Object.values(group.parameter).map((parameter) => [
      String(parameter.name),
      { value: String(parameter.value), applyMethod: String(parameter.apply_method) },
    ]),
  );
}

describe("GIVEN an environment with the minimal database", () => {
  const stack = synthEnvironment(withDatabase());
  const primary = primaryOf(stack);
  const securityGroup = resourceAt(stack, "aws_security_group", "database/security-group");

  it("THEN it is one private, encrypted PostgreSQL 17 primary on gp3 with storage autoscaling, in the network's database subnets", () => {
    expect(dbInstances(stack)).toEqual([primary.resource]);
    expect(primary.resource).toMatchObject({
      identifier: "acme-test-postgres",
      engine: "postgres",
      engine_version: "17",
      auto_minor_version_upgrade: true,
      allow_major_version_upgrade: false,
      instance_class: MINIMAL_DATABASE.instanceClass,
      storage_type: "gp3",
      allocated_storage: MINIMAL_DATABASE.allocatedStorage,
      max_allocated_storage: MINIMAL_DATABASE.maxAllocatedStorage,
      storage_encrypted: true,
      publicly_accessible: false,
      port: 5432,
      db_name: "app",
      username: "dbadmin",
      iam_database_authentication_enabled: true,
      copy_tags_to_snapshot: true,
      vpc_security_group_ids: [securityGroup.ref("id")],
      db_subnet_group_name: resourceAt(stack, "aws_db_subnet_group", "network/database-subnet-group").ref("name"),
    });
    // No key configured: the environment's data key.
    expect(primary.resource.kms_key_id).toBe(resourceAt(stack, "aws_kms_key", "keys/data/key").ref("arn"));
  });

  it("THEN it backs up daily at 03:00-04:00 and is maintained on sun:04:30-sun:05:30 by default", () => {
    expect(primary.resource).toMatchObject({ backup_window: "03:00-04:00", maintenance_window: "sun:04:30-sun:05:30" });
  });

  it("THEN its parameter group, named after the major, forces TLS and logs slow statements, connections, lock waits and temp files", () => {
    const group = resourceAt(stack, "aws_db_parameter_group", "database/parameters");
    expect(group.resource).toMatchObject({
      name: "acme-test-postgres17",
      family: "postgres17",
      lifecycle: { create_before_destroy: true },
    });
    expect(primary.resource.parameter_group_name).toBe(group.ref("name"));
    expect(parametersOf(stack)).toMatchObject({
      "rds.force_ssl": { value: "1", applyMethod: "pending-reboot" },
      log_min_duration_statement: { value: "1000", applyMethod: "immediate" },
      log_connections: { value: "1" },
      log_disconnections: { value: "1" },
      log_lock_waits: { value: "1" },
      log_temp_files: { value: "10240" },
    });
  });

  it("THEN it publishes the primary's endpoint and port as outputs", () => {
    expect(stack.json.output.database_endpoint.value).toBe(primary.ref("endpoint"));
    expect(stack.json.output.database_port.value).toBe(5432);
  });

  it("THEN, with no service using it, its security group admits nobody and has no egress", () => {
    expect(rulesOn(stack, "aws_vpc_security_group_ingress_rule", securityGroup.ref("id"))).toEqual([]);
    expect(rulesOn(stack, "aws_vpc_security_group_egress_rule", securityGroup.ref("id"))).toEqual([]);
    expect(securityGroup.resource.ingress).toBeUndefined();
    expect(securityGroup.resource.egress).toBeUndefined();
  });
});

describe.each([
  { instanceClass: "db.t4g.micro", allocatedStorage: 20, maxAllocatedStorage: 50 },
  { instanceClass: "db.m7g.large", allocatedStorage: 100, maxAllocatedStorage: 1000 },
])("GIVEN a $instanceClass database of $allocatedStorage GiB growing to $maxAllocatedStorage GiB", (size) => {
  const stack = synthEnvironment(withDatabase(size));

  it("THEN the primary has that class, storage and autoscaling ceiling", () => {
    expect(primaryOf(stack).resource).toMatchObject({
      instance_class: size.instanceClass,
      allocated_storage: size.allocatedStorage,
      max_allocated_storage: size.maxAllocatedStorage,
    });
  });
});

describe.each([
  { multiAz: false, deletionProtection: false, backupRetentionPeriod: 1, skipFinalSnapshot: true },
  { multiAz: true, deletionProtection: true, backupRetentionPeriod: 14, skipFinalSnapshot: false },
  { multiAz: true, deletionProtection: false, backupRetentionPeriod: 0, skipFinalSnapshot: false },
  { multiAz: false, deletionProtection: true, backupRetentionPeriod: 35, skipFinalSnapshot: true },
])(
  "GIVEN multiAz $multiAz, deletionProtection $deletionProtection, backupRetentionPeriod $backupRetentionPeriod and skipFinalSnapshot $skipFinalSnapshot",
  (settings) => {
    const stack = synthEnvironment(withDatabase(settings));
    const primary = primaryOf(stack);

    it("THEN the primary follows those availability, protection and backup settings", () => {
      expect(primary.resource).toMatchObject({
        multi_az: settings.multiAz,
        deletion_protection: settings.deletionProtection,
        backup_retention_period: settings.backupRetentionPeriod,
        skip_final_snapshot: settings.skipFinalSnapshot,
      });
    });

    it(`THEN ${settings.skipFinalSnapshot ? "no final snapshot is named" : "the final snapshot's name is unique to this database's lifetime"}`, () => {
      if (settings.skipFinalSnapshot) {
        expect(primary.resource.final_snapshot_identifier).toBeUndefined();
        return;
      }
      const suffix = resourceAt(stack, "random_id", "database/final-snapshot-suffix");
      expect(primary.resource.final_snapshot_identifier).toBe(`acme-test-postgres-final-${suffix.ref("hex")}`);
      // A new suffix only when the database itself is replaced: destroying twice never meets the first snapshot.
      expect(suffix.resource).toEqual({ byte_length: 4, keepers: { identifier: "acme-test-postgres" } });
    });
  },
);

describe.each([true, false])("GIVEN performanceInsightsEnabled %s", (performanceInsightsEnabled) => {
  const stack = synthEnvironment(withDatabase({ performanceInsightsEnabled }));

  it(`THEN Performance Insights is ${performanceInsightsEnabled ? "on, with the free 7-day retention" : "off, with no retention"}`, () => {
    const primary = primaryOf(stack).resource;
    expect(primary.performance_insights_enabled).toBe(performanceInsightsEnabled);
    expect(primary.performance_insights_retention_period).toBe(performanceInsightsEnabled ? 7 : undefined);
  });
});

describe("GIVEN monitoringInterval 0", () => {
  const stack = synthEnvironment(withDatabase({ monitoringInterval: 0 }));

  it("THEN enhanced monitoring is off and there is no monitoring role", () => {
    const primary = primaryOf(stack).resource;
    expect(primary.monitoring_interval).toBe(0);
    expect(primary.monitoring_role_arn).toBeUndefined();
    expect(findByPath(stack, "aws_iam_role", "database/")).toEqual([]);
    expect(findByPath(stack, "aws_iam_role_policy_attachment", "database/")).toEqual([]);
  });
});

describe.each([15, 60] as const)("GIVEN monitoringInterval %i", (monitoringInterval) => {
  const stack = synthEnvironment(withDatabase({ monitoringInterval }));
  const primary = primaryOf(stack);
  const role = resourceAt(stack, "aws_iam_role", "database/monitoring-role");
  const attachment = resourceAt(stack, "aws_iam_role_policy_attachment", "database/monitoring-policy");

  it("THEN the primary reports at that interval through its own enhanced monitoring role, created first", () => {
    expect(primary.resource.monitoring_interval).toBe(monitoringInterval);
    expect(role.resource.name).toBe("acme-test-rds-monitoring");
    expect(primary.resource.monitoring_role_arn).toBe(role.ref("arn"));
    expect(Object.values(primary.resource.depends_on)).toContain(`aws_iam_role_policy_attachment.${attachment.name}`);
  });

  it("THEN the role has the AWS managed enhanced monitoring policy", () => {
    const partition = dataSourceAt(stack, "aws_partition", "current-partition").ref("partition");
    expect(attachment.resource).toEqual({
      role: role.ref("name"),
      policy_arn: `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });
  });

  it("THEN only RDS monitoring, on behalf of this account, may assume the role", () => {
    const trust = dataSourceAt(stack, "aws_iam_policy_document", "database/monitoring-trust");
    const accountId = dataSourceAt(stack, "aws_caller_identity", "current-account").ref("account_id");
    expect(role.resource.assume_role_policy).toBe(trust.ref("json"));
    expect(trust.resource.statement).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["monitoring.rds.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
      },
    ]);
  });
});

describe("GIVEN services api and worker use the database and web does not", () => {
  const stack = synthEnvironment(withDatabase({}, [WEB, API, WORKER]));
  const securityGroup = resourceAt(stack, "aws_security_group", "database/security-group");

  it("THEN the database admits PostgreSQL from exactly the users' and the setup task's security groups, never from a CIDR", () => {
    const ingress = rulesOn(stack, "aws_vpc_security_group_ingress_rule", securityGroup.ref("id"));
    expect(ingress).toHaveLength(3);
    for (const rule of ingress) {
      expect(rule.cidr_ipv4).toBeUndefined();
      expect(rule.cidr_ipv6).toBeUndefined();
      expect(rule).toMatchObject({ ip_protocol: "tcp", from_port: 5432, to_port: 5432 });
    }
    expect(ingress.map((rule) => String(rule.referenced_security_group_id)).sort()).toEqual(
      [
        ...["api", "worker"].map((service) => resourceAt(stack, "aws_security_group", `service-${service}/security-group`).ref("id")),
        resourceAt(stack, "aws_security_group", "database/users/setup/security-group").ref("id"),
      ].sort(),
    );
  });

  it("THEN the database's security group still has no egress and no inline rules", () => {
    expect(rulesOn(stack, "aws_vpc_security_group_egress_rule", securityGroup.ref("id"))).toEqual([]);
    expect(securityGroup.resource.ingress).toBeUndefined();
    expect(securityGroup.resource.egress).toBeUndefined();
  });
});

describe("GIVEN no readReplicas setting", () => {
  const stack = synthEnvironment(withDatabase());

  it("THEN there are no read replicas, and the replica endpoints output is empty", () => {
    expect(replicasOf(stack)).toEqual([]);
    expect(findByPath(stack, "aws_db_instance", "database/replica-")).toEqual([]);
    expect(stack.json.output.database_replica_endpoints.value).toEqual([]);
  });
});

describe("GIVEN one read replica of a protected Multi-AZ primary with monitoring and Performance Insights", () => {
  const stack = synthEnvironment(
    withDatabase({
      instanceClass: "db.m7g.large",
      multiAz: true,
      backupRetentionPeriod: 14,
      deletionProtection: true,
      skipFinalSnapshot: false,
      performanceInsightsEnabled: true,
      monitoringInterval: 60,
      readReplicas: 1,
    }),
  );
  const primary = primaryOf(stack);
  const replica = resourceAt(stack, "aws_db_instance", "database/replica-1");

  it("THEN the replica copies the primary's network, parameters, encryption, class, monitoring and insights", () => {
    expect(replicasOf(stack)).toEqual([replica.resource]);
    expect(replica.resource).toMatchObject({
      identifier: "acme-test-postgres-replica-1",
      replicate_source_db: primary.ref("identifier"),
      vpc_security_group_ids: primary.resource.vpc_security_group_ids,
      parameter_group_name: primary.resource.parameter_group_name,
      instance_class: "db.m7g.large",
      storage_encrypted: true,
      monitoring_interval: 60,
      monitoring_role_arn: primary.resource.monitoring_role_arn,
      performance_insights_enabled: true,
      publicly_accessible: false,
    });
    expect(replica.resource.monitoring_role_arn).toBeDefined();
  });

  it("THEN the replica takes no final snapshot of its own", () => {
    expect(replica.resource.skip_final_snapshot).toBe(true);
  });

  it("THEN the replica leaves engine, version, database, credentials and final snapshot to its source", () => {
    for (const inherited of ["username", "password", "db_name", "manage_master_user_password", "engine_version", "final_snapshot_identifier"]) {
      expect(replica.resource[inherited]).toBeUndefined();
    }
  });

  it("THEN RDS generates and keeps the master password: no instance has one, and none is in the JSON", () => {
    expect(primary.resource.manage_master_user_password).toBe(true);
    for (const instance of dbInstances(stack)) {
      expect(instance.password).toBeUndefined();
      expect(instance.password_wo).toBeUndefined();
    }
    expect(stack.text).not.toMatch(/"password(_wo)?"\s*:/);
    expect(stack.json.output.database_master_secret_arn.value).toBe(primary.ref("master_user_secret[0].secret_arn"));
  });

  it("THEN the primary and the replica export the PostgreSQL and upgrade logs to CloudWatch", () => {
    expect(dbInstances(stack)).toHaveLength(2);
    for (const instance of dbInstances(stack)) {
      expect(instance.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
    }
  });

  it("THEN the replica's endpoint is published as an output", () => {
    expect(stack.json.output.database_replica_endpoints.value).toEqual([replica.ref("endpoint")]);
  });
});

describe("GIVEN two read replicas", () => {
  const stack = synthEnvironment(withDatabase({ backupRetentionPeriod: 1, readReplicas: 2 }));
  const primary = primaryOf(stack);

  it("THEN they are numbered replica-1 and replica-2, both replicating the primary", () => {
    expect(replicasOf(stack)).toHaveLength(2);
    for (const number of [1, 2]) {
      expect(resourceAt(stack, "aws_db_instance", `database/replica-${number}`).resource).toMatchObject({
        identifier: `acme-test-postgres-replica-${number}`,
        replicate_source_db: primary.ref("identifier"),
      });
    }
  });

  it("THEN both endpoints are published, in order", () => {
    expect(stack.json.output.database_replica_endpoints.value).toEqual(
      [1, 2].map((number) => resourceAt(stack, "aws_db_instance", `database/replica-${number}`).ref("endpoint")),
    );
  });
});

describe("GIVEN a customer KMS key, Performance Insights and a read replica", () => {
  const stack = synthEnvironment(withDatabase({ kmsKeyArn: KMS_KEY_ARN, performanceInsightsEnabled: true, readReplicas: 1 }));

  it("THEN the key encrypts the storage and Performance Insights of the primary and the replica", () => {
    expect(dbInstances(stack)).toHaveLength(2);
    for (const instance of dbInstances(stack)) {
      expect(instance).toMatchObject({ storage_encrypted: true, kms_key_id: KMS_KEY_ARN, performance_insights_kms_key_id: KMS_KEY_ARN });
    }
  });
});

describe("GIVEN engine version 18", () => {
  const stack = synthEnvironment(withDatabase({ engineVersion: "18" }));

  it("THEN the primary runs 18 with a parameter group named after it, whose log_connections takes a list", () => {
    expect(primaryOf(stack).resource.engine_version).toBe("18");
    expect(resourceAt(stack, "aws_db_parameter_group", "database/parameters").resource).toMatchObject({
      name: "acme-test-postgres18",
      family: "postgres18",
    });
    expect(parametersOf(stack).log_connections.value).toBe("all");
  });
});

describe("GIVEN configured names, windows and slow statement threshold", () => {
  const stack = synthEnvironment(
    withDatabase({
      databaseName: "orders",
      username: "postgres",
      backupWindow: "01:00-01:30",
      maintenanceWindow: "mon:02:00-mon:03:00",
      logMinDurationStatementMs: -1,
    }),
  );

  it("THEN they are passed through to the primary and its parameter group", () => {
    expect(primaryOf(stack).resource).toMatchObject({
      db_name: "orders",
      username: "postgres",
      backup_window: "01:00-01:30",
      maintenance_window: "mon:02:00-mon:03:00",
    });
    expect(parametersOf(stack).log_min_duration_statement.value).toBe("-1");
  });

  it("THEN -1, the engine's default, is sent pending-reboot: RDS reads a default back that way, and immediate would show a change on every plan (provider #18035)", () => {
    expect(parametersOf(stack).log_min_duration_statement.applyMethod).toBe("pending-reboot");
  });
});

describe("GIVEN an environment without a database", () => {
  const stack = synthEnvironment(minimalEnvironment());

  it("THEN there are no database resources and no database outputs", () => {
    for (const type of ["aws_db_instance", "aws_db_parameter_group"]) expect(resourcesOf(stack, type)).toEqual({});
    expect(findByPath(stack, "aws_security_group", "database/")).toEqual([]);
    expect(stack.json.output.database_endpoint).toBeUndefined();
    expect(stack.json.output.database_replica_endpoints).toBeUndefined();
  });
});

describe("PostgresDatabase as a binding", () => {
  it("GIVEN a database on a fresh stack and two client security groups, WHEN both connect the way a service applies its binding, THEN each pair gets one rule on each side, on port 5432 alone", () => {
    // GIVEN a database on a fresh stack, and two client security groups
    const app = Testing.app();
    const scope = new TerraformStack(app, "harness");
    new AwsProvider(scope, "aws", { region: "eu-west-1" });
    const database = new PostgresDatabase(scope, "database", {
      ...rdsPostgresSchema.parse({ ...MINIMAL_DATABASE, logRetentionInDays: 30, secretRecoveryWindowInDays: 0, passwordRotationDays: 30 }),
      context: createAwsContext(scope, "acme", "test", "eu-west-1"),
      storageKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/data",
      logsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/logs",
      monitor: new RecordingMonitor(),
      vpcId: "vpc-0123456789abcdef0",
      databaseSubnetGroupName: "acme-test-database",
      secretsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/data",
    });
    const client = (name: string, securityGroupId: string) => ({ scope: new Construct(scope, name), peerName: name, peerLabel: `service ${name}`, securityGroupId });

    // WHEN both clients connect the way a service applies its binding
    for (const peer of [client("reports", "sg-0aaaaaaaaaaaaaaaa"), client("billing", "sg-0bbbbbbbbbbbbbbbb")]) {
      const { connection } = database.bindingFor("client", databaseUseSchema.parse(true));
      connect(peer, connection!.peer, connection!.port);
    }

    // THEN the database admits exactly those groups on 5432, one rule each
    const stack = synthesized(scope);
    const group = resourceAt(stack, "aws_security_group", "database/security-group");
    expect(resourceAt(stack, "aws_vpc_security_group_ingress_rule", "database/ingress-from-reports").resource).toEqual({
      security_group_id: group.ref("id"),
      description: "From service reports",
      ip_protocol: "tcp",
      from_port: 5432,
      to_port: 5432,
      referenced_security_group_id: "sg-0aaaaaaaaaaaaaaaa",
    });
    expect(resourceAt(stack, "aws_vpc_security_group_ingress_rule", "database/ingress-from-billing").resource).toMatchObject({
      security_group_id: group.ref("id"),
      referenced_security_group_id: "sg-0bbbbbbbbbbbbbbbb",
    });
    expect(Object.keys(resourcesOf(stack, "aws_vpc_security_group_ingress_rule"))).toHaveLength(2);
    // AND each client may send only to the database, on 5432
    for (const [name, securityGroupId] of [["reports", "sg-0aaaaaaaaaaaaaaaa"], ["billing", "sg-0bbbbbbbbbbbbbbbb"]]) {
      expect(resourceAt(stack, "aws_vpc_security_group_egress_rule", `${name}/egress-to-database`).resource).toMatchObject({
        security_group_id: securityGroupId,
        referenced_security_group_id: group.ref("id"),
        from_port: 5432,
        to_port: 5432,
      });
    }
    expect(Object.keys(resourcesOf(stack, "aws_vpc_security_group_egress_rule"))).toHaveLength(2);
    // AND, without replicas, it has no replica addresses
    expect(database.replicaAddresses).toEqual([]);
  });
});

describe("GIVEN a deletion-protected primary with two read replicas and a major upgrade allowed", () => {
  const stack = synthEnvironment(withDatabase({ deletionProtection: true, readReplicas: 2, backupRetentionPeriod: 7, allowMajorVersionUpgrade: true }));

  it("THEN the replicas are not deletion-protected, so lowering readReplicas can delete them; the primary is", () => {
    expect(primaryOf(stack).resource.deletion_protection).toBe(true);
    for (const path of ["database/replica-1", "database/replica-2"]) {
      expect(resourceAt(stack, "aws_db_instance", path).resource.deletion_protection).toBe(false);
    }
  });

  it("THEN primary and replicas apply immediately, so the upgrade and its parameter group land together (provider #19536)", () => {
    for (const path of ["database/instance", "database/replica-1", "database/replica-2"]) {
      expect(resourceAt(stack, "aws_db_instance", path).resource.apply_immediately).toBe(true);
    }
  });
});

describe("GIVEN a database without a major upgrade allowed", () => {
  it("THEN changes wait for the maintenance window (apply_immediately unset)", () => {
    expect(primaryOf(synthEnvironment(withDatabase({}))).resource.apply_immediately).toBeUndefined();
  });
});
