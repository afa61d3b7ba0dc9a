import * as teet from "../examples/teet";
import { boundaryStatements } from "../modules/delivery/boundary";
import { rotationSql } from "../modules/database/users";
import { builtPlatform, Json, resourcesOf, SynthesizedStack } from "./support/synth";

/** TEET's stacks: PostgREST is a password user (its client cannot sign IAM tokens). */
const TEET: ReadonlyMap<string, SynthesizedStack> = builtPlatform(teet.bootstrap, teet.environments).stacks;

function stackNamed(name: string): SynthesizedStack {
  const stack = TEET.get(name);
  if (!stack) throw new Error(`no TEET stack ${name}`);
  return stack;
}

/** The one resource of `type` whose Terraform name contains `part`. */
function resourceLike(stack: SynthesizedStack, type: string, part: string): Json {
  const found = Object.entries(resourcesOf(stack, type)).filter(([name]) => name.includes(part));
  if (found.length !== 1) throw new Error(`expected one ${type} like ${part}, found ${found.length}`);
  return found[0][1];
}

function statementsOf(stack: SynthesizedStack, documentPart: string): Json[] {
  const documents = (stack.json.data?.aws_iam_policy_document ?? {}) as Record<string, Json>;
  const found = Object.entries(documents).filter(([name]) => name.includes(documentPart));
  if (found.length !== 1) throw new Error(`expected one policy document like ${documentPart}, found ${found.length}`);
  return found[0][1].statement as unknown as Json[];
}

/** `arn:<partition>:<service>:eu-west-1:<account>` as the stack writes it (partition and account read at plan). */
const ARN_HEAD = (service: string) => `arn:\${data.aws_partition.current-partition.partition}:${service}:eu-west-1:\${data.aws_caller_identity.current-account.account_id}`;
const strings = (value: Json | undefined): string[] => (value as unknown as string[] | undefined) ?? [];
const statement = (statements: Json[], sid: string): Json | undefined => statements.find((candidate) => String(candidate.sid) === sid);

interface Definition {
  readonly QueryLanguage: string;
  readonly States: Record<string, { Type: string; Resource?: string; Arguments?: Record<string, unknown>; Next?: string; End?: boolean; Default?: string }>;
  readonly StartAt: string;
}

function definitionOf(stack: SynthesizedStack): Definition {
  return JSON.parse(String(resourceLike(stack, "aws_sfn_state_machine", "rotation-postgrest").definition)) as Definition;
}

/** The states in the order a successful run takes them. */
function happyPath(definition: Definition): string[] {
  const path: string[] = [];
  let current: string | undefined = definition.StartAt;
  while (current) {
    path.push(current);
    const state: Definition["States"][string] = definition.States[current];
    current = state.Type === "Choice" ? "PromotePendingVersion" : state.Next;
  }
  return path;
}

