/**
 * The scheduled rotation of a password user's secret, without the value in the Terraform JSON,
 * plan or state.
 *
 * Why a Step Functions workflow and not Secrets Manager's rotation with a Lambda function:
 * - a rotation function needs a PostgreSQL client packaged with it (a build step and a dependency
 *   the platform does not have), its own VPC attachment, and it would run code the platform has to
 *   patch; the AWS templates (Serverless Application Repository) also create their IAM role
 *   without the environment's permissions boundary, which the deploy roles refuse
 *   (modules/delivery/escalation-guards.ts, "DenyRoleChangesWithoutBoundary");
 * - the workflow calls the Secrets Manager and ECS APIs directly (SDK integrations) and changes the
 *   password with the setup task's psql image, in a task definition of its own: no code to ship.
 *
 * The workflow (a Standard one: `.sync` waits for the task, Express workflows cannot):
 * 1. ListSecretVersionIds: which version is AWSCURRENT now (no value is read);
 * 2. GetRandomPassword, then PutSecretValue with the stage AWSPENDING: the new value, not yet used;
 * 3. RunTask (`.sync`) of the rotation task, whose secret names the AWSPENDING stage
 *    (`<arn>:password:AWSPENDING:`, "Pass Secrets Manager secrets through Amazon ECS environment
 *    variables", Amazon ECS Developer Guide) and runs `ALTER ROLE … PASSWORD` as the master user;
 *    a non-zero exit code fails the run (`.sync` itself succeeds on any stopped task);
 * 4. UpdateSecretVersionStage: AWSCURRENT moves to the new version, AWSPENDING is removed;
 * 5. UpdateService with forceNewDeployment: the service's tasks start again with the new value
 *    (single-user rotation: until they have, new connections of the old tasks are refused, unless
 *    the application re-reads DATABASE_SECRET_ARN; connections already open stay).
 *
 * Where the value is: the execution history keeps each state's input and output (90 days after the
 * run), so the new password is in the history of its run. The state machine encrypts its history
 * with the environment's data key (`encryption_configuration`, a customer managed key, AWS Step
 * Functions Developer Guide, "Data at rest encryption"): reading it takes states:GetExecutionHistory
 * and kms:Decrypt on that key through Step Functions, which no role of the platform has but this
 * workflow's own. Logging is off, so no copy goes to CloudWatch Logs.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";
import { Monitor, ON_ANY_OCCURRENCE } from "../core/alarm";
import { EcsTaskRoles } from "../service/ecs-task-roles";
import { suppressPolicy } from "../guardrails/suppressions";


/**
 * PLAT-JOB-1 judges roles that start scheduled jobs (run one family, pass its two roles). The
 * rotation's roles are not a job's: they also write this one user's secret and restart its one
 * service, each statement scoped to that secret, task family, cluster and service (see
 * workflowStatements), and the scheduler's role starts only this state machine under its key.
 */
const ROTATION_IS_NOT_A_JOB =
  "password rotation workflow, not a job: it writes one user's secret and restarts one service, every statement scoped to that secret, family and service";
/** The stage that holds the new value until the database has it (Secrets Manager's own name for it). */
export const PENDING_STAGE = "AWSPENDING";
/** A run that has not finished in this time is stopped (and fails, so the alarm sees it). */
const RUN_TIMEOUT_SECONDS = 1800;
/** Step Functions asks KMS for a new data key after this long (60 to 900; fewer KMS calls). */
const DATA_KEY_REUSE_SECONDS = 300;

/** What the generated password is made of (GetRandomPassword's arguments). */
export interface PasswordCharacters {
  readonly length: number;
  readonly excludeCharacters: string;
}

/** The rotation task, defined by the database users (same image and network as the setup task). */
export interface RotationTask {
  /** Its task definition family: the workflow runs the latest revision. */
  readonly family: string;
  readonly roles: EcsTaskRoles;
  readonly containerName: string;
}

