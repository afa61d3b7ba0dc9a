import { readFileSync } from "fs";
import { join } from "path";
import { EnvironmentInput } from "../modules/platform/schema";
import { logLink, outputNameFor, runTaskArguments, taskParameters, TaskUsageError } from "../scripts/run-task";
import { minimalEnvironment, validationMessage } from "./support/config";
import { dataSourceAt, findByPath, Json, MINIMAL_DATABASE, resourceAt, resourcesOf, synthEnvironment, SynthesizedStack } from "./support/synth";

type ServiceInput = NonNullable<EnvironmentInput["services"]>[number];
type Tier = EnvironmentInput["tier"];

const WEB: ServiceInput = {
  name: "web",
  image: { source: "uri", uri: "public.ecr.aws/nginx/nginx:1.27" },
  cpu: 256,
  memory: 512,
  containerPort: 80,
  desiredCount: 2,
  loadBalancer: { priority: 100, pathPatterns: ["/*"] },
};

/** A one-service environment of `tier`; staging and production get what their tier's policy pack asks for. */
function environment(tier: Tier, service: Partial<ServiceInput> = {}, extra: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return minimalEnvironment({
    tier,
    services: [{ ...WEB, ...service } as ServiceInput],
    policy: { suppressions: ["PLAT-ECS-1", "PLAT-ELB-1", "PLAT-ELB-3"].map((rule) => ({ rule, reason: "not what these tests look at" })) },
    ...extra,
  } as Partial<EnvironmentInput>);
}

function ecsService(stack: SynthesizedStack, name = "web"): Json {
  return resourceAt(stack, "aws_ecs_service", `service-${name}/service`).resource;
}

function statements(stack: SynthesizedStack, path: string): Json[] {
  return Object.values(dataSourceAt(stack, "aws_iam_policy_document", path).resource.statement);
}

