import { DEFAULT_ASSUMPTIONS } from "../scripts/cost/assumptions";
import { estimateLines } from "../scripts/cost/estimate";
import { PRICES } from "../scripts/cost/prices";
import { EnvironmentInput } from "../modules/platform/schema";
import { dataSourceAt, findByPath, Json, minimalEnvironment, MINIMAL_DATABASE, resourceAt, resourcesOf, synthEnvironment, SynthesizedStack, validationMessage } from "./support/synth";
import { estimateStack } from "../scripts/cost/estimate";

type ServiceInput = NonNullable<EnvironmentInput["services"]>[number];
type JobInput = NonNullable<EnvironmentInput["jobs"]>[number];

const WEB: ServiceInput = {
  name: "web",
  image: { source: "uri", uri: "public.ecr.aws/nginx/nginx:1.27" },
  cpu: 256,
  memory: 512,
  containerPort: 80,
  desiredCount: 2,
  loadBalancer: { priority: 100, pathPatterns: ["/*"] },
};

const REMINDERS: JobInput = {
  name: "reminders",
  image: { source: "service", service: "web" },
  command: ["send-reminders"],
  schedule: { expression: "rate(1 hour)" },
};

function withJob(job: Partial<JobInput>, tier: EnvironmentInput["tier"] = "development"): SynthesizedStack {
  return synthEnvironment(
    minimalEnvironment({
      tier,
      services: [WEB],
      jobs: [{ ...REMINDERS, ...job } as JobInput],
      policy: { suppressions: ["PLAT-ECS-1", "PLAT-ELB-1", "PLAT-ELB-3"].map((rule) => ({ rule, reason: "not what these tests look at" })) },
    } as Partial<EnvironmentInput>),
  );
}

function statementsBySid(stack: SynthesizedStack, path: string): Record<string, Json> {
  return Object.fromEntries(Object.values(dataSourceAt(stack, "aws_iam_policy_document", path).resource.statement as Record<string, Json>).map((statement) => [String(statement.sid), statement]));
}

