import { EnvironmentInput } from "../modules/platform/schema";
import { dataSourceAt, Json, minimalEnvironment, resourceAt, resourcesOf, synthEnvironment, SynthesizedStack, validationMessage } from "./support/synth";

const web = minimalEnvironment().services![0];
const worker = { name: "worker", image: { source: "uri" as const, uri: "public.ecr.aws/acme/worker:1.0" }, cpu: 256 as const, memory: 512, desiredCount: 1 };

/** An environment with every backing resource, the web service using all of them and a worker consuming the queue. */
function withEverything(overrides: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return minimalEnvironment({
    cache: { nodeType: "cache.t4g.micro" },
    queues: { jobs: {} },
    tables: { reports: { partitionKey: { name: "id", type: "S" } } },
    secrets: { "jwt-signing-key": { description: "Signs session tokens" } },
    services: [
      { ...web, uses: { cache: true, queues: { jobs: "send" }, tables: { reports: "read-write" }, secrets: { JWT_SIGNING_KEY: "jwt-signing-key" } } },
      { ...worker, uses: { queues: { jobs: "consume" }, tables: { reports: "read" } } },
    ],
    ...overrides,
  } as never);
}

function containerOf(stack: SynthesizedStack, service: string): Json {
  return JSON.parse(String(resourceAt(stack, "aws_ecs_task_definition", `service-${service}/task-definition`).resource.container_definitions))[0];
}

function variableNames(container: Json): string[] {
  return (container.environment as unknown as { name: string }[]).map((variable) => variable.name);
}

describe("GIVEN an environment with a cache, a queue, a table and a secret", () => {
  const stack = synthEnvironment(withEverything());

  it("THEN each exists once", () => {
    for (const type of ["aws_elasticache_replication_group", "aws_dynamodb_table", "aws_secretsmanager_secret"]) {
      expect(Object.keys(resourcesOf(stack, type))).toHaveLength(1);
    }
    expect(Object.keys(resourcesOf(stack, "aws_sqs_queue"))).toHaveLength(2);
  });

  it("THEN the web service gets every binding's variables and the secret as an ECS secret", () => {
    const web = containerOf(stack, "web");
    expect(variableNames(web)).toEqual(
      expect.arrayContaining(["CACHE_HOST", "CACHE_PORT", "CACHE_TLS", "CACHE_USER", "QUEUE_JOBS_URL", "TABLE_REPORTS_NAME"]),
    );
    expect((web.secrets as unknown as { name: string }[]).map((secret) => secret.name)).toEqual(["JWT_SIGNING_KEY"]);
  });

  it("THEN the worker gets only the queue and the table, read-only", () => {
    const worker = containerOf(stack, "worker");
    expect(variableNames(worker).sort()).toEqual(["QUEUE_JOBS_URL", "TABLE_REPORTS_NAME"]);
    const statements = JSON.stringify(Object.values(dataSourceAt(stack, "aws_iam_policy_document", "service-worker/roles/task-policy-document").resource.statement));
    expect(statements).toContain("sqs:ReceiveMessage");
    expect(statements).not.toContain("sqs:SendMessage");
    expect(statements).not.toContain("dynamodb:PutItem");
  });

  it("THEN only the web service may reach the cache, on its port", () => {
    const cacheGroup = resourceAt(stack, "aws_security_group", "cache/security-group");
    const ingress = Object.values(resourcesOf(stack, "aws_vpc_security_group_ingress_rule")).filter(
      (rule) => rule.security_group_id === (cacheGroup.ref("id") as unknown as Json),
    );
    expect(ingress).toEqual([
      expect.objectContaining({ referenced_security_group_id: resourceAt(stack, "aws_security_group", "service-web/security-group").ref("id"), from_port: 6379 }),
    ]);
  });

  it("THEN the dead-letter queue is watched, as it must be", () => {
    const names = Object.values(resourcesOf(stack, "aws_cloudwatch_metric_alarm")).map((alarm) => String(alarm.alarm_name));
    expect(names.some((name) => name.includes("jobs") && name.includes("dead-letters"))).toBe(true);
  });
});

