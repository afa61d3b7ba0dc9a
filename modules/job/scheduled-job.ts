import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { ON_ANY_OCCURRENCE } from "../core/alarm";
import { ServiceBinding } from "../core/binding";
import { allowTcpEgress, connect, NetworkPeer, securityGroup } from "../core/connect";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";
import { jobDeadLetterQueueName, jobTaskName } from "./names";
import { EcsCluster } from "../cluster/ecs-cluster";
import { Monitor } from "../monitoring/alarm";
import { OneOffTask } from "../service/one-off-task";
import { RunGuard } from "./run-guard";
import { JobSettings } from "./schema";

const HTTPS_PORT = 443;
/** Messages in the dead-letter queue are kept this long: two weeks, SQS's maximum, to look into a missed run. */
const DLQ_RETENTION_SECONDS = 1209600;

/** The image a job runs, resolved by the environment: a service's (with its repository) or a URI. */
export interface JobImage {
  readonly uri: string;
  readonly cpuArchitecture: string;
  /** The private ECR repository to pull from. Default: none (a public image). */
  readonly repositoryArn?: string;
}

export interface ScheduledJobProps extends Omit<JobSettings, "image" | "spot"> {
  readonly context: AwsContext;
  readonly cluster: EcsCluster;
  readonly image: JobImage;
  /** Run on Fargate Spot, resolved from the tier. No default. */
  readonly spot: boolean;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly assignPublicIp: boolean;
  /** The environment's data key, which encrypts the dead-letter queue. No default. */
  readonly keyArn: string;
  readonly monitor: Monitor;
  /** What the backing resources the job uses give it. Default: none. */
  readonly bindings?: readonly ServiceBinding[];
}

/**
 * A job EventBridge Scheduler starts on its schedule as an ECS task: the task (roles, definition)
 * as a one-off task, its own security group and log group, a schedule group of its own (the
 * scheduler's metrics are per group), a retry policy, an encrypted dead-letter queue, an alarm on
 * runs that never started, and a notification for runs that stopped with a non-zero exit code.
 * No desired count, no load balancer.
 */
