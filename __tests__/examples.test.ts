import * as eventPlatform from "../examples/event-platform";
import * as nodeApp from "../examples/node-app";
import * as safetyHeatmap from "../examples/safety-heatmap";
import * as teet from "../examples/teet";
import * as ticketBooking from "../examples/ticket-booking";
import { EnvironmentInput } from "../modules/platform/schema";
import { BootstrapInput } from "../modules/state/schema";
import { BuiltPlatform, builtPlatform, dataSourceAt, Json, resourceAt, resourcesOf, SynthesizedStack } from "./support/synth";

/**
 * The reference architectures (examples/, one per architecture of /work/shared/reference-architectures)
 * as a user runs them: each configuration parses, synthesizes every stack, passes its policy pack,
 * and keeps the guarantees its architecture relies on.
 */
interface Example {
  readonly bootstrap: BootstrapInput;
  readonly environments: readonly EnvironmentInput[];
}

const EXAMPLES: Readonly<Record<string, Example>> = {
  "node-app": nodeApp,
  "event-platform": eventPlatform,
  "safety-heatmap": safetyHeatmap,
  "ticket-booking": ticketBooking,
  teet,
};
const NAMES = Object.keys(EXAMPLES);

/** One build and synth per example, shared by every test file of the worker (support/synth.ts). */
function build(name: string): BuiltPlatform {
  const { bootstrap, environments } = EXAMPLES[name];
  return builtPlatform(bootstrap, environments);
}

function stackOf(name: string, environment: string): SynthesizedStack {
  const stack = build(name).stacks.get(environment);
  if (!stack) throw new Error(`example ${name} has no stack ${environment}`);
  return stack;
}

function all(stack: SynthesizedStack, type: string): Json[] {
  return Object.values(resourcesOf(stack, type));
}

function environmentsOf(name: string): string[] {
  return EXAMPLES[name].environments.map((environment) => environment.environment as string);
}

/** The containers of a service's task definition, as ECS reads them. */
function containersOf(stack: SynthesizedStack, service: string): Json[] {
  const definition = resourceAt(stack, "aws_ecs_task_definition", `service-${service}/task-definition`).resource;
  return JSON.parse(String(definition.container_definitions)) as Json[];
}

/** The names of a container's variables: plain ones and those ECS injects from secrets. */
function variablesOf(container: Json): { plain: string[]; secret: string[] } {
  const names = (list: Json | undefined) => ((list ?? []) as unknown as Json[]).map((entry) => String(entry.name));
  return { plain: names(container.environment), secret: names(container.secrets) };
}

describe.each(NAMES)("example %s", (name) => {
  it("GIVEN its configuration WHEN built THEN it parses and synthesizes the bootstrap stack and every environment, in one state bucket", () => {
    const { stacks } = build(name);
    const { bootstrap, environments } = EXAMPLES[name];
    expect([...stacks.keys()]).toEqual(["bootstrap", ...environmentsOf(name)]);
    expect(environmentsOf(name)).toEqual(expect.arrayContaining(["dev", "prod"]));
    expect(bootstrap.stateBackend.bucket).toBe(`${bootstrap.project}-tfstate-123456789012`);
    for (const environment of environments) {
      expect(environment.project).toBe(bootstrap.project);
      expect(environment.stateBackend.bucket).toBe(bootstrap.stateBackend.bucket);
      const stack = stackOf(name, environment.environment as string);
      expect(Object.keys(stack.json.resource).length).toBeGreaterThan(0);
      expect(stack.json.terraform.backend.s3.bucket).toBe(bootstrap.stateBackend.bucket);
    }
  });

  it("GIVEN its configuration WHEN the policy pack judges every stack THEN nothing fails", () => {
    const { platform } = build(name);
    for (const stack of ["bootstrap", ...environmentsOf(name)]) {
      const failed = platform.policies.get(stack)!.evaluate().filter((result) => result.status === "fail");
      expect({ stack, failed }).toEqual({ stack, failed: [] });
    }
  });

  it("GIVEN its configuration WHEN built THEN every production container has a read-only root filesystem", () => {
    for (const service of all(stackOf(name, "prod"), "aws_ecs_task_definition")) {
      for (const container of JSON.parse(String(service.container_definitions)) as Json[]) {
        if (String(container.name) === "aws-otel-collector") continue;
        expect({ container: container.name, readonly: container.readonlyRootFilesystem }).toEqual({ container: container.name, readonly: true });
      }
    }
  });
});