export interface PasswordRotationProps {
  readonly context: AwsContext;
  /** The service (or job) the user belongs to: names the resources. */
  readonly service: string;
  /** The PostgreSQL role. */
  readonly userName: string;
  readonly secretArn: string;
  /** The environment's data key: encrypts the secret and the workflow's history. */
  readonly keyArn: string;
  readonly password: PasswordCharacters;
  readonly task: RotationTask;
  readonly clusterArn: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
  readonly assignPublicIp: boolean;
  /** The ECS service to start again once the secret is rotated. Default: none (a job reads it at each run). */
  readonly redeployService?: { readonly clusterName: string; readonly serviceName: string };
  /** Days between rotations, from the tier table (`passwordRotationDays`). */
  readonly rotationDays: number;
  /** The environment's schedule group for database rotations. */
  readonly scheduleGroupName: string;
  readonly monitor: Monitor;
}

/** One password user's rotation: the workflow, its role, its schedule and the alarm on failed runs. */
export class PasswordRotation extends Construct {
  readonly stateMachine: SfnStateMachine;
  readonly workflowRole: IamRole;
  readonly schedulerRole: IamRole;
  readonly schedule: SchedulerSchedule;
  private readonly props: PasswordRotationProps;
  private readonly stateMachineName: string;

  constructor(scope: Construct, id: string, props: PasswordRotationProps) {
    super(scope, id);
    this.props = props;
    this.stateMachineName = awsName([props.context.namePrefix, "database-rotation", props.service], 80);
    this.workflowRole = this.createWorkflowRole();
    this.stateMachine = new SfnStateMachine(this, "state-machine", {
      name: this.stateMachineName,
      type: "STANDARD",
      roleArn: this.workflowRole.arn,
      definition: JSON.stringify(rotationDefinition(props)),
      encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: props.keyArn, kmsDataKeyReusePeriodSeconds: DATA_KEY_REUSE_SECONDS },
      // No execution data in CloudWatch Logs: the history (encrypted, above) is the only record.
      loggingConfiguration: { level: "OFF", includeExecutionData: false },
    });
    this.schedulerRole = this.createSchedulerRole();
    this.schedule = new SchedulerSchedule(this, "schedule", {
      name: awsName([props.context.namePrefix, "database-rotation", props.service], 64),
      groupName: props.scheduleGroupName,
      description: `Rotates the database password of ${props.service} (user ${props.userName}) every ${props.rotationDays} days`,
      scheduleExpression: `rate(${props.rotationDays} days)`,
      flexibleTimeWindow: { mode: "OFF" },
      target: {
        arn: this.stateMachine.arn,
        roleArn: this.schedulerRole.arn,
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
      },
    });
    this.watch();
  }

  private stateMachineArn(): string {
    const { partition, region, accountId } = this.props.context;
    return `arn:${partition}:states:${region}:${accountId}:stateMachine:${this.stateMachineName}`;
  }

  /** The workflow's role: this secret, this task definition in this cluster, this service; nothing else. */
  private createWorkflowRole(): IamRole {
    const { context, service } = this.props;
    const trust = serviceTrustPolicy(this, "workflow-trust", "states.amazonaws.com", context.accountId, this.stateMachineArn());
    const role = new IamRole(this, "workflow-role", {
      name: awsName([context.namePrefix, "db-rotation", service, "workflow"], NAME_LIMITS.iamRole),
      description: `Step Functions rotates the database password of ${service} with this role`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    new IamRolePolicy(this, "workflow-policy", {
      name: "rotate-password",
      role: role.id,
      policy: policyDocument(this, "workflow-policy-document", workflowStatements(this.props, this.stateMachineArn())).json,
    });
    suppressPolicy(role, "PLAT-JOB-1", ROTATION_IS_NOT_A_JOB);
    return role;
  }

  /** The scheduler's role: start this workflow, nothing else. */
  private createSchedulerRole(): IamRole {
    const { context, service } = this.props;
    const trust = serviceTrustPolicy(this, "scheduler-trust", "scheduler.amazonaws.com", context.accountId);
    const role = new IamRole(this, "scheduler-role", {
      name: awsName([context.namePrefix, "db-rotation", service, "scheduler"], NAME_LIMITS.iamRole),
      description: `EventBridge Scheduler starts the database password rotation of ${service} with this role`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    new IamRolePolicy(this, "scheduler-policy", {
      name: "start-rotation",
      role: role.id,
      policy: policyDocument(this, "scheduler-policy-document", [
        { sid: "StartOwnRotation", actions: ["states:StartExecution"], resources: [this.stateMachineArn()] },
        // The workflow's input is encrypted under its key on StartExecution (Step Functions
        // Developer Guide, "Data at rest encryption"), so the caller needs a data key of it.
        historyKeyStatement("EncryptRotationInput", this.props, this.stateMachineArn(), ["kms:GenerateDataKey"]),
      ]).json,
    });
    suppressPolicy(role, "PLAT-JOB-1", ROTATION_IS_NOT_A_JOB);
    return role;
  }

  /**
   * Two ways a rotation fails: the run failed, timed out or was stopped (the old password still
   * works unless the run failed after changing it: then the service's restart fails too, so this
   * pages), or the scheduler dropped the start after its retries.
   * https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
   * https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html
   */
  private watch(): void {
    const { monitor, service, userName, scheduleGroupName } = this.props;
    const execution = (metricName: string) => ({ namespace: "AWS/States", metricName, dimensions: { StateMachineArn: this.stateMachine.arn }, statistic: "Sum" });
    monitor.alarm(this, {
      resource: `database-rotation-${service}`,
      signal: "failed",
      description: `The password rotation of ${service} (user ${userName}) failed: open the run in Step Functions; if it failed after the rotation task, AWSCURRENT still holds the old password and the database the new one (AWSPENDING): move AWSCURRENT to the AWSPENDING version and redeploy.`,
      metric: {
        expression: "FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)",
        label: "rotation runs that did not succeed",
        metrics: { failed: execution("ExecutionsFailed"), timedOut: execution("ExecutionsTimedOut"), aborted: execution("ExecutionsAborted") },
      },
      ...ON_ANY_OCCURRENCE,
      severity: "page",
    });
    monitor.alarm(this, {
      resource: `database-rotation-${service}`,
      signal: "not-started",
      description: `EventBridge Scheduler gave up starting the password rotation of ${service}: look at the schedule's role and the state machine.`,
      metric: { namespace: "AWS/Scheduler", metricName: "InvocationDroppedCount", dimensions: { ScheduleGroup: scheduleGroupName }, statistic: "Sum" },
      ...ON_ANY_OCCURRENCE,
      severity: "notify",
    });
  }
}

/** kms on the data key only through Step Functions, and only for this state machine's data. */
function historyKeyStatement(sid: string, props: Pick<PasswordRotationProps, "context" | "keyArn">, stateMachineArn: string, actions: readonly string[]): PolicyStatement {
  return {
    sid,
    actions,
    resources: [props.keyArn],
    conditions: [
      { test: "StringEquals", variable: "kms:ViaService", values: [`states.${props.context.region}.amazonaws.com`] },
      { test: "StringEquals", variable: "kms:EncryptionContext:aws:states:stateMachineArn", values: [stateMachineArn] },
    ],
  };
}

/**
 * What the workflow may do. Resources are named wherever the API allows it; GetRandomPassword has
 * no resource (Service Authorization Reference, AWS Secrets Manager: "*" only). `.sync` on RunTask
 * needs DescribeTasks/StopTask on the task and the managed EventBridge rule Step Functions keeps
 * ("IAM policies for Amazon ECS/AWS Fargate", AWS Step Functions Developer Guide).
 */
export function workflowStatements(props: PasswordRotationProps, stateMachineArn: string): PolicyStatement[] {
  const { context, secretArn, keyArn, task } = props;
  const { partition, region, accountId } = context;
  const family = `arn:${partition}:ecs:${region}:${accountId}:task-definition/${task.family}`;
  return [
    { sid: "GeneratePassword", actions: ["secretsmanager:GetRandomPassword"], resources: ["*"] },
    {
      sid: "RotateOwnSecret",
      actions: ["secretsmanager:ListSecretVersionIds", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
      resources: [secretArn],
    },
    {
      // PutSecretValue encrypts the new version under the secret's key.
      sid: "EncryptOwnSecret",
      actions: ["kms:GenerateDataKey"],
      resources: [keyArn],
      conditions: [
        { test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${region}.amazonaws.com`] },
        { test: "StringEquals", variable: "kms:EncryptionContext:SecretARN", values: [secretArn] },
      ],
    },
    historyKeyStatement("EncryptOwnHistory", props, stateMachineArn, ["kms:Decrypt", "kms:GenerateDataKey"]),
    {
      sid: "RunRotationTask",
      actions: ["ecs:RunTask"],
      resources: [family, `${family}:*`],
      conditions: [{ test: "ArnEquals", variable: "ecs:cluster", values: [props.clusterArn] }],
    },
    {
      sid: "FollowRotationTask",
      actions: ["ecs:DescribeTasks", "ecs:StopTask"],
      resources: [`arn:${partition}:ecs:${region}:${accountId}:task/*`],
      conditions: [{ test: "ArnEquals", variable: "ecs:cluster", values: [props.clusterArn] }],
    },
    {
      sid: "PassRotationTaskRoles",
      actions: ["iam:PassRole"],
      resources: [task.roles.executionRole.arn, task.roles.taskRole.arn],
      conditions: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] }],
    },
    {
      sid: "HearOfTaskEnd",
      actions: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
      resources: [`arn:${partition}:events:${region}:${accountId}:rule/StepFunctionsGetEventsForECSTaskRule`],
    },
    ...(props.redeployService
      ? [
          {
            sid: "RestartOwnService",
            actions: ["ecs:UpdateService"],
            resources: [`arn:${partition}:ecs:${region}:${accountId}:service/${props.redeployService.clusterName}/${props.redeployService.serviceName}`],
          },
        ]
      : []),
  ];
}

const SDK = "arn:aws:states:::aws-sdk";
/** Retries of an API call that failed for a passing reason (throttling, a service error). */
const API_RETRY = [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 5, MaxAttempts: 4, BackoffRate: 2 }];

/**
 * The workflow in Amazon States Language with JSONata. The password is produced by one state and
 * consumed by the next; every later state's input holds version ids only.
 */
export function rotationDefinition(props: PasswordRotationProps): object {
  const { secretArn, userName, password, task } = props;
  const keep = (extra: Record<string, string>) => `{% $merge([$states.input, ${jsonataObject(extra)}]) %}`;
  const states: Record<string, object> = {
    FindCurrentVersion: {
      Type: "Task",
      Resource: `${SDK}:secretsmanager:listSecretVersionIds`,
      Arguments: { SecretId: secretArn },
      Output: { currentVersionId: "{% $states.result.Versions['AWSCURRENT' in VersionStages].VersionId %}" },
      Retry: API_RETRY,
      Next: "GeneratePassword",
    },
    GeneratePassword: {
      Type: "Task",
      Resource: `${SDK}:secretsmanager:getRandomPassword`,
      Arguments: { PasswordLength: password.length, ExcludeCharacters: password.excludeCharacters, IncludeSpace: false, RequireEachIncludedType: true },
      Output: keep({ secretString: `$string({'username': '${userName}', 'password': $states.result.RandomPassword})` }),
      Retry: API_RETRY,
      Next: "WritePendingVersion",
    },
    WritePendingVersion: {
      Type: "Task",
      Resource: `${SDK}:secretsmanager:putSecretValue`,
      Arguments: { SecretId: secretArn, SecretString: "{% $states.input.secretString %}", VersionStages: [PENDING_STAGE], ClientRequestToken: "{% $uuid() %}" },
      // The value is left behind here: what follows sees version ids only.
      Output: { currentVersionId: "{% $states.input.currentVersionId %}", pendingVersionId: "{% $states.result.VersionId %}" },
      Retry: API_RETRY,
      Next: "ChangeDatabasePassword",
    },
    ChangeDatabasePassword: {
      Type: "Task",
      Resource: "arn:aws:states:::ecs:runTask.sync",
      Arguments: {
        Cluster: props.clusterArn,
        TaskDefinition: task.family,
        LaunchType: "FARGATE",
        NetworkConfiguration: {
          AwsvpcConfiguration: { Subnets: [...props.subnetIds], SecurityGroups: [props.securityGroupId], AssignPublicIp: props.assignPublicIp ? "ENABLED" : "DISABLED" },
        },
      },
      Output: keep({ exitCode: `$states.result.Containers[Name = '${task.containerName}'].ExitCode` }),
      // Running the task again with the same AWSPENDING value changes nothing more: safe to retry.
      Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 30, MaxAttempts: 2, BackoffRate: 2 }],
      Next: "DatabaseChanged",
    },
    DatabaseChanged: {
      Type: "Choice",
      Choices: [{ Condition: "{% $states.input.exitCode = 0 %}", Next: "PromotePendingVersion" }],
      Default: "RotationTaskFailed",
    },
    RotationTaskFailed: {
      Type: "Fail",
      Error: "RotationTaskFailed",
      Cause: `The rotation task stopped with a non-zero exit code: its log streams (prefix ${task.containerName}) in the database-setup log group say why. AWSCURRENT is unchanged.`,
    },
    PromotePendingVersion: {
      Type: "Task",
      Resource: `${SDK}:secretsmanager:updateSecretVersionStage`,
      Arguments: {
        SecretId: secretArn,
        VersionStage: "AWSCURRENT",
        MoveToVersionId: "{% $states.input.pendingVersionId %}",
        RemoveFromVersionId: "{% $states.input.currentVersionId %}",
      },
      Output: "{% $states.input %}",
      Retry: API_RETRY,
      Next: "ClearPendingStage",
    },
    ClearPendingStage: {
      Type: "Task",
      Resource: `${SDK}:secretsmanager:updateSecretVersionStage`,
      Arguments: { SecretId: secretArn, VersionStage: PENDING_STAGE, RemoveFromVersionId: "{% $states.input.pendingVersionId %}" },
      Output: "{% $states.input %}",
      Retry: API_RETRY,
      ...(props.redeployService ? { Next: "RestartService" } : { End: true }),
    },
  };
  if (props.redeployService) {
    states.RestartService = {
      Type: "Task",
      Resource: `${SDK}:ecs:updateService`,
      Arguments: { Cluster: props.redeployService.clusterName, Service: props.redeployService.serviceName, ForceNewDeployment: true },
      Output: "{% $states.input %}",
      Retry: API_RETRY,
      End: true,
    };
  }
  return {
    Comment: `Rotates the database password of ${props.service} (user ${userName}); generated by the platform (modules/database/password-rotation.ts)`,
    QueryLanguage: "JSONata",
    TimeoutSeconds: RUN_TIMEOUT_SECONDS,
    StartAt: "FindCurrentVersion",
    States: states,
  };
}

/** `{'a': expr, ...}` for a JSONata expression: the values are expressions, the keys plain names. */
function jsonataObject(fields: Record<string, string>): string {
  return `{${Object.entries(fields)
    .map(([key, expression]) => `'${key}': ${expression}`)
    .join(", ")}}`;
}
