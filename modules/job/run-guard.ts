import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { policyDocument, PolicyStatement, serviceTrustPolicy, STEP_FUNCTIONS_LOG_DELIVERY_ACTIONS } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";

/** Step Functions' limit on state machine names. */
const STATE_MACHINE_NAME_LIMIT = 80;
/** Seconds before the first retry of a refused RunTask; each further wait doubles. */
const RUN_TASK_RETRY_INTERVAL_SECONDS = 30;

/** How the guard starts the job's task: what the scheduler's `ecs_parameters` would otherwise say. */
export interface GuardedRun {
  readonly clusterArn: string;
  /** The family's ARN without a revision: RunTask starts its latest ACTIVE revision (the release the workflow registered). */
  readonly familyArn: string;
  readonly family: string;
  readonly capacityProvider: "FARGATE" | "FARGATE_SPOT";
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly assignPublicIp: boolean;
  /** The task's execution and task roles, which RunTask passes to ECS. */
  readonly passedRoleArns: readonly string[];
  /** Further RunTask attempts when ECS refuses (capacity, throttling); the job's own retry count. */
  readonly maximumRetryAttempts: number;
}

export interface RunGuardProps {
  readonly context: AwsContext;
  /** The job's name, for names and descriptions. No default. */
  readonly name: string;
  readonly run: GuardedRun;
  /** The environment's logs key, which encrypts the state machine's log group. No default. */
  readonly logsKeyArn: string;
  readonly logRetentionInDays: number;
}

/**
 * A Standard Step Functions workflow the scheduler starts instead of the task, for a job that must
 * not overlap itself: ListTasks (this family, this cluster, desired status RUNNING) → a Choice →
 * Succeed "Skipped" while a task of the family runs, else RunTask. EventBridge Scheduler and ECS
 * have no such option of their own.
 *
 * RunTask is called as a request-response integration, not `.sync`: the execution ends once the task
 * is started, so the role needs no `ecs:StopTask`/`DescribeTasks` on "*" nor the managed
 * `StepFunctionsGetEventsForECSTaskRule` (https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html),
 * and the job's non-zero-exit notification (ECS task state change events) keeps reporting failed runs
 * as it does without the guard. Request-response does not fail on RunTask's `Failures` list
 * (https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html), so a Choice turns a
 * non-empty one into a failed execution, which the job's "runs refused" alarm counts.
 * ListTasks accepts `family` together with `cluster` and `desiredStatus` (not with `startedBy`,
 * which must be alone), and RUNNING includes tasks still provisioning or pending
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html): a run started by
 * hand (`npm run task -- <env> job <job>`) counts as running too.
 */