describe("GIVEN a service that names what the environment does not have", () => {
  it.each([
    [{ queues: {}, services: [{ ...web, uses: { queues: { emails: "send" } } }] }, "services[0].uses.queues.emails"],
    [{ tables: {}, services: [{ ...web, uses: { tables: { orders: "read" } } }] }, "services[0].uses.tables.orders"],
    [{ services: [{ ...web, uses: { cache: true } }] }, "services[0].uses.cache is true; expected a cache in this environment's config"],
    [{ services: [{ ...web, uses: { queues: { jobs: "publish" } } }], queues: { jobs: {} } }, 'services[0].uses.queues.jobs is "publish"'],
  ])("WHEN parsed (%#) THEN it is named", (overrides, expected) => {
    expect(validationMessage(minimalEnvironment(overrides as never))).toContain(expected);
  });

  it("GIVEN a service that sets a variable a binding sets WHEN parsed THEN it is refused", () => {
    const input = withEverything();
    const message = validationMessage({ ...input, services: [{ ...input.services![0], environment: { QUEUE_JOBS_URL: "x" } }] });
    expect(message).toContain("services[0].environment.QUEUE_JOBS_URL");
    expect(message).toContain("with uses.queues: the platform sets them");
  });
});

describe("tier defaults reach every table and the cache", () => {
  it.each([
    ["development", false, 0],
    ["production", true, 2],
  ] as const)("GIVEN %s WHEN synthesized THEN tables are deletion-protected: %s, cache replicas: %d", (tier, protectedTables, replicas) => {
    const stack = synthEnvironment(withEverything({ tier }));
    for (const table of Object.values(resourcesOf(stack, "aws_dynamodb_table"))) expect(Boolean(table.deletion_protection_enabled)).toBe(protectedTables);
    expect(Object.values(resourcesOf(stack, "aws_elasticache_replication_group"))[0].replicas_per_node_group).toBe(replicas);
  });
});

describe("GIVEN a worker that scales on the backlog of the queue it consumes", () => {
  const scaled = (backlog: { queue: string; messagesPerTask: number }, change: (config: EnvironmentInput) => EnvironmentInput = (config) => config) =>
    change(
      withEverything({
        services: [{ ...worker, uses: { queues: { jobs: "consume" } }, autoscaling: { minCapacity: 1, maxCapacity: 10, queueBacklog: backlog } }],
      } as never),
    );
  const stack = synthEnvironment(scaled({ queue: "jobs", messagesPerTask: 50 }));

  it("THEN a target-tracking policy holds visible messages per running task at the configured number", () => {
    const policy = resourceAt(stack, "aws_appautoscaling_policy", "service-worker/autoscaling/queue-backlog").resource;
    const queue = resourceAt(stack, "aws_sqs_queue", "queues/jobs/queue").resource;
    const configuration = policy.target_tracking_scaling_policy_configuration;
    expect(configuration.target_value).toBe(50);
    const metrics = configuration.customized_metric_specification.metrics as unknown as Json[];
    expect(metrics).toEqual([
      expect.objectContaining({ id: "visible", metric_stat: expect.objectContaining({ metric: expect.objectContaining({ namespace: "AWS/SQS", dimensions: [{ name: "QueueName", value: queue.name }] }) }) }),
      expect.objectContaining({ id: "tasks", metric_stat: expect.objectContaining({ metric: expect.objectContaining({ namespace: "ECS/ContainerInsights", metric_name: "RunningTaskCount" }) }) }),
      expect.objectContaining({ id: "backlog_per_task", expression: "visible / tasks", return_data: true }),
    ]);
  });

  it("THEN CPU and memory tracking stay beside it", () => {
    for (const policy of ["cpu", "memory"]) expect(resourceAt(stack, "aws_appautoscaling_policy", `service-worker/autoscaling/${policy}`).resource).toBeDefined();
  });

  it("WHEN the queue is one it does not consume THEN it is refused, listing the queues it consumes", () => {
    const message = validationMessage(scaled({ queue: "emails", messagesPerTask: 50 }));
    expect(message).toContain('services[0].autoscaling.queueBacklog.queue is "emails"; expected a queue this service consumes (uses.queues): jobs');
  });

  it("WHEN it may scale to zero tasks THEN it is refused: the backlog is divided by the running tasks", () => {
    const message = validationMessage(
      withEverything({ services: [{ ...worker, uses: { queues: { jobs: "consume" } }, autoscaling: { minCapacity: 0, maxCapacity: 10, queueBacklog: { queue: "jobs", messagesPerTask: 5 } } }] } as never),
    );
    expect(message).toContain("services[0].autoscaling.minCapacity is 0; expected at least 1 with queueBacklog");
  });

  it("WHEN Container Insights is off THEN it is refused, naming the setting", () => {
    const message = validationMessage(scaled({ queue: "jobs", messagesPerTask: 50 }, (config) => ({ ...config, cluster: { ...config.cluster!, containerInsights: "disabled" } })));
    expect(message).toContain("services[0].autoscaling.queueBacklog");
    expect(message).toContain("cluster.containerInsights on");
  });
});