describe("GIVEN TEET's production stack, whose PostgREST logs in with a password", () => {
  const stack = stackNamed("prod");
  const secretArn = "${aws_secretsmanager_secret.database_users_password-postgrest_secret_FF2583C3.arn}";

  it("THEN a schedule starts the rotation workflow every 30 days (the production tier's interval), with a role that may start only it", () => {
    const schedule = resourceLike(stack, "aws_scheduler_schedule", "rotation-postgrest");
    expect(schedule.schedule_expression).toBe("rate(30 days)");
    expect(String(schedule.target.arn)).toMatch(/^\$\{aws_sfn_state_machine\.database_users_setup_rotation-postgrest_state-machine_[0-9A-F]+\.arn\}$/);
    const start = statementsOf(stack, "rotation-postgrest_scheduler-policy-document");
    expect(start.map((candidate) => strings(candidate.actions))).toEqual([["states:StartExecution"], ["kms:GenerateDataKey"]]);
    expect(strings(start[0].resources)).toEqual([`${ARN_HEAD("states")}:stateMachine:teet-prod-database-rotation-postgrest`]);
  });

  it("THEN the workflow writes AWSPENDING, changes the password with the rotation task, promotes AWSCURRENT and restarts PostgREST, in that order", () => {
    const definition = definitionOf(stack);
    expect(definition.QueryLanguage).toBe("JSONata");
    expect(happyPath(definition).map((name) => definition.States[name].Resource ?? definition.States[name].Type)).toEqual([
      "arn:aws:states:::aws-sdk:secretsmanager:listSecretVersionIds",
      "arn:aws:states:::aws-sdk:secretsmanager:getRandomPassword",
      "arn:aws:states:::aws-sdk:secretsmanager:putSecretValue",
      "arn:aws:states:::ecs:runTask.sync",
      "Choice",
      "arn:aws:states:::aws-sdk:secretsmanager:updateSecretVersionStage",
      "arn:aws:states:::aws-sdk:secretsmanager:updateSecretVersionStage",
      "arn:aws:states:::aws-sdk:ecs:updateService",
    ]);
    expect(definition.States.WritePendingVersion.Arguments).toEqual(expect.objectContaining({ SecretId: secretArn, VersionStages: ["AWSPENDING"] }));
    expect(definition.States.PromotePendingVersion.Arguments).toEqual(expect.objectContaining({ SecretId: secretArn, VersionStage: "AWSCURRENT" }));
    expect(String(definition.States.ChangeDatabasePassword.Arguments?.TaskDefinition)).toContain("aws_ecs_task_definition.database_users_setup_rotation-postgrest-task-definition");
    expect(definition.States.RestartService.Arguments).toEqual({ Cluster: "${aws_ecs_cluster.cluster_A4C38409.name}", Service: "postgrest", ForceNewDeployment: true });
    // A task that stopped with a non-zero exit code does not promote the new value.
    expect(definition.States.DatabaseChanged.Default).toBe("RotationTaskFailed");
    expect(definition.States.RotationTaskFailed.Type).toBe("Fail");
  });

  it("THEN the rotation task reads the AWSPENDING version of PostgREST's secret and only alters that role", () => {
    const task = resourceLike(stack, "aws_ecs_task_definition", "rotation-postgrest");
    const [container] = JSON.parse(String(task.container_definitions)) as [{ secrets: { name: string; valueFrom: string }[]; environment: { name: string; value: string }[] }];
    expect(container.secrets.find((secret) => secret.name === "PASSWORD_SVC_POSTGREST")?.valueFrom).toBe(`${secretArn}:password:AWSPENDING:`);
    const sql = container.environment.find((variable) => variable.name === "SETUP_SQL")?.value ?? "";
    expect(sql.split("\n").filter((line) => /^(ALTER|GRANT|REVOKE|CREATE)/.test(line))).toEqual([`ALTER ROLE "svc_postgrest" WITH PASSWORD :'password';`]);
    const execution = statementsOf(stack, "rotation-postgrest-roles_execution-policy-document");
    const readable = execution.filter((candidate) => strings(candidate.actions).includes("secretsmanager:GetSecretValue")).flatMap((candidate) => strings(candidate.resources));
    expect(readable.sort()).toEqual([secretArn, "${aws_rds_cluster.database_cluster_FAF2FB92.master_user_secret[0].secret_arn}"].sort());
  });

  it("THEN the workflow's role reaches this user's secret, this task definition in this cluster, and this service only", () => {
    const statements = statementsOf(stack, "rotation-postgrest_workflow-policy-document");
    expect(strings(statement(statements, "RotateOwnSecret")?.resources)).toEqual([secretArn]);
    expect(strings(statement(statements, "RestartOwnService")?.actions)).toEqual(["ecs:UpdateService"]);
    expect(strings(statement(statements, "RestartOwnService")?.resources)).toEqual([`${ARN_HEAD("ecs")}:service/\${aws_ecs_cluster.cluster_A4C38409.name}/postgrest`]);
    expect(strings(statement(statements, "RunRotationTask")?.resources).every((arn) => arn.includes("task-definition/${aws_ecs_task_definition.database_users_setup_rotation-postgrest-task-definition"))).toBe(true);
    const passed = strings(statement(statements, "PassRotationTaskRoles")?.resources);
    expect(passed).toHaveLength(2);
    expect(passed.every((arn) => arn.includes("database_users_setup_rotation-postgrest-roles_"))).toBe(true);
    // Only GetRandomPassword, which has no resource, is granted on "*".
    const unscoped = statements.filter((candidate) => strings(candidate.resources).includes("*"));
    expect(unscoped.map((candidate) => strings(candidate.actions))).toEqual([["secretsmanager:GetRandomPassword"]]);
    for (const kms of statements.filter((candidate) => strings(candidate.actions).some((action) => action.startsWith("kms:")))) {
      const variables = (kms.condition as unknown as Json[]).map((condition) => String(condition.variable));
      expect(variables).toEqual(expect.arrayContaining(["kms:ViaService", expect.stringMatching(/^kms:EncryptionContext:/)]));
    }
  });

  it("THEN the workflow's history is under the environment's key and nothing of it goes to CloudWatch Logs", () => {
    const machine = resourceLike(stack, "aws_sfn_state_machine", "rotation-postgrest");
    expect(machine.type).toBe("STANDARD");
    expect(machine.encryption_configuration).toEqual(expect.objectContaining({ type: "CUSTOMER_MANAGED_KMS_KEY", kms_key_id: "${aws_kms_key.keys_data_key_02E67481.arn}" }));
    expect(machine.logging_configuration).toEqual({ level: "OFF", include_execution_data: false });
  });

  it("THEN no password value is in the JSON: the workflow passes it from state to state, the first one is write-only", () => {
    const definition = definitionOf(stack);
    expect(definition.States.WritePendingVersion.Arguments?.SecretString).toBe("{% $states.input.secretString %}");
    const version = resourceLike(stack, "aws_secretsmanager_secret_version", "password-postgrest");
    expect(version.secret_string).toBeUndefined();
    expect(String(version.secret_string_wo)).toContain("ephemeral.aws_secretsmanager_random_password.");
    // The first version keeps a label of its own, so rotations never leave it to be removed (and rewritten by Terraform).
    expect(version.version_stages).toEqual(["AWSCURRENT", "PLATFORM_GENERATED"]);
    expect(version.lifecycle).toEqual({ ignore_changes: ["version_stages"] });
    expect(stack.text).not.toMatch(/"(secret_string|password)": "[^$]/);
  });

  it("THEN a failed, timed-out or stopped run pages, and a start the scheduler dropped notifies", () => {
    const alarms = Object.values(resourcesOf(stack, "aws_cloudwatch_metric_alarm")).filter((alarm) => String(alarm.alarm_name).includes("database-rotation-postgrest"));
    expect(alarms.map((alarm) => String(alarm.alarm_name)).sort()).toEqual(["teet-prod-database-rotation-postgrest-failed", "teet-prod-database-rotation-postgrest-not-started"]);
    const failed = alarms.find((alarm) => String(alarm.alarm_name).endsWith("-failed"));
    const metrics = (failed?.metric_query as unknown as Json[]).filter((query) => query.metric).map((query) => String(query.metric.metric_name));
    expect(metrics.sort()).toEqual(["ExecutionsAborted", "ExecutionsFailed", "ExecutionsTimedOut"]);
  });
});

describe("GIVEN TEET's development stack", () => {
  it("THEN the development tier rotates every 90 days", () => {
    expect(resourceLike(stackNamed("dev"), "aws_scheduler_schedule", "rotation-postgrest").schedule_expression).toBe("rate(90 days)");
  });
});

describe("GIVEN the rotation SQL of a password user", () => {
  const sql = rotationSql({ service: "postgrest", name: "svc_postgrest", access: "read-write", authentication: "password", schema: "api", roles: [] });

  it("THEN it stops at the first error and sets the password from the task's environment, never written in the SQL", () => {
    expect(sql.split("\n")[1]).toBe("\\set ON_ERROR_STOP on");
    expect(sql).toContain("\\getenv password PASSWORD_SVC_POSTGREST\nALTER ROLE \"svc_postgrest\" WITH PASSWORD :'password';\n\\unset password");
  });
});

describe("GIVEN the permissions boundary", () => {
  const statements = boundaryStatements({ namePrefix: "acme-prod", environment: "prod", partition: "aws", otherNamePrefixes: [], stateResources: [], environmentTag: "Environment" });

  it("THEN its only IAM action is passing the environment's own roles to ECS tasks (scheduled jobs, rotations start tasks)", () => {
    const iam = statements.filter((candidate) => candidate.effect === "Allow" && (candidate.actions ?? []).some((action) => action.startsWith("iam:")));
    expect(iam).toEqual([
      expect.objectContaining({
        actions: ["iam:PassRole"],
        resources: ["arn:aws:iam::*:role/acme-prod-*"],
        conditions: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] }],
      }),
    ]);
  });
});