describe("deployment strategies", () => {
  describe("GIVEN a production service behind the load balancer and the tier's default", () => {
    const stack = synthEnvironment(environment("production"));
    const service = ecsService(stack);
    const primary = resourceAt(stack, "aws_lb_target_group", "service-web/target-group");
    const alternate = resourceAt(stack, "aws_lb_target_group", "service-web/alternate-target-group");
    const rule = resourceAt(stack, "aws_lb_listener_rule", "service-web/listener-rule");
    const testRule = resourceAt(stack, "aws_lb_listener_rule", "service-web/test-listener-rule");

    it("THEN it deploys as a canary of 10% with a 15-minute bake", () => {
      expect(service.deployment_configuration).toEqual({
        strategy: "CANARY",
        bake_time_in_minutes: "15",
        canary_configuration: { canary_percent: 10, canary_bake_time_in_minutes: "10" },
      });
    });

    it("THEN the deployment alarms may roll back, also during the bake", () => {
      expect(service.alarms).toMatchObject({ enable: true, rollback: true });
      expect(Object.values(service.alarms.alarm_names).length).toBeGreaterThan(0);
    });

    it("THEN ECS gets the alternate target group, both rules and its role", () => {
      const role = resourceAt(stack, "aws_iam_role", "service-web/deployment-role");
      expect(service.load_balancer[0].advanced_configuration).toEqual({
        alternate_target_group_arn: alternate.ref("arn"),
        production_listener_rule: rule.ref("arn"),
        test_listener_rule: testRule.ref("arn"),
        role_arn: role.ref("arn"),
      });
      expect(alternate.resource.name).not.toEqual(primary.resource.name);
      expect(alternate.resource.health_check).toEqual(primary.resource.health_check);
    });

    it("THEN the production rule weighs all traffic on the primary group, and Terraform leaves the weights to ECS", () => {
      expect(rule.resource.action[0].forward.target_group).toEqual([
        { arn: primary.ref("arn"), weight: 100 },
        { arn: alternate.ref("arn"), weight: 0 },
      ]);
      expect(rule.resource.lifecycle).toEqual({ ignore_changes: ["action"] });
      expect(testRule.resource.lifecycle).toEqual({ ignore_changes: ["action"] });
    });

    it("THEN the test rule has the same route on a test listener on 8443 that only the VPC reaches", () => {
      const listener = resourceAt(stack, "aws_lb_listener", "load-balancer/test");
      expect(testRule.resource.listener_arn).toBe(listener.ref("arn"));
      expect(testRule.resource.condition).toEqual(rule.resource.condition);
      expect(listener.resource.port).toBe(8443);
      const ingress = findByPath(stack, "aws_vpc_security_group_ingress_rule", "load-balancer/ingress-test-");
      expect(ingress.map((found) => [found.resource.from_port, found.resource.cidr_ipv4])).toEqual([[8443, "10.99.0.0/16"]]);
    });

    it("THEN ECS's role may change only this service's rules and register only into its two groups", () => {
      const policy = statements(stack, "service-web/deployment-policy-document");
      const bySid = Object.fromEntries(policy.map((statement) => [statement.sid, Object.values(statement.resources)]));
      expect(bySid.ShiftOwnRules).toEqual([rule.ref("arn"), testRule.ref("arn")]);
      expect(bySid.RegisterOwnTargets).toEqual([primary.ref("arn"), alternate.ref("arn")]);
      expect(Object.values(statements(stack, "service-web/deployment-trust")[0].principals[0].identifiers)).toEqual(["ecs.amazonaws.com"]);
    });

    it("THEN the 5xx alarm reads both target groups, since traffic moves between them on every release", () => {
      const alarm = Object.values(resourcesOf(stack, "aws_cloudwatch_metric_alarm")).find((candidate) => String(candidate.alarm_name).endsWith("web-5xx-rate-high"));
      const queries = Object.values(alarm?.metric_query ?? {}) as Json[];
    const groups = queries.filter((query) => query.metric).map((query) => String(query.metric.dimensions.TargetGroup));
      expect(new Set(groups)).toEqual(new Set([primary.ref("arn_suffix"), alternate.ref("arn_suffix")]));
    });
  });

  it.each([
    ["blue-green", { strategy: "BLUE_GREEN", bake_time_in_minutes: "7" }],
    ["linear", { strategy: "LINEAR", bake_time_in_minutes: "7", linear_configuration: { step_percent: 20, step_bake_time_in_minutes: "3" } }],
  ] as const)("GIVEN strategy %s THEN ECS gets that strategy and its settings", (strategy, expected) => {
    const stack = synthEnvironment(environment("development", { deployment: { strategy, bakeTimeInMinutes: 7, linear: { stepPercent: 20, stepBakeTimeInMinutes: 3 } } }));
    expect(ecsService(stack).deployment_configuration).toEqual(expected);
    expect(findByPath(stack, "aws_lb_target_group", "service-web/alternate-target-group")).toHaveLength(1);
  });

  describe("GIVEN the development tier", () => {
    const stack = synthEnvironment(environment("development"));
    it("THEN services roll: one target group, a plain forward, no test listener", () => {
      expect(ecsService(stack).deployment_configuration).toBeUndefined();
      expect(findByPath(stack, "aws_lb_target_group", "service-web/")).toHaveLength(1);
      expect(resourceAt(stack, "aws_lb_listener_rule", "service-web/listener-rule").resource.action[0].type).toBe("forward");
      expect(findByPath(stack, "aws_lb_listener", "load-balancer/test")).toHaveLength(0);
    });
  });

  it("GIVEN a production worker and a Cloud Map service THEN both roll by default", () => {
    const stack = synthEnvironment(
      environment("production", {}, {
        cluster: { capacityProviderStrategy: { fargateBase: 0, fargateWeight: 1, fargateSpotWeight: 0 }, enableExecuteCommand: false, serviceDiscoveryNamespace: "test.acme.internal" },
        services: [
          { ...WEB, allowIngressFrom: ["worker"] },
          { name: "worker", image: WEB.image, cpu: 256, memory: 512, desiredCount: 1 },
        ],
      }),
    );
    expect(ecsService(stack, "worker").deployment_configuration).toBeUndefined();
    expect(ecsService(stack, "web").deployment_configuration).toBeUndefined();
  });

  describe("GIVEN a strategy ECS cannot carry out for the service", () => {
    it.each([
      ["a worker", { loadBalancer: undefined, containerPort: undefined }, {}, "no loadBalancer routing"],
      ["a service others call through Cloud Map", { allowIngressFrom: ["other"] }, { cluster: { serviceDiscoveryNamespace: "test.acme.internal" } }, "no Cloud Map registration"],
      ["a service scaled on requests per target", { autoscaling: { minCapacity: 1, maxCapacity: 2, requestsPerTarget: 100 } }, {}, "no autoscaling.requestsPerTarget"],
    ])("WHEN it is %s THEN the problem says why", (_what, service, extra, why) => {
      const other = { name: "other", image: WEB.image, cpu: 256, memory: 512, desiredCount: 1 };
      const input = minimalEnvironment({ ...extra, services: [{ ...WEB, ...service, deployment: { strategy: "canary" } } as ServiceInput, other] } as Partial<EnvironmentInput>);
      expect(validationMessage(input)).toContain(`environment "test": services[0].deployment.strategy is "canary"; expected "rolling", or ${why}`);
    });

    it("WHEN a canary percentage is not in steps of 0.1 THEN it is refused", () => {
      const input = minimalEnvironment({ services: [{ ...WEB, deployment: { strategy: "canary", canary: { percent: 5.05 } } }] });
      expect(validationMessage(input)).toContain("services[0].deployment.canary.percent is 5.05; expected a percentage from 0.1 to 100, in steps of 0.1");
    });
  });
});