export class RunGuard extends Construct {
  readonly stateMachine: SfnStateMachine;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: RunGuardProps) {
    super(scope, id);
    const { context, name } = props;
    const machineName = awsName([context.namePrefix, "job", name, "guard"], STATE_MACHINE_NAME_LIMIT);
    // /aws/vendedlogs/ spares the account's CloudWatch Logs resource policy a statement per group
    // (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html); "<prefix>-" keeps it under the logs key's grant.
    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `/aws/vendedlogs/states/${machineName}`,
      retentionInDays: props.logRetentionInDays,
      kmsKeyId: props.logsKeyArn,
    });
    const machineArn = `arn:${context.partition}:states:${context.region}:${context.accountId}:stateMachine:${machineName}`;
    const { role, policy } = this.createRole(machineArn, props);
    this.role = role;
    this.stateMachine = new SfnStateMachine(this, "state-machine", {
      name: machineName,
      type: "STANDARD",
      roleArn: this.role.arn,
      definition: JSON.stringify(guardDefinition(context.partition, props.run)),
      // Every state with its input and output (task ARNs, RunTask's answer; never a secret), so a
      // skipped run can be seen and told from a started one.
      loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: `${logGroup.arn}:*` },
      // CreateStateMachine checks at once that the role may deliver to the log group, so the
      // role's policy comes first (aws/aws-cdk#26432: "not authorized to access the Log Destination").
      dependsOn: [policy],
    });
  }

  private createRole(machineArn: string, props: RunGuardProps): { readonly role: IamRole; readonly policy: IamRolePolicy } {
    const { context, name, run } = props;
    const trust = serviceTrustPolicy(this, "trust", "states.amazonaws.com", context.accountId, machineArn);
    const role = new IamRole(this, "role", {
      name: awsName([context.namePrefix, "job", name, "guard"], NAME_LIMITS.iamRole),
      description: `Step Functions starts job ${name} unless a run of it is still running`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    const statements: PolicyStatement[] = [
      // ListTasks has no resource of its own to name (its resource type is the container instance,
      // which Fargate tasks have none of): any resource, in this cluster only.
      { sid: "ListTasksInCluster", actions: ["ecs:ListTasks"], resources: ["*"], conditions: [{ test: "ArnEquals", variable: "ecs:cluster", values: [run.clusterArn] }] },
      {
        sid: "RunOwnTask",
        actions: ["ecs:RunTask"],
        resources: [run.familyArn, `${run.familyArn}:*`],
        conditions: [{ test: "ArnEquals", variable: "ecs:cluster", values: [run.clusterArn] }],
      },
      {
        sid: "PassOwnTaskRoles",
        actions: ["iam:PassRole"],
        resources: [...run.passedRoleArns],
        conditions: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] }],
      },
      // Deliberate exception: the log delivery actions have no resource-level permissions; this is
      // the policy Step Functions documents for logging (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).
      {
        sid: "DeliverOwnLogs",
        actions: [...STEP_FUNCTIONS_LOG_DELIVERY_ACTIONS],
        resources: ["*"],
      },
    ];
    const policy = new IamRolePolicy(this, "policy", {
      name: "guard-job",
      role: role.id,
      policy: policyDocument(this, "policy-document", statements).json,
    });
    return { role, policy };
  }
}

/** The workflow, in Amazon States Language (JSONPath). */
function guardDefinition(partition: string, run: GuardedRun): Readonly<Record<string, unknown>> {
  return {
    Comment: `Start ${run.family} unless a task of it still runs`,
    StartAt: "ListRunning",
    States: {
      ListRunning: {
        Type: "Task",
        Resource: `arn:${partition}:states:::aws-sdk:ecs:listTasks`,
        Parameters: { Cluster: run.clusterArn, Family: run.family, DesiredStatus: "RUNNING", MaxResults: 1 },
        // The whole answer is kept: a selector would fail the run on an answer without the field.
        ResultPath: "$.running",
        Next: "StillRunning",
      },
      StillRunning: {
        Type: "Choice",
        Choices: [{ Variable: "$.running.TaskArns[0]", IsPresent: true, Next: "Skipped" }],
        Default: "RunTask",
      },
      Skipped: { Type: "Succeed", Comment: "The previous run still runs" },
      RunTask: {
        Type: "Task",
        Resource: `arn:${partition}:states:::ecs:runTask`,
        Parameters: {
          Cluster: run.clusterArn,
          TaskDefinition: run.familyArn,
          CapacityProviderStrategy: [{ CapacityProvider: run.capacityProvider, Weight: 1 }],
          NetworkConfiguration: {
            AwsvpcConfiguration: {
              Subnets: [...run.subnetIds],
              SecurityGroups: [...run.securityGroupIds],
              AssignPublicIp: run.assignPublicIp ? "ENABLED" : "DISABLED",
            },
          },
          PlatformVersion: "LATEST",
        },
        ResultPath: "$.started",
        Retry: run.maximumRetryAttempts > 0 ? [{ ErrorEquals: ["States.ALL"], IntervalSeconds: RUN_TASK_RETRY_INTERVAL_SECONDS, MaxAttempts: run.maximumRetryAttempts, BackoffRate: 2 }] : undefined,
        Next: "Started",
      },
      Started: {
        Type: "Choice",
        Choices: [{ Variable: "$.started.Failures[0]", IsPresent: true, Next: "NotStarted" }],
        Default: "Done",
      },
      NotStarted: { Type: "Fail", Error: "RunTaskFailures", Cause: "ECS did not start the task: see RunTask's Failures in the execution's history" },
      Done: { Type: "Succeed" },
    },
  };
}