describe("a job that skips a run while the previous one still runs", () => {
  const stack = withJob({ skipIfRunning: true });
  const machine = resourceAt(stack, "aws_sfn_state_machine", "job-reminders/guard/state-machine");
  const definition = JSON.parse(String(machine.resource.definition));
  const states = definition.States;
  const cluster = resourceAt(stack, "aws_ecs_cluster", "cluster/cluster").ref("arn");
  const schedule = resourceAt(stack, "aws_scheduler_schedule", "job-reminders/schedule").resource;

  it("THEN the scheduler starts the guard, not the task, and may only start that state machine", () => {
    expect(machine.resource.type).toBe("STANDARD");
    expect(schedule.target.arn).toBe(machine.ref("arn"));
    expect(schedule.target.ecs_parameters).toBeUndefined();
    // Runs the scheduler could not start still go to the DLQ.
    expect(schedule.target.dead_letter_config.arn).toBe(resourceAt(stack, "aws_sqs_queue", "job-reminders/dead-letter-queue").ref("arn"));
    const scheduler = statementsBySid(stack, "job-reminders/scheduler-policy-document");
    expect(Object.keys(scheduler).sort()).toEqual(["DeadLetterFailedRuns", "EncryptDeadLetters", "StartOwnGuard"]);
    expect(scheduler.StartOwnGuard.actions).toEqual(["states:StartExecution"]);
    expect(scheduler.StartOwnGuard.resources).toEqual([machine.ref("arn")]);
  });

  it("THEN the workflow lists the family's running tasks in the cluster and skips while there is one", () => {
    expect(definition.StartAt).toBe("ListRunning");
    expect(states.ListRunning.Resource).toBe("arn:${data.aws_partition.current-partition.partition}:states:::aws-sdk:ecs:listTasks");
    expect(states.ListRunning.Parameters).toEqual({ Cluster: cluster, Family: "acme-test-job-reminders", DesiredStatus: "RUNNING", MaxResults: 1 });
    expect(states.StillRunning).toEqual({
      Type: "Choice",
      Choices: [{ Variable: "$.running.TaskArns[0]", IsPresent: true, Next: "Skipped" }],
      Default: "RunTask",
    });
    expect(states.Skipped.Type).toBe("Succeed");
  });

  it("THEN it runs the task as the schedule would have: the family's latest revision, Spot outside production, the job's network", () => {
    const run = states.RunTask;
    expect(run.Resource).toMatch(/:states:::ecs:runTask$/);
    expect(run.Parameters.Cluster).toBe(cluster);
    expect(run.Parameters.TaskDefinition).toMatch(/:task-definition\/acme-test-job-reminders$/);
    expect(run.Parameters.CapacityProviderStrategy).toEqual([{ CapacityProvider: "FARGATE_SPOT", Weight: 1 }]);
    expect(run.Parameters.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups).toEqual([resourceAt(stack, "aws_security_group", "job-reminders/security-group").ref("id")]);
    expect(run.Retry).toEqual([{ ErrorEquals: ["States.ALL"], IntervalSeconds: 30, MaxAttempts: 2, BackoffRate: 2 }]);
  });

  it("THEN RunTask's failures fail the execution, and a failed execution pages", () => {
    expect(states.RunTask.Next).toBe("Started");
    expect(states.Started.Choices).toEqual([{ Variable: "$.started.Failures[0]", IsPresent: true, Next: "NotStarted" }]);
    expect(states.NotStarted.Type).toBe("Fail");
    const alarm = Object.values(resourcesOf(stack, "aws_cloudwatch_metric_alarm")).find((candidate) => String(candidate.alarm_name).endsWith("job-reminders-runs-refused"));
    expect(alarm).toMatchObject({ namespace: "AWS/States", metric_name: "ExecutionsFailed", dimensions: { StateMachineArn: machine.ref("arn") } });
    expect(alarm?.alarm_actions).toBeDefined();
    // The task's own failures are still reported: the rule matches the family, whoever started it.
    const rule = Object.values(resourcesOf(stack, "aws_cloudwatch_event_rule")).find((candidate) => String(candidate.name).endsWith("job-reminders-failed"));
    expect(JSON.parse(String(rule?.event_pattern)).detail.taskDefinitionArn).toEqual([{ prefix: expect.stringContaining(":task-definition/acme-test-job-reminders:") }]);
  });

  it("THEN the guard's role lists tasks in the cluster, runs only the family there and passes only the job's two roles", () => {
    const guard = statementsBySid(stack, "job-reminders/guard/policy-document");
    const inCluster = [{ test: "ArnEquals", variable: "ecs:cluster", values: [cluster] }];
    expect(guard.ListTasksInCluster).toMatchObject({ actions: ["ecs:ListTasks"], condition: inCluster });
    expect(guard.RunOwnTask).toMatchObject({ actions: ["ecs:RunTask"], condition: inCluster });
    expect(guard.RunOwnTask.resources).toEqual([expect.stringMatching(/task-definition\/acme-test-job-reminders$/), expect.stringMatching(/task-definition\/acme-test-job-reminders:\*$/)]);
    expect(guard.PassOwnTaskRoles.resources).toEqual([
      resourceAt(stack, "aws_iam_role", "job-reminders/task/roles/execution").ref("arn"),
      resourceAt(stack, "aws_iam_role", "job-reminders/task/roles/task").ref("arn"),
    ]);
    expect(guard.PassOwnTaskRoles.condition).toEqual([{ test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] }]);
    expect(Object.keys(guard).sort()).toEqual(["DeliverOwnLogs", "ListTasksInCluster", "PassOwnTaskRoles", "RunOwnTask"]);
    const trust = Object.values(dataSourceAt(stack, "aws_iam_policy_document", "job-reminders/guard/trust").resource.statement as Record<string, Json>)[0];
    expect(trust.condition).toContainEqual({ test: "ArnLike", variable: "aws:SourceArn", values: [expect.stringMatching(/:stateMachine:acme-test-job-reminders-guard$/)] });
  });

  it("THEN the workflow logs to a group encrypted with the environment's logs key, kept as long as the job's logs", () => {
    const logs = resourceAt(stack, "aws_cloudwatch_log_group", "job-reminders/guard/logs");
    const jobLogs = resourceAt(stack, "aws_cloudwatch_log_group", "job-reminders/logs").resource;
    expect(logs.resource.name).toBe("/aws/vendedlogs/states/acme-test-job-reminders-guard");
    expect(logs.resource.kms_key_id).toBe(jobLogs.kms_key_id);
    expect(logs.resource.retention_in_days).toBe(jobLogs.retention_in_days);
    expect(machine.resource.logging_configuration).toEqual({ level: "ALL", include_execution_data: true, log_destination: `${logs.ref("arn")}:*` });
    // Created after the role's policy: Step Functions checks the log delivery permission at creation.
    expect(machine.resource.depends_on).toEqual([`aws_iam_role_policy.${resourceAt(stack, "aws_iam_role_policy", "job-reminders/guard/policy").name}`]);
  });

  it("THEN the cost estimate prices its runs as Fargate Spot time and its state transitions", () => {
    const lines = estimateLines(stack.json as unknown as Record<string, unknown>, DEFAULT_ASSUMPTIONS);
    const runs = lines.find((line) => line.item === "Job runs (Fargate Spot)");
    expect(runs?.quantity.min).toBeCloseTo((730 * DEFAULT_ASSUMPTIONS.jobMinutesPerRun) / 60);
    const transitions = lines.find((line) => line.item === "Step Functions state transitions");
    // A started run enters ListRunning, StillRunning, RunTask, Started and Done: 5 transitions, 730 runs a month.
    expect(transitions?.quantity.min).toBeCloseTo((730 * 5) / 1000);
    expect(transitions?.unitPrice).toBe(PRICES["eu-west-1"].stepFunctionsPerThousandTransitions);
  });
});