describe("one-off tasks", () => {
  const api: ServiceInput = {
    name: "api",
    image: { source: "ecr", tag: "1.0.0" },
    cpu: 256,
    memory: 512,
    desiredCount: 1,
    secrets: { API_TOKEN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-token-AbCdEf" },
    uses: { database: { access: "read-write", authentication: "password" } },
    tasks: { migrate: { command: ["npm", "run", "migrate"], secrets: ["PGPASSWORD", "PGUSER"] } },
  };
  const stack = synthEnvironment(minimalEnvironment({ database: MINIMAL_DATABASE, services: [WEB, api] }));
  const definition = resourceAt(stack, "aws_ecs_task_definition", "service-api/task-migrate/task-definition");
  const [container] = JSON.parse(String(definition.resource.container_definitions)) as Json[];

  it("THEN the task runs the service's image with its command, and no port or health check", () => {
    const service = resourceAt(stack, "aws_ecs_task_definition", "service-api/task-definition").resource;
    const [serviceContainer] = JSON.parse(String(service.container_definitions)) as Json[];
    expect(definition.resource.family).toBe("acme-test-api-task-migrate");
    expect(container.image).toBe(serviceContainer.image);
    expect(container.command).toEqual(["npm", "run", "migrate"]);
    expect(container.portMappings).toBeUndefined();
    expect(container.healthCheck).toBeUndefined();
  });

  it("THEN it receives only the secrets it names, and its execution role reads only theirs", () => {
    // PGUSER is the service's own user, plain configuration in the container's environment.
    expect((Object.values(container.secrets) as Json[]).map((secret) => String(secret.name))).toEqual(["PGPASSWORD"]);
    expect((Object.values(container.environment) as Json[]).map((variable) => String(variable.name))).toContain("PGUSER");
    const read = statements(stack, "service-api/task-migrate/roles/execution-policy-document").find((statement) => String(statement.sid) === "ReadOwnSecrets");
    expect(Object.values(read?.resources ?? {})).toEqual([expect.stringContaining("database")]);
    expect(resourceAt(stack, "aws_iam_role", "service-api/task-migrate/roles/task").resource.name).toBe("acme-test-api-task-migrate-task");
  });

  it("THEN an output gives npm run task and the workflow the service's placement", () => {
    const output = stack.json.output?.task_api_task_migrate?.value as Json;
    expect(output).toMatchObject({ family: "acme-test-api-task-migrate", container: "api", logStreamPrefix: "task-migrate", timeoutMinutes: 30 });
    const group = resourceAt(stack, "aws_security_group", "service-api/security-group").ref("id");
    expect(output.securityGroups).toEqual([group]);
  });

  it("WHEN a task names a secret the service does not have THEN it is refused", () => {
    const input = minimalEnvironment({ services: [WEB, { ...api, uses: {}, tasks: { migrate: { command: ["x"], secrets: ["PGPASSWORD"] } } }] });
    expect(validationMessage(input)).toContain('services[1].tasks.migrate.secrets[0] is "(plain value hidden)"; expected a variable the service has: API_TOKEN');
  });
});

describe("scheduled jobs", () => {
  const job = {
    name: "reminders",
    image: { source: "service" as const, service: "web" },
    command: ["send-reminders"],
    schedule: { expression: "cron(0 8 * * ? *)", timeZone: "Europe/Berlin" },
  };
  const production = synthEnvironment(environment("production", {}, { jobs: [job] }));
  const schedule = resourceAt(production, "aws_scheduler_schedule", "job-reminders/schedule").resource;

  it("THEN the scheduler starts the job's family in the cluster, on time, in its time zone, with retries and a DLQ", () => {
    expect(schedule).toMatchObject({
      schedule_expression: "cron(0 8 * * ? *)",
      schedule_expression_timezone: "Europe/Berlin",
      flexible_time_window: { mode: "OFF" },
    });
    expect(schedule.target.retry_policy).toEqual({ maximum_retry_attempts: 2, maximum_event_age_in_seconds: 3600 });
    expect(schedule.target.dead_letter_config.arn).toBe(resourceAt(production, "aws_sqs_queue", "job-reminders/dead-letter-queue").ref("arn"));
    expect(schedule.target.ecs_parameters.task_definition_arn).toMatch(/:task-definition\/acme-test-job-reminders$/);
    expect(schedule.target.ecs_parameters.capacity_provider_strategy).toEqual([{ capacity_provider: "FARGATE", weight: 1 }]);
  });

  it("THEN the dead-letter queue is encrypted with the environment's data key", () => {
    expect(resourceAt(production, "aws_sqs_queue", "job-reminders/dead-letter-queue").resource.kms_master_key_id).toMatch(/aws_kms_key/);
  });

  it("THEN the scheduler's role runs only this family in this cluster and passes only its two roles", () => {
    const policy = Object.fromEntries(statements(production, "job-reminders/scheduler-policy-document").map((statement) => [statement.sid, statement]));
    expect(Object.values(policy.RunOwnTask.resources)).toEqual([expect.stringMatching(/task-definition\/acme-test-job-reminders$/), expect.stringMatching(/task-definition\/acme-test-job-reminders:\*$/)]);
    expect(Object.values(policy.PassOwnTaskRoles.resources)).toEqual([
      resourceAt(production, "aws_iam_role", "job-reminders/task/roles/execution").ref("arn"),
      resourceAt(production, "aws_iam_role", "job-reminders/task/roles/task").ref("arn"),
    ]);
  });

  it("THEN runs never started raise an alarm, and non-zero exits reach the alarm topic", () => {
    const alarm = Object.values(resourcesOf(production, "aws_cloudwatch_metric_alarm")).find((candidate) => String(candidate.alarm_name).endsWith("job-reminders-runs-not-started"));
    expect(alarm?.alarm_actions).toBeDefined();
    const rule = Object.values(resourcesOf(production, "aws_cloudwatch_event_rule")).find((candidate) => String(candidate.name).endsWith("job-reminders-failed"));
    const pattern = JSON.parse(String(rule?.event_pattern));
    expect(pattern["detail-type"]).toEqual(["ECS Task State Change"]);
    expect(pattern.detail.containers.exitCode).toEqual([{ "anything-but": 0 }]);
  });

  it("THEN a job has no desired count and no load balancer: it is no ECS service", () => {
    expect(findByPath(production, "aws_ecs_service", "job-reminders")).toHaveLength(0);
  });

  it("GIVEN the development tier THEN jobs run on Fargate Spot", () => {
    const development = synthEnvironment(environment("development", {}, { jobs: [job] }));
    const target = resourceAt(development, "aws_scheduler_schedule", "job-reminders/schedule").resource.target;
    expect(target.ecs_parameters.capacity_provider_strategy).toEqual([{ capacity_provider: "FARGATE_SPOT", weight: 1 }]);
  });

  it.each([
    [{ image: { source: "service", service: "nope" } }, 'jobs[0].image.service is "nope"; expected the name of a service of this environment: web'],
    [{ schedule: { expression: "every day" } }, 'jobs[0].schedule.expression is "every day"; expected a schedule such as "rate(15 minutes)"'],
    [{ schedule: { expression: "rate(1 hours)" } }, 'jobs[0].schedule.expression is "rate(1 hours)"'],
  ])("WHEN a job is %j THEN it is refused", (change, message) => {
    expect(validationMessage(minimalEnvironment({ jobs: [{ ...job, ...change }] } as Partial<EnvironmentInput>))).toContain(message);
  });
});

describe("npm run task", () => {
  const parameters = {
    cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/acme-prod",
    family: "acme-prod-api-task-migrate",
    container: "api",
    subnets: ["subnet-a", "subnet-b"],
    securityGroups: ["sg-1"],
    assignPublicIp: false,
    logGroup: "/ecs/acme-prod/services/api",
    logStreamPrefix: "task-migrate",
    region: "eu-west-1",
    timeoutMinutes: 30,
  };

  it("GIVEN the stack's outputs THEN it runs the family in the service's subnets and security group, without a public IP", () => {
    const args = runTaskArguments(taskParameters({ [outputNameFor("api", "migrate")]: { value: parameters } }, "api", "migrate"));
    expect(args.slice(0, 2)).toEqual(["ecs", "run-task"]);
    expect(args[args.indexOf("--task-definition") + 1]).toBe("acme-prod-api-task-migrate");
    expect(args[args.indexOf("--network-configuration") + 1]).toBe("awsvpcConfiguration={subnets=[subnet-a,subnet-b],securityGroups=[sg-1],assignPublicIp=DISABLED}");
  });

  it("THEN a job is found under its own output name", () => {
    expect(outputNameFor("job", "reminders")).toBe("task_job_reminders");
  });

  it("WHEN the task is not declared THEN it names the tasks there are", () => {
    expect(() => taskParameters({ task_api_task_migrate: { value: parameters } }, "api", "seed")).toThrow(TaskUsageError);
    expect(() => taskParameters({ task_api_task_migrate: { value: parameters } }, "api", "seed")).toThrow("known tasks are task_api_task_migrate");
  });

  it("THEN the log link opens the task's own stream", () => {
    expect(logLink(parameters, "arn:aws:ecs:eu-west-1:123456789012:task/acme-prod/0123abcd")).toBe(
      "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Facme-prod$252Fservices$252Fapi/log-events/task-migrate$252Fapi$252F0123abcd",
    );
  });
});

describe("the release workflow", () => {
  const workflow = readFileSync(join(__dirname, "..", ".github", "workflows", "app-release.example.yml"), "utf8");
  const migration = workflow.indexOf("name: Run the migration to completion before the rollout");
  const rollout = workflow.indexOf("name: Roll out and wait until the service is stable");
  const step = workflow.slice(migration, rollout);

  it("THEN the migration runs after the revision is registered and before the rollout, only when declared", () => {
    expect(migration).toBeGreaterThan(workflow.indexOf("name: Register a task definition revision with the new image"));
    expect(migration).toBeLessThan(rollout);
    expect(step).toContain("if: vars.MIGRATION_TASK != ''");
  });

  it("THEN it waits for the task, and a non-zero exit code stops the release with the code and the log link", () => {
    expect(step).toContain("aws ecs wait tasks-stopped");
    expect(step).toMatch(/if \[\[ \$code != 0 \]\]; then\n\s+echo "::error::The migration failed with exit code \$code \(\$reason\).*logs: \$logs"\n\s+exit 1/);
  });
});