export class ScheduledJob extends Construct implements NetworkPeer {
  readonly scope: Construct = this;
  readonly peerName: string;
  readonly peerLabel: string;
  readonly securityGroupId: string;
  readonly task: OneOffTask;
  readonly schedule: SchedulerSchedule;
  readonly deadLetterQueue: SqsQueue;
  readonly schedulerRole: IamRole;
  /** The Step Functions guard the scheduler starts when `skipIfRunning` is on. */
  readonly guard?: RunGuard;
  private readonly props: ScheduledJobProps;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    this.props = props;
    const { context, name } = props;
    // "job-" keeps a job's security group, roles and alarms apart from a service of the same name.
    this.peerName = `job-${name}`;
    this.peerLabel = `job ${name}`;
    const bindings = props.bindings ?? [];
    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `${props.cluster.logGroupPrefix}jobs/${name}`,
      retentionInDays: props.cluster.serviceLogRetentionInDays,
      kmsKeyId: props.cluster.logsKeyArn,
    });
    this.securityGroupId = this.createSecurityGroup();
    for (const { connection } of bindings) if (connection) connect(this, connection.peer, connection.port);
    this.task = this.createTask(logGroup, bindings);
    this.deadLetterQueue = new SqsQueue(this, "dead-letter-queue", {
      name: jobDeadLetterQueueName(context.namePrefix, name),
      kmsMasterKeyId: props.keyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: DLQ_RETENTION_SECONDS,
    });
    this.guard = props.skipIfRunning ? this.createGuard() : undefined;
    this.schedulerRole = this.createSchedulerRole();
    this.schedule = this.createSchedule();
    this.watch();
  }

  private createSecurityGroup(): string {
    const { context, name, vpcId } = this.props;
    const group = securityGroup(this, "security-group", {
      name: `${context.namePrefix}-job-${name}`,
      description: `Tasks of job ${name}`,
      vpcId,
    });
    allowTcpEgress(this, "egress-https", group.id, { description: "HTTPS to AWS APIs and image registries", fromPort: HTTPS_PORT, cidrIpv4: "0.0.0.0/0" });
    return group.id;
  }

  private createTask(logGroup: CloudwatchLogGroup, bindings: readonly ServiceBinding[]): OneOffTask {
    const props = this.props;
    const secrets: Record<string, string> = Object.assign({}, props.secrets, ...bindings.map((binding) => binding.secrets));
    const environment: Record<string, string> = Object.assign({}, props.environment, ...bindings.map((binding) => binding.environment));
    const references = Object.values(secrets);
    const writable = props.scratchPaths.map((path, index) => ({ volume: `scratch-${index}`, path }));
    const pairs = (record: Record<string, string>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return new OneOffTask(this, "task", {
      context: props.context,
      name: jobTaskName(props.name),
      container: {
        name: props.name,
        image: props.image.uri,
        essential: true,
        command: props.command ? [...props.command] : undefined,
        environment: pairs(environment).length ? pairs(environment).map(([name, value]) => ({ name, value })) : undefined,
        secrets: references.length ? pairs(secrets).map(([name, valueFrom]) => ({ name, valueFrom })) : undefined,
        readonlyRootFilesystem: props.readonlyRootFilesystem,
        mountPoints: writable.length ? writable.map(({ volume, path }) => ({ sourceVolume: volume, containerPath: path, readOnly: false })) : undefined,
        logConfiguration: {
          logDriver: "awslogs",
          options: { "awslogs-group": logGroup.name, "awslogs-region": props.context.region, "awslogs-stream-prefix": "job" },
        },
      },
      cpu: props.cpu,
      memory: props.memory,
      cpuArchitecture: props.image.cpuArchitecture,
      volumes: writable.map(({ volume }) => volume),
      roles: {
        logGroupArn: logGroup.arn,
        repositoryArn: props.image.repositoryArn,
        secretArns: [
          ...new Set([
            ...references.filter((arn) => arn.includes(":secretsmanager:")).map((arn) => arn.split(":").slice(0, 7).join(":")),
            ...bindings.flatMap((binding) => binding.executionRoleSecretArns ?? []),
          ]),
        ],
        parameterArns: [...new Set(references.filter((arn) => arn.includes(":ssm:")))],
        executionRoleStatements: bindings.flatMap((binding) => binding.executionRoleStatements ?? []),
        taskRoleStatements: [...props.taskRolePolicyStatements, ...bindings.flatMap((binding) => binding.taskRoleStatements ?? [])],
      },
      placement: { clusterArn: props.cluster.cluster.arn, subnetIds: props.subnetIds, securityGroupIds: [this.securityGroupId], assignPublicIp: props.assignPublicIp },
      logGroupName: logGroup.name,
      logStreamPrefix: "job",
      timeoutMinutes: 60,
    });
  }

  /** The task definition family's ARN: the scheduler runs its latest revision. */
  private familyArn(): string {
    const { partition, region, accountId } = this.props.context;
    return `arn:${partition}:ecs:${region}:${accountId}:task-definition/${this.task.family}`;
  }

  private taskRoleArns(): string[] {
    return [this.task.roles.executionRole.arn, this.task.roles.taskRole.arn];
  }

  private createGuard(): RunGuard {
    const props = this.props;
    return new RunGuard(this, "guard", {
      context: props.context,
      name: props.name,
      logsKeyArn: props.cluster.logsKeyArn,
      logRetentionInDays: props.cluster.serviceLogRetentionInDays,
      run: {
        clusterArn: props.cluster.cluster.arn,
        familyArn: this.familyArn(),
        family: this.task.family,
        capacityProvider: props.spot ? "FARGATE_SPOT" : "FARGATE",
        subnetIds: props.subnetIds,
        securityGroupIds: [this.securityGroupId],
        assignPublicIp: props.assignPublicIp,
        passedRoleArns: this.taskRoleArns(),
        maximumRetryAttempts: props.retry.maximumRetryAttempts,
      },
    });
  }

  /**
   * The scheduler's role: start this job's task definition (any revision) in this cluster and pass
   * its two roles and nothing else (or, with the guard, start only the guard), and put a run it
   * gave up on into the dead-letter queue.
   * https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
   */
  private createSchedulerRole(): IamRole {
    const { context, name, cluster, keyArn } = this.props;
    const trust = serviceTrustPolicy(this, "scheduler-trust", "scheduler.amazonaws.com", context.accountId);
    const role = new IamRole(this, "scheduler-role", {
      name: awsName([context.namePrefix, "job", name, "scheduler"], NAME_LIMITS.iamRole),
      description: `EventBridge Scheduler starts job ${name} with this role`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    // With the guard, the scheduler only starts its state machine (a templated Step Functions
    // target: https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html);
    // the guard's own role runs the task.
    const start: PolicyStatement[] = this.guard
      ? [{ sid: "StartOwnGuard", actions: ["states:StartExecution"], resources: [this.guard.stateMachine.arn] }]
      : [
          {
            sid: "RunOwnTask",
            actions: ["ecs:RunTask"],
            resources: [this.familyArn(), `${this.familyArn()}:*`],
            conditions: [{ test: "ArnEquals", variable: "ecs:cluster", values: [cluster.cluster.arn] }],
          },
          {
            sid: "PassOwnTaskRoles",
            actions: ["iam:PassRole"],
            resources: this.taskRoleArns(),
            conditions: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] }],
          },
        ];
    const statements: PolicyStatement[] = [
      ...start,
      { sid: "DeadLetterFailedRuns", actions: ["sqs:SendMessage"], resources: [this.deadLetterQueue.arn] },
      // SQS asks KMS for a data key on the sender's behalf (SQS Developer Guide, key management).
      { sid: "EncryptDeadLetters", actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [keyArn] },
    ];
    new IamRolePolicy(this, "scheduler-policy", {
      name: "run-job",
      role: role.id,
      policy: policyDocument(this, "scheduler-policy-document", statements).json,
    });
    return role;
  }

  private createSchedule(): SchedulerSchedule {
    const props = this.props;
    const { context, name, schedule, retry } = props;
    const group = new SchedulerScheduleGroup(this, "schedule-group", { name: awsName([context.namePrefix, "job", name], 64) });
    return new SchedulerSchedule(this, "schedule", {
      name: awsName([context.namePrefix, "job", name], 64),
      groupName: group.name,
      description: `Starts job ${name}`,
      scheduleExpression: schedule.expression,
      scheduleExpressionTimezone: schedule.timeZone,
      flexibleTimeWindow:
        schedule.flexibleWindowMinutes > 0 ? { mode: "FLEXIBLE", maximumWindowInMinutes: schedule.flexibleWindowMinutes } : { mode: "OFF" },
      target: {
        arn: this.guard ? this.guard.stateMachine.arn : props.cluster.cluster.arn,
        roleArn: this.schedulerRole.arn,
        retryPolicy: { maximumRetryAttempts: retry.maximumRetryAttempts, maximumEventAgeInSeconds: retry.maximumEventAgeInSeconds },
        deadLetterConfig: { arn: this.deadLetterQueue.arn },
        ecsParameters: this.guard ? undefined : {
          taskDefinitionArn: this.familyArn(),
          taskCount: 1,
          capacityProviderStrategy: [{ capacityProvider: props.spot ? "FARGATE_SPOT" : "FARGATE", weight: 1 }],
          networkConfiguration: { subnets: [...props.subnetIds], securityGroups: [this.securityGroupId], assignPublicIp: props.assignPublicIp },
          platformVersion: "LATEST",
        },
      },
    });
  }

  /**
   * Two ways a run fails: the scheduler could not start it within its retries (it goes to the
   * dead-letter queue; the alarm pages), or the task ran and stopped with a non-zero exit code
   * (ECS task state change events; the alarm topic hears of each).
   * https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
   */
  private watch(): void {
    const { monitor, name, cluster, context } = this.props;
    monitor.alarm(this, {
      resource: `job-${name}`,
      signal: "runs-not-started",
      description: `The scheduler gave up starting job ${name} (sent to its dead-letter queue): look at the queue's messages for the RunTask error.`,
      metric: { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: this.deadLetterQueue.name }, statistic: "Maximum" },
      ...ON_ANY_OCCURRENCE,
      severity: "page",
    });
    if (this.guard) {
      // The guard's RunTask refused after its retries, or answered with failures: no task started.
      // https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
      const executionsFailed = { namespace: "AWS/States", metricName: "ExecutionsFailed", dimensions: { StateMachineArn: this.guard.stateMachine.arn }, statistic: "Sum" } as const;
      monitor.alarm(this, {
        resource: `job-${name}`,
        signal: "runs-refused",
        description: `ECS refused to start job ${name} (its guard's execution failed): the execution's history shows RunTask's error.`,
        metric: executionsFailed,
        ...ON_ANY_OCCURRENCE,
        severity: "page",
      });
    }
    monitor.notifyOn(this, `job-${name}-failed`, `Job ${name} stopped with a non-zero exit code`, {
      source: ["aws.ecs"],
      "detail-type": ["ECS Task State Change"],
      detail: {
        clusterArn: [cluster.cluster.arn],
        lastStatus: ["STOPPED"],
        taskDefinitionArn: [{ prefix: `arn:${context.partition}:ecs:${context.region}:${context.accountId}:task-definition/${this.task.family}:` }],
        containers: { exitCode: [{ "anything-but": 0 }] },
      },
    });
    monitor.tile({
      section: `Job ${name}`,
      title: "Runs not started",
      metrics: [{ namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: this.deadLetterQueue.name }, statistic: "Maximum" }],
    });
  }
}