describe("a job without skipIfRunning (the default)", () => {
  const stack = withJob({}, "production");
  it("THEN the scheduler runs the task itself and no state machine is made", () => {
    expect(findByPath(stack, "aws_sfn_state_machine", "job-reminders")).toHaveLength(0);
    const target = resourceAt(stack, "aws_scheduler_schedule", "job-reminders/schedule").resource.target;
    expect(target.arn).toBe(resourceAt(stack, "aws_ecs_cluster", "cluster/cluster").ref("arn"));
    expect(target.ecs_parameters.capacity_provider_strategy).toEqual([{ capacity_provider: "FARGATE", weight: 1 }]);
  });
});

describe("skipIfRunning, as configuration and in the estimate", () => {
  it("WHEN it is not a boolean THEN it is refused with a problem line", () => {
    const input = minimalEnvironment({ services: [WEB], jobs: [{ ...REMINDERS, skipIfRunning: "yes" }] } as unknown as Partial<EnvironmentInput>);
    expect(validationMessage(input)).toContain('jobs[0].skipIfRunning is "yes"; expected true or false');
  });

  it("GIVEN a state machine no schedule starts THEN the estimate says its executions are not modelled and is incomplete", () => {
    const stack = {
      provider: { aws: [{ region: "eu-west-1" }] },
      resource: { aws_sfn_state_machine: { other: { definition: JSON.stringify({ StartAt: "A", States: { A: { Type: "Succeed" } } }) } } },
    };
    const lines = estimateLines(stack, DEFAULT_ASSUMPTIONS);
    expect(lines.find((line) => line.address === "aws_sfn_state_machine.other")?.unpriced).toBe("executions of a state machine no schedule starts are not modelled");
    expect(estimateStack("test", stack, DEFAULT_ASSUMPTIONS).complete).toBe(false);
  });
});

describe("a migration task of a service whose database authentication is IAM", () => {
  const api: ServiceInput = {
    name: "api",
    image: { source: "ecr", tag: "1.0.0" },
    cpu: 256,
    memory: 512,
    desiredCount: 1,
    uses: { database: { access: "read-write", authentication: "iam" } },
    tasks: { migrate: { command: ["node", "dist/migrate.js"], secrets: ["PGUSER"] } },
  };
  const stack = synthEnvironment(minimalEnvironment({ database: MINIMAL_DATABASE, services: [WEB, api] }));
  const definition = resourceAt(stack, "aws_ecs_task_definition", "service-api/task-migrate/task-definition").resource;
  const [container] = JSON.parse(String(definition.container_definitions)) as Json[];
  const environment = Object.fromEntries((container.environment as unknown as Json[]).map((variable) => [variable.name, variable.value]));
  const database = resourceAt(stack, "aws_db_instance", "database/instance");

  it("THEN it logs in as the service's own user, with an IAM token and no password", () => {
    const service = resourceAt(stack, "aws_ecs_task_definition", "service-api/task-definition").resource;
    const [serviceContainer] = JSON.parse(String(service.container_definitions)) as Json[];
    const serviceUser = (serviceContainer.environment as unknown as Json[]).find((variable) => String(variable.name) === "PGUSER")?.value;
    expect(environment).toMatchObject({ PGUSER: "svc_api", DATABASE_AUTHENTICATION: "iam", PGSSLMODE: "require" });
    expect(environment.PGUSER).toBe(serviceUser);
    expect(container.secrets).toBeUndefined();
  });

  it("THEN its task role may rds-db:connect as that one user, and nothing reads the master secret", () => {
    const task = statementsBySid(stack, "service-api/task-migrate/roles/task-policy-document");
    expect(task.ConnectToDatabaseAsOwnUser.actions).toEqual(["rds-db:connect"]);
    expect(task.ConnectToDatabaseAsOwnUser.resources).toEqual([expect.stringMatching(new RegExp(`:dbuser:\\$\\{aws_db_instance\\.${database.name}\\.resource_id\\}/svc_api$`))]);
    const execution = JSON.stringify(dataSourceAt(stack, "aws_iam_policy_document", "service-api/task-migrate/roles/execution-policy-document").resource);
    expect(execution).not.toContain("master_user_secret");
    expect(JSON.stringify(task)).not.toContain("master_user_secret");
  });
});