describe("node-app: ALB → Fargate → RDS, one hosted-app module on a shared cluster", () => {
  it.each(["dev", "prod"])("GIVEN %s WHEN built THEN an internet-facing ALB routes to the app, which gets the RDS PostgreSQL database", (environment) => {
    const stack = stackOf("node-app", environment);
    expect(all(stack, "aws_lb")).toEqual([expect.objectContaining({ internal: false, load_balancer_type: "application" })]);
    const service = resourceAt(stack, "aws_ecs_service", "service-app/service").resource;
    expect(service.load_balancer).toEqual([expect.objectContaining({ container_name: "app", container_port: 3000 })]);
    expect(all(stack, "aws_db_instance")).toEqual([expect.objectContaining({ engine: "postgres" })]);
    const { plain, secret } = variablesOf(containersOf(stack, "app")[0]);
    // Its own IAM-authenticated user: a name, no password.
    expect(plain).toEqual(expect.arrayContaining(["PGHOST", "PGUSER"]));
    expect(secret).not.toContain("PGPASSWORD");
  });

  it("GIVEN prod WHEN built THEN it survives a data center outage: two AZs, two tasks or more, a Multi-AZ database, a NAT gateway per AZ", () => {
    const stack = stackOf("node-app", "prod");
    expect(all(stack, "aws_nat_gateway")).toHaveLength(2);
    expect(all(stack, "aws_db_instance")).toEqual([expect.objectContaining({ multi_az: true, deletion_protection: true })]);
    expect(all(stack, "aws_appautoscaling_target")).toEqual([expect.objectContaining({ min_capacity: 2, max_capacity: 8 })]);
    expect(resourceAt(stack, "aws_ecs_service", "service-app/service").resource.network_configuration).toMatchObject({ assign_public_ip: false });
  });

  it("GIVEN dev WHEN built THEN the database is the cheap single-AZ one the architecture accepts during development", () => {
    expect(all(stackOf("node-app", "dev"), "aws_db_instance")).toEqual([expect.objectContaining({ multi_az: false, instance_class: "db.t4g.micro" })]);
    expect(all(stackOf("node-app", "dev"), "aws_nat_gateway")).toEqual([]);
  });

  it("GIVEN each environment WHEN built THEN failures are monitored: alarms notify a topic with an email subscriber, deployments roll back", () => {
    for (const environment of ["dev", "prod"]) {
      const stack = stackOf("node-app", environment);
      expect(all(stack, "aws_sns_topic_subscription")).toEqual([expect.objectContaining({ protocol: "email" })]);
      expect(all(stack, "aws_cloudwatch_metric_alarm").length).toBeGreaterThan(5);
      expect(resourceAt(stack, "aws_ecs_service", "service-app/service").resource.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
    }
  });
});

describe("event-platform: CloudFront SPA, ALB with WebSockets, Fargate 2-10, RDS Multi-AZ + replica, Redis, SQS", () => {
  it.each(["dev", "prod"])("GIVEN %s WHEN built THEN a CloudFront distribution serves the S3 SPA and sends /api/* and /socket.io/* to an internal ALB", (environment) => {
    const stack = stackOf("event-platform", environment);
    const [distribution] = all(stack, "aws_cloudfront_distribution");
    expect((distribution.origin as unknown as Json[]).map((origin) => origin.origin_id)).toEqual(["frontend-bucket", "api"]);
    expect((distribution.ordered_cache_behavior as unknown as Json[]).map((behavior) => behavior.path_pattern)).toEqual(["/api/*", "/socket.io/*"]);
    expect(all(stack, "aws_cloudfront_vpc_origin")).toHaveLength(1);
    expect(all(stack, "aws_lb")).toEqual([expect.objectContaining({ internal: true })]);
    // WebSocket clients reconnect to the task that holds their session.
    // (In prod both target groups of the canary deployment, so the second one is sticky too.)
    for (const group of all(stack, "aws_lb_target_group")) expect(group).toEqual(expect.objectContaining({ stickiness: expect.objectContaining({ enabled: true, type: "lb_cookie" }) }));
    expect(all(stack, "aws_lb_target_group")).toHaveLength(environment === "prod" ? 2 : 1);
  });

  it("GIVEN prod WHEN built THEN ElastiCache Redis runs in cluster mode, 2 shards of a primary and a replica, Multi-AZ", () => {
    expect(all(stackOf("event-platform", "prod"), "aws_elasticache_replication_group")).toEqual([
      expect.objectContaining({ engine: "redis", cluster_mode: "enabled", num_node_groups: 2, replicas_per_node_group: 1, automatic_failover_enabled: true, multi_az_enabled: true }),
    ]);
  });

  it("GIVEN prod WHEN built THEN the email queue has a dead-letter queue after 3 receives, and both are watched by alarms", () => {
    const stack = stackOf("event-platform", "prod");
    const queue = resourceAt(stack, "aws_sqs_queue", "queues/emails/queue");
    const deadLetters = resourceAt(stack, "aws_sqs_queue", "queues/emails/dead-letter-queue");
    expect(queue.resource).toMatchObject({ visibility_timeout_seconds: 300, message_retention_seconds: 14 * 86400 });
    expect(JSON.parse(String(queue.resource.redrive_policy))).toEqual({ deadLetterTargetArn: deadLetters.ref("arn"), maxReceiveCount: 3 });
    const alarms = all(stack, "aws_cloudwatch_metric_alarm").map((alarm) => String(alarm.alarm_name));
    expect(alarms).toEqual(expect.arrayContaining(["events-prod-queue-emails-dead-letters", "events-prod-backend-cpu-high", "events-prod-database-connections-high"]));
  });

  it("GIVEN prod WHEN built THEN the database is Multi-AZ with a read replica, the backend scales 2-10 and is traced with X-Ray", () => {
    const stack = stackOf("event-platform", "prod");
    const [primary, ...replicas] = all(stack, "aws_db_instance");
    expect(primary).toMatchObject({ multi_az: true, instance_class: "db.t3.medium", backup_retention_period: 7 });
    expect(replicas).toHaveLength(1);
    // Held at zero tasks until the operator-set secrets it reads have values (see modules/secret).
    expect(all(stack, "aws_appautoscaling_target")).toEqual([expect.objectContaining({ min_capacity: heldAt(2), max_capacity: heldAt(10) })]);
    expect(containersOf(stack, "backend").map((container) => container.name)).toEqual(["backend", "aws-otel-collector"]);
    expect(all(stack, "aws_cloudwatch_metric_alarm").find((alarm) => String(alarm.alarm_name) === "events-prod-backend-cpu-high")).toMatchObject({ threshold: 80 });
  });
});

describe("safety-heatmap: one Fargate service behind an HTTP API with a VPC link, no NAT, DynamoDB", () => {
  it.each(["dev", "prod"])("GIVEN %s WHEN built THEN there is no NAT gateway, no paid endpoint and no load balancer; the task runs in a public subnet", (environment) => {
    const stack = stackOf("safety-heatmap", environment);
    expect(all(stack, "aws_nat_gateway")).toEqual([]);
    expect(all(stack, "aws_lb")).toEqual([]);
    expect(all(stack, "aws_vpc_endpoint").map((endpoint) => endpoint.vpc_endpoint_type)).toEqual(["Gateway", "Gateway"]);
    expect(resourceAt(stack, "aws_ecs_service", "service-safetyheatmap/service").resource.network_configuration).toMatchObject({ assign_public_ip: true });
  });

  it.each(["dev", "prod"])("GIVEN %s WHEN built THEN an HTTP API reaches the service through a VPC link and its Cloud Map service", (environment) => {
    const stack = stackOf("safety-heatmap", environment);
    expect(all(stack, "aws_apigatewayv2_api")).toEqual([expect.objectContaining({ protocol_type: "HTTP" })]);
    const link = resourceAt(stack, "aws_apigatewayv2_vpc_link", "api-gateway/vpc-link");
    const discovery = resourceAt(stack, "aws_service_discovery_service", "service-safetyheatmap/discovery");
    expect(all(stack, "aws_apigatewayv2_integration")).toEqual([
      expect.objectContaining({ connection_type: "VPC_LINK", connection_id: link.ref("id"), integration_uri: discovery.ref("arn") }),
    ]);
    expect(all(stack, "aws_apigatewayv2_route").map((route) => route.route_key).sort()).toEqual(
      ["$default", "GET /api/safetyheatmap/heatmap/get", "POST /api/safetyheatmap/report/add"].sort(),
    );
  });

  it("GIVEN prod WHEN built THEN reports persist in a protected DynamoDB table whose name the service receives", () => {
    const stack = stackOf("safety-heatmap", "prod");
    expect(all(stack, "aws_dynamodb_table")).toEqual([
      expect.objectContaining({ deletion_protection_enabled: true, point_in_time_recovery: expect.objectContaining({ enabled: true }) }),
    ]);
    expect(variablesOf(containersOf(stack, "safetyheatmap")[0]).plain).toContain("TABLE_REPORTS_NAME");
  });

  it("GIVEN the bootstrap stack WHEN built THEN GitHub Actions pushes to ECR and rolls out ECS with OIDC roles, one publisher per environment", () => {
    const stack = stackOf("safety-heatmap", "bootstrap");
    expect(all(stack, "aws_iam_openid_connect_provider")).toHaveLength(1);
    expect(all(stack, "aws_iam_role").map((role) => String(role.name)).filter((name) => name.includes("publish")).sort()).toEqual([
      "safetyheatmap-dev-github-publish-safetyheatmap",
      "safetyheatmap-prod-github-publish-safetyheatmap",
    ]);
    expect(all(stack, "aws_iam_access_key")).toEqual([]);
  });
});

describe("ticket-booking: Java API behind a load balancer, long-lived Camunda workers, secrets in Secrets Manager", () => {
  it.each([
    ["dev", 1, 2],
    ["prod", 2, 8],
  ] as const)("GIVEN %s WHEN built THEN the workers have no load balancer nor port, never scale to zero once their secret is set, and scale %i-%i on CPU", (environment, min, max) => {
    const stack = stackOf("ticket-booking", environment);
    const service = resourceAt(stack, "aws_ecs_service", "service-workers/service").resource;
    expect(service.load_balancer).toBeUndefined();
    const [worker] = containersOf(stack, "workers");
    expect(worker.portMappings).toBeUndefined();
    expect(worker.healthCheck).toMatchObject({ command: ["CMD", "node", "healthcheck.js"] });
    expect(resourceAt(stack, "aws_appautoscaling_target", "service-workers/autoscaling/target").resource).toMatchObject({ min_capacity: heldAt(min), max_capacity: heldAt(max) });
    expect(resourceAt(stack, "aws_appautoscaling_policy", "service-workers/autoscaling/cpu").resource.target_tracking_scaling_policy_configuration).toMatchObject({ target_value: 60 });
  });

  it("GIVEN prod WHEN built THEN the API is routed by an HTTPS load balancer and both services read Camunda's secret from Secrets Manager, never from plain variables", () => {
    const stack = stackOf("ticket-booking", "prod");
    expect(resourceAt(stack, "aws_ecs_service", "service-api/service").resource.load_balancer).toEqual([expect.objectContaining({ container_name: "api", container_port: 8080 })]);
    expect(all(stack, "aws_lb_listener").map((listener) => listener.protocol).sort()).toEqual(["HTTP", "HTTPS"]);
    const secret = resourceAt(stack, "aws_secretsmanager_secret", "secrets/camunda-client-secret/secret");
    for (const service of ["api", "workers"]) {
      const [container] = containersOf(stack, service);
      expect(container.secrets).toEqual(expect.arrayContaining([{ name: "CAMUNDA_CLIENT_SECRET", valueFrom: secret.ref("arn") }]));
      expect(variablesOf(container).plain).not.toContain("CAMUNDA_CLIENT_SECRET");
    }
  });
});

describe("event-platform: egress", () => {
  it("GIVEN prod WHEN built THEN one regional NAT gateway serves both AZs, without interface endpoints", () => {
    const stack = stackOf("event-platform", "prod");
    expect(all(stack, "aws_nat_gateway")).toEqual([expect.objectContaining({ availability_mode: "regional" })]);
    expect(all(stack, "aws_vpc_endpoint").map((endpoint) => endpoint.vpc_endpoint_type)).toEqual(["Gateway", "Gateway"]);
  });
});

describe("teet: Aurora PostgreSQL (a writer, two readers), PostgREST on Fargate behind API Gateway", () => {
  it("GIVEN prod WHEN built THEN Aurora PostgreSQL runs one writer and two readers", () => {
    const stack = stackOf("teet", "prod");
    expect(all(stack, "aws_rds_cluster")).toEqual([expect.objectContaining({ engine: "aurora-postgresql", deletion_protection: true })]);
    const instances = all(stack, "aws_rds_cluster_instance");
    expect(instances.map((instance) => instance.instance_class)).toEqual(["db.r7g.large", "db.r7g.large", "db.r7g.large"]);
    expect(all(stack, "aws_db_instance")).toEqual([]);
  });

  it("GIVEN prod WHEN built THEN PostgREST runs in private subnets without NAT or public IP, reaching AWS through the endpoints it needs", () => {
    const stack = stackOf("teet", "prod");
    expect(all(stack, "aws_nat_gateway")).toEqual([]);
    expect(all(stack, "aws_ecs_service").map((service) => service.network_configuration.assign_public_ip)).toEqual([false]);
    const interfaces = all(stack, "aws_vpc_endpoint").filter((endpoint) => String(endpoint.vpc_endpoint_type) === "Interface");
    expect(interfaces.map((endpoint) => String(endpoint.service_name).split(".").slice(3).join(".")).sort()).toEqual(["ecr.api", "ecr.dkr", "logs", "secretsmanager"]);
  });

  it("GIVEN dev WHEN built THEN the cluster is Serverless v2 that pauses when idle", () => {
    const stack = stackOf("teet", "dev");
    expect(all(stack, "aws_rds_cluster")).toEqual([expect.objectContaining({ serverlessv2_scaling_configuration: { min_capacity: 0, max_capacity: 2 } })]);
    expect(all(stack, "aws_rds_cluster_instance")).toEqual([expect.objectContaining({ instance_class: "db.serverless" })]);
  });

  it.each(["dev", "prod"])("GIVEN %s WHEN built THEN API Gateway sends every request to PostgREST, which connects to Aurora with its JWT secret", (environment) => {
    const stack = stackOf("teet", environment);
    expect(all(stack, "aws_lb")).toEqual([]);
    expect(all(stack, "aws_apigatewayv2_route")).toEqual([expect.objectContaining({ route_key: "$default" })]);
    expect(all(stack, "aws_apigatewayv2_integration")).toEqual([
      expect.objectContaining({ connection_type: "VPC_LINK", integration_uri: resourceAt(stack, "aws_service_discovery_service", "service-postgrest/discovery").ref("arn") }),
    ]);
    const { plain, secret } = variablesOf(containersOf(stack, "postgrest")[0]);
    // Its own password user (PostgREST cannot sign IAM tokens): the name plain, the generated password a secret.
    expect(plain).toEqual(expect.arrayContaining(["PGHOST", "PGUSER", "PGDATABASE", "PGRST_DB_SCHEMAS", "PGRST_DB_ANON_ROLE"]));
    expect(secret).toEqual(["PGPASSWORD", "PGRST_JWT_SECRET"]);
  });
});

/** A count Terraform holds at 0 until every operator-set secret the service reads has a value. */
function heldAt(count: number): unknown {
  return expect.stringMatching(new RegExp(`^\\$\\{length\\(data\\.aws_secretsmanager_secret_versions\\..* \\? ${count} : 0\\}$`));
}

describe("releases and jobs of the examples", () => {
  /** The one container of a job's task definition. */
  function jobContainer(stack: SynthesizedStack, job: string): Json {
    const definition = resourceAt(stack, "aws_ecs_task_definition", `job-${job}/task/task-definition`).resource;
    return (JSON.parse(String(definition.container_definitions)) as Json[])[0];
  }

  it.each(["dev", "prod"])("GIVEN node-app %s WHEN built THEN the app's migration is a one-off task the release workflow can run, on the app's image, as the app's database user", (environment) => {
    const stack = stackOf("node-app", environment);
    const output = stack.json.output?.task_app_task_migrate?.value as Json;
    expect(output).toMatchObject({ family: `node-app-${environment}-app-task-migrate`, container: "app" });
    const [app] = containersOf(stack, "app");
    const migrate = JSON.parse(String(resourceAt(stack, "aws_ecs_task_definition", "service-app/task-migrate/task-definition").resource.container_definitions))[0] as Json;
    expect(migrate.image).toBe(app.image);
    expect(migrate.command).toEqual(["node", "dist/migrate.js"]);
    const statements = Object.values(dataSourceAt(stack, "aws_iam_policy_document", "service-app/task-migrate/roles/task-policy-document").resource.statement as Record<string, Json>);
    expect(statements).toEqual([expect.objectContaining({ actions: ["rds-db:connect"], resources: [expect.stringMatching(/:dbuser:.*\/svc_app$/)] })]);
  });

  it.each(["dev", "prod"])("GIVEN event-platform %s WHEN built THEN an hourly reminders job runs the backend's image, sends to the email queue, and never overlaps itself", (environment) => {
    const stack = stackOf("event-platform", environment);
    const schedule = resourceAt(stack, "aws_scheduler_schedule", "job-reminders/schedule").resource;
    expect(schedule.schedule_expression).toBe("cron(0 * * * ? *)");
    expect(schedule.target.arn).toBe(resourceAt(stack, "aws_sfn_state_machine", "job-reminders/guard/state-machine").ref("arn"));
    const [backend] = containersOf(stack, "backend");
    const reminders = jobContainer(stack, "reminders");
    expect(reminders.image).toBe(backend.image);
    expect(variablesOf(reminders).plain).toEqual(expect.arrayContaining(["QUEUE_EMAILS_URL", "PGUSER"]));
  });

  it.each(["dev", "prod"])("GIVEN ticket-booking %s WHEN built THEN the workers keep running as a service while release-holds runs hourly on their image and ends", (environment) => {
    const stack = stackOf("ticket-booking", environment);
    expect(resourceAt(stack, "aws_ecs_service", "service-workers/service").resource.desired_count).toBeDefined();
    expect(all(stack, "aws_ecs_service").map((service) => String(service.name))).not.toContainEqual(expect.stringContaining("release-holds"));
    expect(resourceAt(stack, "aws_scheduler_schedule", "job-release-holds/schedule").resource.schedule_expression).toBe("rate(1 hour)");
    const [worker] = containersOf(stack, "workers");
    const job = jobContainer(stack, "release-holds");
    expect(job.image).toBe(worker.image);
    expect(variablesOf(job).secret).toEqual(["CAMUNDA_CLIENT_SECRET"]);
  });
});
