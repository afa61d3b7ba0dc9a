import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { createAwsContext } from "../modules/core/aws-context";
import { connect } from "../modules/core/connect";
import { PostgresDatabase } from "../modules/database/postgres-database";
import { databaseSchema } from "../modules/database/schema";
import {
  changed,
  MINIMAL_DATABASE,
  resourceAt,
  synthesized,
  dataSourcesOf,
  ENVIRONMENT_NAMES,
  shippedEnvironment,
  Json,
  resourcesOf,
  synthEnvironment,
  SynthesizedStack,
} from "./support/synth";



function dbInstances(stack: SynthesizedStack): Json[] {
  return Object.values(resourcesOf(stack, "aws_db_instance"));
}

function replicasOf(stack: SynthesizedStack): Json[] {
  return dbInstances(stack).filter((instance) => instance.replicate_source_db !== undefined);
}

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

const KMS_KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

describe.each(ENVIRONMENT_NAMES)("the %s database", (name) => {
  const stack = synthEnvironment(name);
  const config = shippedEnvironment(name);
  const database = config.database!;
  const primary = resourceAt(stack, "aws_db_instance", "database/instance");
  const securityGroup = resourceAt(stack, "aws_security_group", "database/security-group");

  it("is one private, encrypted PostgreSQL 17 primary on gp3 with storage autoscaling", () => {
    expect(dbInstances(stack).filter((instance) => instance.replicate_source_db === undefined)).toEqual([primary.resource]);
    expect(primary.resource).toMatchObject({
      identifier: `acme-${name}-postgres`,
      engine: "postgres",
      engine_version: "17",
      auto_minor_version_upgrade: true,
      allow_major_version_upgrade: false,
      instance_class: database.instanceClass,
      storage_type: "gp3",
      allocated_storage: database.allocatedStorage,
      max_allocated_storage: database.maxAllocatedStorage,
      storage_encrypted: true,
      publicly_accessible: false,
      port: 5432,
      db_name: "app",
      username: "dbadmin",
      iam_database_authentication_enabled: true,
      copy_tags_to_snapshot: true,
      vpc_security_group_ids: [securityGroup.ref("id")],
    });
    expect(primary.resource.kms_key_id).toBeUndefined();
    expect(String(primary.resource.db_subnet_group_name)).toMatch(/^\$\{aws_db_subnet_group\.network_.*\.name\}$/);
  });

  it("has RDS generate and keep the master password: none is in the JSON", () => {
    expect(primary.resource.manage_master_user_password).toBe(true);
    for (const instance of dbInstances(stack)) {
      expect(instance.password).toBeUndefined();
      expect(instance.password_wo).toBeUndefined();
    }
    expect(stack.text).not.toMatch(/"password(_wo)?"\s*:/);
    expect(stack.json.output.database_master_secret_arn.value).toBe(primary.ref("master_user_secret[0].secret_arn"));
  });

  it("follows the environment's availability, protection and backup settings", () => {
    expect(primary.resource).toMatchObject({
      multi_az: database.multiAz,
      deletion_protection: database.deletionProtection,
      backup_retention_period: database.backupRetentionPeriod,
      backup_window: "03:00-04:00",
      maintenance_window: "sun:04:30-sun:05:30",
      skip_final_snapshot: database.skipFinalSnapshot,
    });
  });

  it("takes a final snapshot with a fixed name unless told to skip it", () => {
    const identifier = primary.resource.final_snapshot_identifier;
    if (database.skipFinalSnapshot) expect(identifier).toBeUndefined();
    else expect(identifier).toBe(`acme-${name}-postgres-final`);
  });

  it("exports the PostgreSQL and upgrade logs to CloudWatch", () => {
    for (const instance of dbInstances(stack)) {
      expect(instance.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
    }
  });

  it("turns Performance Insights on, with the free 7-day retention, only where configured", () => {
    expect(primary.resource.performance_insights_enabled).toBe(database.performanceInsightsEnabled);
    expect(primary.resource.performance_insights_retention_period).toBe(database.performanceInsightsEnabled ? 7 : undefined);
  });

  it("has an enhanced monitoring role only where monitoring is on", () => {
    const roles = Object.values(resourcesOf(stack, "aws_iam_role")).filter((role) => String(role.name).endsWith("rds-monitoring"));
    expect(primary.resource.monitoring_interval).toBe(database.monitoringInterval);
    if (database.monitoringInterval === 0) {
      expect(roles).toHaveLength(0);
      expect(primary.resource.monitoring_role_arn).toBeUndefined();
      return;
    }
    const role = resourceAt(stack, "aws_iam_role", "database/monitoring-role");
    expect(role.resource.name).toBe(`acme-${name}-rds-monitoring`);
    expect(primary.resource.monitoring_role_arn).toBe(role.ref("arn"));
    expect(resourceAt(stack, "aws_iam_role_policy_attachment", "database/monitoring-policy").resource).toEqual({
      role: role.ref("name"),
      policy_arn: "arn:${data.aws_partition.current-partition.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    });
    const trustName = /^\$\{data\.aws_iam_policy_document\.(.+)\.json\}$/.exec(String(role.resource.assume_role_policy))?.[1];
    expect(dataSourcesOf(stack, "aws_iam_policy_document")[String(trustName)].statement).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["monitoring.rds.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["${data.aws_caller_identity.current-account.account_id}"] }],
      },
    ]);
  });

  it("forces TLS and logs slow statements, connections, lock waits and temp files", () => {
    const group = resourceAt(stack, "aws_db_parameter_group", "database/parameters");
    expect(group.resource).toMatchObject({
      name: `acme-${name}-postgres17`,
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

  it("admits PostgreSQL only from the security groups of the services that use it, never from a CIDR", () => {
    const users = (config.services ?? []).filter((service) => service.uses?.database).map((service) => service.name);
    const ingress = rulesOn(stack, "aws_vpc_security_group_ingress_rule", securityGroup.ref("id"));
    expect(users.length).toBeGreaterThan(0);
    expect(ingress).toHaveLength(users.length);
    for (const rule of ingress) {
      expect(rule.cidr_ipv4).toBeUndefined();
      expect(rule.cidr_ipv6).toBeUndefined();
      expect(rule).toMatchObject({ ip_protocol: "tcp", from_port: 5432, to_port: 5432 });
    }
    expect(ingress.map((rule) => rule.referenced_security_group_id).sort()).toEqual(
      users.map((service) => resourceAt(stack, "aws_security_group", `service-${service}/security-group`).ref("id")).sort(),
    );
    expect(rulesOn(stack, "aws_vpc_security_group_egress_rule", securityGroup.ref("id"))).toHaveLength(0);
    expect(securityGroup.resource.ingress).toBeUndefined();
    expect(securityGroup.resource.egress).toBeUndefined();
  });

  it("publishes the endpoint, port, secret ARN and replica endpoints as outputs", () => {
    expect(stack.json.output.database_endpoint.value).toBe(primary.ref("endpoint"));
    expect(stack.json.output.database_port.value).toBe(5432);
    expect(stack.json.output.database_replica_endpoints.value).toHaveLength(database.readReplicas ?? 0);
  });
});

describe("read replicas", () => {
  it("are absent in dev and staging", () => {
    expect(replicasOf(synthEnvironment("dev"))).toHaveLength(0);
    expect(replicasOf(synthEnvironment("staging"))).toHaveLength(0);
  });

  it("replicate prod's primary with its network, parameters, encryption, class, monitoring and insights", () => {
    const stack = synthEnvironment("prod");
    const primary = resourceAt(stack, "aws_db_instance", "database/instance");
    const replica = resourceAt(stack, "aws_db_instance", "database/replica-1");
    expect(replicasOf(stack)).toHaveLength(1);
    expect(replica.resource).toMatchObject({
      identifier: "acme-prod-postgres-replica-1",
      replicate_source_db: primary.ref("identifier"),
      vpc_security_group_ids: primary.resource.vpc_security_group_ids,
      parameter_group_name: primary.resource.parameter_group_name,
      instance_class: primary.resource.instance_class,
      storage_encrypted: true,
      monitoring_interval: 60,
      monitoring_role_arn: primary.resource.monitoring_role_arn,
      performance_insights_enabled: true,
      publicly_accessible: false,
      skip_final_snapshot: true,
    });
    for (const inherited of ["username", "password", "db_name", "manage_master_user_password", "engine_version", "final_snapshot_identifier"]) {
      expect(replica.resource[inherited]).toBeUndefined();
    }
    expect(stack.json.output.database_replica_endpoints.value).toEqual([replica.ref("endpoint")]);
  });

  it("are numbered replica-1, replica-2... after the configured count", () => {
    const stack = synthEnvironment(changed("staging", (config) => void (config.database!.readReplicas = 2)));
    const primary = resourceAt(stack, "aws_db_instance", "database/instance");
    for (const number of [1, 2]) {
      expect(resourceAt(stack, "aws_db_instance", `database/replica-${number}`).resource).toMatchObject({
        identifier: `acme-staging-postgres-replica-${number}`,
        replicate_source_db: primary.ref("identifier"),
      });
    }
  });
});

describe("database options", () => {
  it("encrypts storage and Performance Insights of primary and replicas with a configured key", () => {
    const stack = synthEnvironment(changed("prod", (config) => void (config.database!.kmsKeyArn = KMS_KEY_ARN)));
    expect(dbInstances(stack)).toHaveLength(2);
    for (const instance of dbInstances(stack)) {
      expect(instance).toMatchObject({ storage_encrypted: true, kms_key_id: KMS_KEY_ARN, performance_insights_kms_key_id: KMS_KEY_ARN });
    }
  });

  it("names the parameter group after another major version, whose log_connections takes a list from 18 on", () => {
    const stack = synthEnvironment(changed("dev", (config) => void (config.database!.engineVersion = "18")));
    expect(resourceAt(stack, "aws_db_instance", "database/instance").resource.engine_version).toBe("18");
    expect(resourceAt(stack, "aws_db_parameter_group", "database/parameters").resource).toMatchObject({
      name: "acme-dev-postgres18",
      family: "postgres18",
    });
    expect(parametersOf(stack).log_connections.value).toBe("all");
  });

  it("passes the configured names, windows and slow statement threshold through", () => {
    const stack = synthEnvironment(
      changed("dev", (config) => {
        Object.assign(config.database!, {
          databaseName: "orders",
          username: "postgres",
          backupWindow: "01:00-01:30",
          maintenanceWindow: "mon:02:00-mon:03:00",
          logMinDurationStatementMs: -1,
        });
      }),
    );
    expect(resourceAt(stack, "aws_db_instance", "database/instance").resource).toMatchObject({
      db_name: "orders",
      username: "postgres",
      backup_window: "01:00-01:30",
      maintenance_window: "mon:02:00-mon:03:00",
    });
    expect(parametersOf(stack).log_min_duration_statement.value).toBe("-1");
  });

  it("creates no database resources when the environment has no database", () => {
    const stack = synthEnvironment(
      changed("dev", (config) => {
        delete config.database;
        for (const service of config.services ?? []) delete service.uses;
      }),
    );
    for (const type of ["aws_db_instance", "aws_db_parameter_group"]) expect(resourcesOf(stack, type)).toEqual({});
    expect(stack.json.output.database_endpoint).toBeUndefined();
  });
});

describe("PostgresDatabase as a binding", () => {
  it("gives each service a path to port 5432 alone, through one rule on each side", () => {
    // GIVEN a database on a fresh stack, and two client security groups
    const app = Testing.app();
    const scope = new TerraformStack(app, "harness");
    new AwsProvider(scope, "aws", { region: "eu-west-1" });
    const database = new PostgresDatabase(scope, "database", {
      ...databaseSchema.parse(MINIMAL_DATABASE),
      context: createAwsContext(scope, "acme", "test", "eu-west-1"),
      vpcId: "vpc-0123456789abcdef0",
      databaseSubnetGroupName: "acme-test-database",
    });
    const client = (name: string, securityGroupId: string) => ({ scope: new Construct(scope, name), peerName: name, peerLabel: `service ${name}`, securityGroupId });

    // WHEN both clients connect the way a service applies its binding
    for (const peer of [client("reports", "sg-0aaaaaaaaaaaaaaaa"), client("billing", "sg-0bbbbbbbbbbbbbbbb")]) {
      const { connection } = database.bindingFor();
      connect(peer, connection!.peer, connection!.port);
    }

    // THEN the database admits exactly those groups on 5432, and each client may send only there
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
    expect(resourceAt(stack, "aws_vpc_security_group_egress_rule", "billing/egress-to-database").resource).toMatchObject({
      security_group_id: "sg-0bbbbbbbbbbbbbbbb",
      referenced_security_group_id: group.ref("id"),
      from_port: 5432,
      to_port: 5432,
    });
    expect(Object.keys(resourcesOf(stack, "aws_vpc_security_group_ingress_rule"))).toHaveLength(2);
    expect(database.replicaAddresses).toEqual([]);
  });
});
