import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsService as EcsServiceResource, EcsServiceServiceRegistries } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LbListenerRule, LbListenerRuleConfig } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Fn, ITerraformDependable, Op, Postcondition, TerraformSelf, Token } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { ServiceBinding } from "../core/binding";
import { PerTaskMetric } from "../core/capability";
import { allowTcpEgress, connect, NetworkPeer, securityGroup } from "../core/connect";
import { policyDocument } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";
import { EcsCluster } from "../cluster/ecs-cluster";
import { ApplicationLoadBalancer } from "../load-balancer/application-load-balancer";
import { imageTagParameterName, repositoryName } from "../registry/image-registries";
import { EcsTaskRoles } from "./ecs-task-roles";
import { DeploymentConfig, ECS_STRATEGY } from "./deployment";
import { OneOffTask, oneOffTaskName } from "./one-off-task";
import { OneOffTaskConfig, ServiceSettings } from "./schema";
import { Monitor } from "../monitoring/alarm";
import { ServiceAlarmThresholds } from "../monitoring/schema";
import { watchService } from "./service-alarms";
import { collectorContainer, TRACING_COLLECTOR, TRACING_STATEMENTS, tracingVariables } from "./tracing";
import { ServiceAutoscaling } from "./service-autoscaling";
import { fargateTaskDefinition } from "./task-definition";
import { REPLACED_BEFORE_DESTROY } from "../core/replaceable";

/**
 * The target group's health check timing: a task is healthy after two passes 15 s apart (30 s) and
 * out of rotation after three failures (45 s), faster than the ALB's defaults (30 s, 5 checks).
 */
const TARGET_HEALTH_CHECK_TIMING = { interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 } as const;

/** Rolling deployments start the new tasks beside the old ones (up to twice the count) and never drop below the desired count. */
const ROLLING_DEPLOYMENT = { deploymentMinimumHealthyPercent: 100, deploymentMaximumPercent: 200 } as const;

/** Seconds callers cache a Cloud Map answer: short, so a replaced task drops out of DNS within seconds. */
const CLOUD_MAP_TTL_SECONDS = 10;

export interface EcsServiceProps extends Omit<ServiceSettings, "deployment"> {
  /** How new revisions replace the running ones, every default resolved. No default. */
  readonly deployment: DeploymentConfig;
  readonly context: AwsContext;
  /** The shared cluster. No default. */
  readonly cluster: EcsCluster;
  /** VPC of the service's security group and target group. No default. */
  readonly vpcId: string;
  /** Subnets the tasks run in. No default. */
  readonly subnetIds: readonly string[];
  /** Give tasks a public IP, for VPCs without NAT. Default: false. */
  readonly assignPublicIp?: boolean;
  /** The load balancer; required when `loadBalancer` routing is configured. Default: none. */
  readonly alb?: ApplicationLoadBalancer;
  /** Region of the image registries (the bootstrap stack's), where an ECR image is pulled from. No default. */
  readonly registryRegion: string;
  /** Where the service's alarms and dashboard tiles go. No default. */
  readonly monitor: Monitor;
  /**
   * Register in Cloud Map even when no other service calls it: an API Gateway route reaches the
   * tasks through their SRV records. Default: false.
   */
  readonly discoverable?: boolean;
  /** Metrics per running task the autoscaling tracks, made by the capabilities that own them (their `scaling`). Default: none. */
  readonly perTaskMetrics?: readonly PerTaskMetric[];
  /** Thresholds of the service's alarms. No default. */
  readonly alarms: ServiceAlarmThresholds;
  /** Run an OpenTelemetry collector beside the application, exporting traces to X-Ray. Default: false. */
  readonly tracing?: boolean;
  /** What the backing resources the service uses give it: variables, secrets, permissions, network paths. Default: none. */
  readonly bindings?: readonly ServiceBinding[];
}

const HTTPS_PORT = 443;

interface Routing {
  readonly targetGroup: LbTargetGroup;
  readonly rule: LbListenerRule;
  /** For blue/green, canary and linear: where the new revision starts, and its test route. */
  readonly alternate?: { readonly targetGroup: LbTargetGroup; readonly testRule: LbListenerRule; readonly roleArn: string };
}
/** Where the SSM agent behind ECS Exec writes inside the container. */
const EXEC_AGENT_PATHS = ["/managed-agents", "/var/lib/amazon/ssm", "/var/log/amazon/ssm"];
const ECR_IMAGE_PATTERN = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

/**
 * One containerized service on the shared cluster: log group, IAM roles, release-tag parameter (for
 * an ECR image: its repository is the bootstrap stack's, see registry/), task definition, security
 * group, ECS service, and, when routed, target group and listener rule, plus autoscaling and
 * service discovery when configured.
 */
export class EcsService extends Construct implements NetworkPeer {
  readonly scope: Construct = this;
  readonly peerName: string;
  readonly peerLabel: string;
  readonly service: EcsServiceResource;
  readonly taskDefinition: EcsTaskDefinition;
  readonly securityGroupId: string;
  readonly roles: EcsTaskRoles;
  readonly logGroup: CloudwatchLogGroup;
  /** For an ECR image: the parameter holding the tag to run, which the app pipeline writes on each release. */
  readonly imageTagParameter?: SsmParameter;
  readonly targetGroup?: LbTargetGroup;
  /** The second target group of blue/green, canary and linear deployments. */
  readonly alternateTargetGroup?: LbTargetGroup;
  /** The image the service runs (at the release tag Terraform knows), which its tasks and jobs run too. */
  readonly imageUri: string;
  /** The service's one-off tasks, by name. */
  readonly tasks: ReadonlyMap<string, OneOffTask>;
  /** The service's Cloud Map service, when it is registered (callable by others). */
  discovery?: ServiceDiscoveryService;
  private readonly props: EcsServiceProps;
  private readonly bindings: readonly ServiceBinding[];
  private readonly fullName: string;

  constructor(scope: Construct, id: string, props: EcsServiceProps) {
    super(scope, id);
    this.props = props;
    this.bindings = props.bindings ?? [];
    this.peerName = props.name;
    this.peerLabel = `service ${props.name}`;
    this.fullName = `${props.context.namePrefix}-${props.name}`;
    this.imageTagParameter = props.image.source === "ecr" ? this.createImageTagParameter(props.image.tag) : undefined;
    this.imageUri = this.imageTagParameter ? `${this.repositoryUrl()}:${this.imageTagParameter.insecureValue}` : (props.image as { uri: string }).uri;
    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `${props.cluster.logGroupPrefix}services/${props.name}`,
      retentionInDays: props.cluster.serviceLogRetentionInDays,
      kmsKeyId: props.cluster.logsKeyArn,
    });
    this.roles = this.createRoles();
    this.taskDefinition = this.createTaskDefinition();
    this.securityGroupId = this.createSecurityGroup();
    this.connectToBindings();
    const routing = this.createRouting();
    this.targetGroup = routing?.targetGroup;
    this.alternateTargetGroup = routing?.alternate?.targetGroup;
    const deploymentAlarms = watchService(props.monitor, {
      scope: this,
      name: props.name,
      clusterName: props.cluster.cluster.name,
      ecsServiceName: this.fullName,
      thresholds: props.alarms,
      // Off hours the count is zero by design; an alarm on "fewer than the minimum" would ring every night.
      minimumTasks: this.scaledOffHours ? 0 : props.autoscaling?.minCapacity ?? props.desiredCount,
      containerInsights: props.cluster.containerInsights,
      target:
        routing && props.alb
          ? {
              loadBalancer: props.alb.loadBalancer.arnSuffix,
              targetGroup: routing.targetGroup.arnSuffix,
              alternateTargetGroup: routing.alternate?.targetGroup.arnSuffix,
            }
          : undefined,
    });
    this.service = this.createService(routing, deploymentAlarms);
    this.createAutoscaling();
    this.tasks = new Map(Object.entries(props.tasks).map(([name, task]) => [name, this.createOneOffTask(name, task)]));
  }

  /** The bindings that give any of `variables` (a binding's extra execution-role rights go only with its secrets). */
  private bindingsOf(variables: readonly string[]): ServiceBinding[] {
    return this.bindings.filter((binding) =>
      [...Object.keys(binding.secrets ?? {}), ...Object.keys(binding.environment ?? {})].some((variable) => variables.includes(variable)),
    );
  }

  /** The security group of the service's tasks, which its one-off tasks and jobs of its image share. */
  get placement(): { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[]; readonly assignPublicIp: boolean } {
    return { subnetIds: this.props.subnetIds, securityGroupIds: [this.securityGroupId], assignPublicIp: this.props.assignPublicIp ?? false };
  }

  /** The architecture the image is built for: a job running this image runs on it too. */
  get cpuArchitecture(): string {
    return this.props.cpuArchitecture;
  }

  /** The private ECR repository the image comes from, if any (a job running this image pulls from it too). */
  get imageRepositoryArn(): string | undefined {
    return this.repositoryArn();
  }

  /**
   * A one-off task: the service's container with the task's command, its variables, and only the
   * secrets the task names; no port, no health check (nothing serves). It runs where the service's
   * tasks run, in their security group, so it reaches what they reach.
   */
  private createOneOffTask(name: string, task: OneOffTaskConfig): OneOffTask {
    const props = this.props;
    const references = this.secretReferences();
    // A named variable a binding sets as plain configuration (PGUSER, the service's own database
    // user) reaches the task with the container's environment; only secret references are selected.
    const selected = Object.fromEntries(task.secrets.filter((variable) => variable in references).map((variable) => [variable, references[variable]]));
    const arns = Object.values(selected);
    const named = this.bindingsOf(task.secrets);
    const streamPrefix = `task-${name}`;
    const { portMappings: _ports, healthCheck: _check, ...container } = this.containerDefinition();
    const secrets = sortedPairs(selected).map(([variable, valueFrom]) => ({ name: variable, valueFrom }));
    const writable = props.scratchPaths.map((path, index) => ({ volume: `scratch-${index}`, path }));
    return new OneOffTask(this, `task-${name}`, {
      context: props.context,
      name: oneOffTaskName(props.name, name),
      container: {
        ...container,
        name: props.name,
        command: [...task.command],
        secrets: secrets.length ? secrets : undefined,
        linuxParameters: undefined,
        mountPoints: writable.length ? writable.map(({ volume, path }) => ({ sourceVolume: volume, containerPath: path, readOnly: false })) : undefined,
        logConfiguration: this.logConfiguration(streamPrefix),
      },
      cpu: props.cpu,
      memory: props.memory,
      cpuArchitecture: props.cpuArchitecture,
      volumes: writable.map(({ volume }) => volume),
      roles: {
        logGroupArn: this.logGroup.arn,
        repositoryArn: this.repositoryArn(),
        secretArns: unique([
          ...Object.entries(selected).filter(([variable]) => variable in props.secrets).map(([, arn]) => arn).filter((arn) => arn.includes(":secretsmanager:")).map(secretArnWithoutJsonKey),
          ...named.flatMap((binding) => binding.executionRoleSecretArns ?? []),
        ]),
        parameterArns: unique(arns.filter((arn) => arn.includes(":ssm:"))),
        executionRoleStatements: named.flatMap((binding) => binding.executionRoleStatements ?? []),
        // The grants of the bindings it names, e.g. rds-db:connect as the service's own user (PGUSER) under IAM authentication.
        taskRoleStatements: [...task.taskRolePolicyStatements, ...named.flatMap((binding) => binding.taskRoleStatements ?? [])],
      },
      placement: { clusterArn: props.cluster.cluster.arn, ...this.placement },
      logGroupName: this.logGroup.name,
      logStreamPrefix: streamPrefix,
      timeoutMinutes: task.timeoutMinutes,
    });
  }

  /**
   * `count`, or 0 while a binding's start condition does not hold (a secret without a value): ECS
   * then starts no task that would fail, and the apply after the value is set starts them.
   */
  private heldUntilReady(count: number): number {
    const conditions = this.bindings.flatMap((binding) => binding.startsWhen ?? []);
    return conditions.length === 0 ? count : Token.asNumber(`\${${conditions.join(" && ")} ? ${count} : 0}`);
  }

  /** Lets `caller` reach this service on its container port (both security groups get a rule). */
  acceptCallsFrom(caller: NetworkPeer): void {
    connect(caller, this, this.containerPort());
  }

  /** The port the service listens on (validation requires one wherever a caller needs it). */
  containerPort(): number {
    if (this.props.containerPort === undefined) throw new Error(`service ${this.props.name} has no containerPort`);
    return this.props.containerPort;
  }

  /**
   * The release to run, kept where the app pipeline writes it: Terraform creates the parameter with
   * the configured tag and never resets it, and the task definition reads it. A release writes the
   * tag and registers the new task definition revision itself; Terraform then finds that revision
   * (`track_latest`) equal to what it would build, so the next plan is empty.
   */
  private createImageTagParameter(initialTag: string): SsmParameter {
    const { project, environment } = this.props.context;
    return new SsmParameter(this, "image-tag", {
      name: imageTagParameterName(project, environment, this.props.name),
      description: `Release tag of ${this.props.name}, written by the app pipeline on each release`,
      type: "String",
      insecureValue: initialTag,
      lifecycle: { ignoreChanges: ["insecure_value"] },
    });
  }

  private repositoryUrl(): string {
    const { accountId, namePrefix } = this.props.context;
    return `${accountId}.dkr.ecr.${this.props.registryRegion}.amazonaws.com/${repositoryName(namePrefix, this.props.name)}`;
  }

  /** The private ECR repository the image is pulled from, if any. */
  private repositoryArn(): string | undefined {
    const { accountId, partition, namePrefix } = this.props.context;
    if (this.imageTagParameter) return `arn:${partition}:ecr:${this.props.registryRegion}:${accountId}:repository/${repositoryName(namePrefix, this.props.name)}`;
    const image = this.props.image;
    const match = image.source === "uri" ? ECR_IMAGE_PATTERN.exec(image.uri) : null;
    if (!match) return undefined;
    const [, account, region, repository] = match;
    return `arn:${this.props.context.partition}:ecr:${region}:${account}:repository/${repository}`;
  }

  /** Secrets as ECS references: the configured ones and those of the bindings. */
  private secretReferences(): Record<string, string> {
    return Object.assign({}, this.props.secrets, ...this.bindings.map((binding) => binding.secrets));
  }

  private environmentVariables(): Record<string, string> {
    const tracing = this.props.tracing ? tracingVariables(this.props.name, this.props.context.environment) : {};
    // A variable the service sets itself wins over tracing's; bindings' variables are reserved by validation.
    return Object.assign({}, tracing, this.props.environment, ...this.bindings.map((binding) => binding.environment));
  }

  /** Egress to (and ingress at) every backing resource the service binds to with a network path. */
  private connectToBindings(): void {
    for (const { connection } of this.bindings) {
      if (connection) connect(this, connection.peer, connection.port);
    }
  }

  private createRoles(): EcsTaskRoles {
    const references = Object.values(this.props.secrets);
    const secretArns = [
      ...references.filter((arn) => arn.includes(":secretsmanager:")).map(secretArnWithoutJsonKey),
      ...this.bindings.flatMap((binding) => binding.executionRoleSecretArns ?? []),
    ];
    const cluster = this.props.cluster;
    return new EcsTaskRoles(this, "roles", {
      executionRoleStatements: this.bindings.flatMap((binding) => binding.executionRoleStatements ?? []),
      context: this.props.context,
      serviceName: this.props.name,
      logGroupArn: this.logGroup.arn,
      repositoryArn: this.repositoryArn(),
      secretArns: unique(secretArns),
      parameterArns: unique(references.filter((arn) => arn.includes(":ssm:"))),
      executeCommand: cluster.executeCommandEnabled
        ? { kmsKeyArn: cluster.logsKeyArn, logGroupArn: cluster.execLogGroupArn }
        : undefined,
      taskRoleStatements: [
        ...this.props.taskRolePolicyStatements,
        ...this.bindings.flatMap((binding) => binding.taskRoleStatements ?? []),
        ...(this.props.tracing ? TRACING_STATEMENTS : []),
      ],
    });
  }

  /** The one container of the task, as ECS's container definition JSON expects it. */
  /**
   * Writable paths on the task's ephemeral storage: the configured scratch paths, and where the
   * ECS Exec agent writes when the root is read-only (without them `execute-command` fails).
   */
  private writablePaths(): { volume: string; path: string }[] {
    const props = this.props;
    const exec = props.readonlyRootFilesystem && props.cluster.executeCommandEnabled ? EXEC_AGENT_PATHS : [];
    return [
      ...props.scratchPaths.map((path, index) => ({ volume: `scratch-${index}`, path })),
      ...exec.map((path, index) => ({ volume: `exec-agent-${index}`, path })),
    ];
  }

  /** The application's container, and the tracing collector beside it when tracing is on. */
  private containerDefinitions(): object[] {
    const application = this.containerDefinition();
    if (!this.props.tracing) return [application];
    return [
      { ...application, dependsOn: [{ containerName: TRACING_COLLECTOR.name, condition: "START" }] },
      collectorContainer(this.logConfiguration(TRACING_COLLECTOR.name)),
    ];
  }

  private logConfiguration(streamPrefix: string): object {
    return {
      logDriver: "awslogs",
      options: {
        "awslogs-group": this.logGroup.name,
        "awslogs-region": this.props.context.region,
        "awslogs-stream-prefix": streamPrefix,
      },
    };
  }

  private containerDefinition(): Record<string, unknown> {
    const props = this.props;
    const healthCheck = props.healthCheck;
    const port = props.containerPort;
    const environment = sortedPairs(this.environmentVariables()).map(([name, value]) => ({ name, value }));
    const secrets = sortedPairs(this.secretReferences()).map(([name, valueFrom]) => ({ name, valueFrom }));
    // Empty lists and absent keys are left out, as ECS returns them: anything else shows as a diff on every plan.
    return {
      name: props.name,
      image: this.imageUri,
      essential: true,
      portMappings: port === undefined ? undefined : [{ name: props.name, containerPort: port, hostPort: port, protocol: "tcp" }],
      environment: environment.length ? environment : undefined,
      secrets: secrets.length ? secrets : undefined,
      readonlyRootFilesystem: props.readonlyRootFilesystem,
      mountPoints: this.writablePaths().length
        ? this.writablePaths().map(({ volume, path }) => ({ sourceVolume: volume, containerPath: path, readOnly: false }))
        : undefined,
      // ECS Exec needs an init process to reap the session's child processes.
      linuxParameters: props.cluster.executeCommandEnabled ? { initProcessEnabled: true } : undefined,
      healthCheck: healthCheck && {
        command: healthCheck.command ? [...healthCheck.command] : httpCheck(healthCheck.httpPath ?? "/", this.containerPort()),
        interval: healthCheck.interval,
        timeout: healthCheck.timeout,
        retries: healthCheck.retries,
        startPeriod: healthCheck.startPeriod,
      },
      logConfiguration: this.logConfiguration(props.name),
    };
  }

  private createTaskDefinition(): EcsTaskDefinition {
    const props = this.props;
    return fargateTaskDefinition(this, "task-definition", {
      size: props,
      family: this.fullName,
      roles: this.roles,
      containers: this.containerDefinitions(),
      volumes: this.writablePaths().map(({ volume }) => volume),
    });
  }

  private createSecurityGroup(): string {
    const props = this.props;
    const group = securityGroup(this, "security-group", {
      // "svc" keeps a service named e.g. "alb" or "postgres" from taking the platform's own group names.
      name: `${props.context.namePrefix}-svc-${props.name}`,
      description: `Tasks of service ${props.name}`,
      vpcId: props.vpcId,
    });
    // Outbound HTTPS reaches AWS APIs, ECR and the image registry; other egress is opened per peer.
    allowTcpEgress(this, "egress-https", group.id, {
      description: "HTTPS to AWS APIs and image registries",
      fromPort: HTTPS_PORT,
      cidrIpv4: "0.0.0.0/0",
    });
    return group.id;
  }

  /** Target group, listener rule and the load balancer's rights to reach the tasks. */
  private createRouting(): Routing | undefined {
    const props = this.props;
    const routing = props.loadBalancer;
    if (!routing || !props.alb) return undefined;
    const port = this.containerPort();
    const targetGroup = this.createTargetGroup("target-group", "", port);
    const conditions: LbListenerRuleConfig["condition"] = [
      ...(routing.pathPatterns.length ? [{ pathPattern: { values: [...routing.pathPatterns] } }] : []),
      ...(routing.hostHeaders.length ? [{ hostHeader: { values: [...routing.hostHeaders] } }] : []),
    ];
    connect(props.alb, this, port);
    if (props.deployment.strategy === "rolling") {
      const rule = new LbListenerRule(this, "listener-rule", {
        listenerArn: props.alb.listener.arn,
        priority: routing.priority,
        action: [{ type: "forward", targetGroupArn: targetGroup.arn }],
        condition: conditions,
      });
      return { targetGroup, rule };
    }
    return this.createShiftingRouting(targetGroup, conditions, port);
  }

  /**
   * Blue/green, canary and linear: a second target group, the production rule forwarding to both
   * (all weight on the first until ECS shifts it), the same route on the test listener for the
   * new revision, and the role ECS shifts the weights with. ECS owns the rules' weights from then
   * on, so Terraform ignores their actions (terraform-aws-modules/terraform-aws-alb#409).
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
   */
  private createShiftingRouting(targetGroup: LbTargetGroup, conditions: LbListenerRuleConfig["condition"], port: number): Routing {
    const props = this.props;
    const alb = props.alb as ApplicationLoadBalancer;
    const priority = (props.loadBalancer as NonNullable<EcsServiceProps["loadBalancer"]>).priority;
    const alternate = this.createTargetGroup("alternate-target-group", "g", port);
    const stickiness = props.loadBalancer?.stickinessSeconds;
    const weighted = (first: LbTargetGroup, second: LbTargetGroup) => [
      {
        type: "forward",
        forward: {
          targetGroup: [
            { arn: first.arn, weight: 100 },
            { arn: second.arn, weight: 0 },
          ],
          // A sticky client stays with its revision while the weights move, not only with its task.
          stickiness: stickiness ? { enabled: true, duration: stickiness } : undefined,
        },
      },
    ];
    const rule = new LbListenerRule(this, "listener-rule", {
      listenerArn: alb.listener.arn,
      priority,
      action: weighted(targetGroup, alternate),
      condition: conditions,
      lifecycle: { ignoreChanges: ["action"] },
    });
    const testRule = new LbListenerRule(this, "test-listener-rule", {
      listenerArn: alb.testListener().arn,
      priority,
      action: weighted(alternate, targetGroup),
      condition: conditions,
      lifecycle: { ignoreChanges: ["action"] },
    });
    const roleArn = this.createDeploymentRole([targetGroup, alternate], [rule, testRule]);
    return { targetGroup, rule, alternate: { targetGroup: alternate, testRule, roleArn } };
  }

  /**
   * The role ECS shifts traffic with: what AmazonECSInfrastructureRolePolicyForLoadBalancers
   * grants, narrowed to this service's target groups and rules (reads have no resource-level
   * permissions). https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSInfrastructureRolePolicyForLoadBalancers.html
   */
  private createDeploymentRole(targetGroups: readonly LbTargetGroup[], rules: readonly LbListenerRule[]): string {
    const { context, name } = this.props;
    // The trust AWS documents, without the source-account condition of the platform's other
    // service roles: ECS is not documented to pass one when it assumes an infrastructure role, and
    // a role it cannot assume fails every deployment.
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html
    const trust = policyDocument(this, "deployment-trust", [
      { actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ecs.amazonaws.com"] }] },
    ]);
    const role = new IamRole(this, "deployment-role", {
      name: awsName([context.namePrefix, name, "deployment"], NAME_LIMITS.iamRole),
      description: `ECS shifts ${name}'s traffic between its target groups with this role`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    new IamRolePolicy(this, "deployment-role-policy", {
      name: "shift-traffic",
      role: role.id,
      policy: policyDocument(this, "deployment-policy-document", [
        {
          sid: "ReadLoadBalancing",
          actions: [
            "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:DescribeRules",
            "elasticloadbalancing:DescribeTargetGroups",
            "elasticloadbalancing:DescribeTargetHealth",
          ],
          resources: ["*"],
        },
        {
          sid: "RegisterOwnTargets",
          actions: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
          resources: targetGroups.map((group) => group.arn),
        },
        { sid: "ShiftOwnRules", actions: ["elasticloadbalancing:ModifyRule"], resources: rules.map((rule) => rule.arn) },
      ]).json,
    });
    return role.arn;
  }

  private createTargetGroup(id: string, suffix: string, port: number): LbTargetGroup {
    const props = this.props;
    const routing = props.loadBalancer as NonNullable<EcsServiceProps["loadBalancer"]>;
    const protocol = "HTTP";
    const targetType = "ip";
    return new LbTargetGroup(this, id, {
      // Port, protocol, target type and VPC force a new target group: the name changes with them
      // (the VPC id is known only at plan time, so Terraform hashes it), and the new group is
      // created beside the old (create-before-destroy) instead of clashing with it.
      name: targetGroupName(awsName([props.context.namePrefix, props.name], NAME_LIMITS.targetGroup - HASH_LENGTH - suffix.length - 1), `${port}/${protocol}/${targetType}`, props.vpcId, suffix),
      port,
      protocol,
      targetType,
      lifecycle: REPLACED_BEFORE_DESTROY,
      stickiness: routing.stickinessSeconds
        ? { enabled: true, type: "lb_cookie", cookieDuration: routing.stickinessSeconds }
        : undefined,
      vpcId: props.vpcId,
      deregistrationDelay: String(routing.deregistrationDelay),
      healthCheck: {
        enabled: true,
        path: routing.healthCheckPath,
        matcher: routing.healthCheckMatcher,
        protocol: "HTTP",
        port: "traffic-port",
        ...TARGET_HEALTH_CHECK_TIMING,
      },
    });
  }

  private createService(routing: Routing | undefined, deploymentAlarms: readonly string[]): EcsServiceResource {
    const props = this.props;
    const dependsOn: ITerraformDependable[] = [props.cluster.capacityProviders];
    // ECS refuses a target group that no listener rule attaches to a load balancer yet.
    if (routing) dependsOn.push(routing.rule, ...(routing.alternate ? [routing.alternate.testRule] : []));
    const deployment = props.deployment;
    return new EcsServiceResource(this, "service", {
      name: this.fullName,
      cluster: props.cluster.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: this.heldUntilReady(props.desiredCount),
      capacityProviderStrategy: props.cluster.capacityProviderStrategy.map((share) => ({ ...share })),
      platformVersion: "LATEST",
      networkConfiguration: {
        subnets: [...props.subnetIds],
        securityGroups: [this.securityGroupId],
        assignPublicIp: props.assignPublicIp ?? false,
      },
      // Two guards, either of which rolls a deployment back: tasks that never become healthy (the
      // circuit breaker), and tasks that run but raise the error rate or latency (the alarms).
      deploymentCircuitBreaker: { enable: true, rollback: true },
      alarms: { alarmNames: [...deploymentAlarms], enable: true, rollback: true },
      ...ROLLING_DEPLOYMENT,
      // The alarms above also watch the bake: an alarm while both revisions run shifts traffic back.
      deploymentConfiguration:
        deployment.strategy === "rolling"
          ? undefined
          : {
              strategy: ECS_STRATEGY[deployment.strategy],
              bakeTimeInMinutes: String(deployment.bakeTimeInMinutes),
              canaryConfiguration:
                deployment.strategy === "canary"
                  ? { canaryPercent: deployment.canary.percent, canaryBakeTimeInMinutes: String(deployment.canary.bakeTimeInMinutes) }
                  : undefined,
              linearConfiguration:
                deployment.strategy === "linear"
                  ? { stepPercent: deployment.linear.stepPercent, stepBakeTimeInMinutes: String(deployment.linear.stepBakeTimeInMinutes) }
                  : undefined,
            },
      healthCheckGracePeriodSeconds: routing ? props.loadBalancer?.healthCheckGracePeriodSeconds : undefined,
      loadBalancer: routing
        ? [
            {
              targetGroupArn: routing.targetGroup.arn,
              containerName: props.name,
              containerPort: this.containerPort(),
              advancedConfiguration: routing.alternate && {
                alternateTargetGroupArn: routing.alternate.targetGroup.arn,
                productionListenerRule: routing.rule.arn,
                testListenerRule: routing.alternate.testRule.arn,
                roleArn: routing.alternate.roleArn,
              },
            },
          ]
        : undefined,
      serviceRegistries: this.createDiscovery(),
      enableExecuteCommand: props.cluster.executeCommandEnabled,
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      // An apply that leaves a service failing its deployment (crash loop, failed pulls) fails too.
      waitForSteadyState: true,
      lifecycle: {
        // Autoscaling (or the off-hours schedule) owns the task count after creation; a deploy must not reset it.
        ignoreChanges: props.autoscaling || this.scaledOffHours ? ["desired_count"] : undefined,
        postcondition: [rolledOut(this.taskDefinition)],
      },
      dependsOn,
    });
  }

  /**
   * Only a service others may call (another service, or the API through its VPC link) needs a
   * name they can find it by. A records serve callers in the VPC; SRV records carry the port,
   * which API Gateway's Cloud Map integration needs. Both from the start: record types cannot
   * change without replacing the Cloud Map service. ECS reports task health to Cloud Map, so
   * stopping and unhealthy tasks leave the answers.
   */
  private createDiscovery(): EcsServiceServiceRegistries | undefined {
    const { cluster, containerPort, allowIngressFrom, discoverable, name } = this.props;
    const namespaceId = cluster.serviceDiscoveryNamespaceId;
    if (!namespaceId || containerPort === undefined || (allowIngressFrom.length === 0 && !discoverable)) return undefined;
    this.discovery = new ServiceDiscoveryService(this, "discovery", {
      name,
      dnsConfig: {
        namespaceId,
        routingPolicy: "MULTIVALUE",
        dnsRecords: [
          { type: "A", ttl: CLOUD_MAP_TTL_SECONDS },
          { type: "SRV", ttl: CLOUD_MAP_TTL_SECONDS },
        ],
      },
      // failure_threshold is deprecated (AWS always uses 1) but must be set: without it the provider
      // plans a replacement on every run (hashicorp/terraform-provider-aws#44285).
      healthCheckCustomConfig: { failureThreshold: 1 },
    });
    return { registryArn: this.discovery.arn, containerName: name, containerPort };
  }

  /** Whether the off-hours schedule scales this service (one with tasks to stop). */
  private get scaledOffHours(): boolean {
    return this.props.cluster.offHours !== undefined && (this.props.autoscaling?.maxCapacity ?? this.props.desiredCount) > 0;
  }

  private createAutoscaling(): void {
    const props = this.props;
    if (!props.autoscaling && !this.scaledOffHours) return;
    new ServiceAutoscaling(this, "autoscaling", {
      ...props.autoscaling,
      minCapacity: this.heldUntilReady(props.autoscaling?.minCapacity ?? props.desiredCount),
      maxCapacity: this.heldUntilReady(props.autoscaling?.maxCapacity ?? props.desiredCount),
      tracking: props.autoscaling !== undefined,
      offHours: this.scaledOffHours ? props.cluster.offHours : undefined,
      clusterName: props.cluster.cluster.name,
      serviceName: this.service.name,
      requestCountResourceLabel:
        this.targetGroup && props.alb ? `${props.alb.loadBalancer.arnSuffix}/${this.targetGroup.arnSuffix}` : undefined,
      perTaskMetrics: props.perTaskMetrics,
    });
  }
}

/**
 * A rollout the circuit breaker or a deployment alarm rolled back still ends in a steady state, so
 * `wait_for_steady_state` reports success, the state records the new revision while the old one
 * runs, and the next plan deploys the failed one again (terraform-provider-aws#19519, #20858). The
 * provider reads the service back after the wait (DescribeServices: the primary deployment's task
 * definition), so after a rollback `self.task_definition` is the previous revision: this
 * postcondition then fails the apply (the workaround given in #19519). PLAT-APPLY-8 requires it.
 */
function rolledOut(taskDefinition: EcsTaskDefinition): Postcondition {
  return {
    condition: Op.eq(TerraformSelf.getString("task_definition"), taskDefinition.arn),
    errorMessage: "The service rolled back to its previous task definition: the new revision never became healthy (see the service's events and the stopped tasks' reasons).",
  };
}

/** Hex digits of the target group name's hash. */
const HASH_LENGTH = 4;

/**
 * Port, protocol, target type and VPC force a new target group: its name changes with each of them
 * (four hex digits of their hash), so the new one is created beside the old (create-before-destroy)
 * instead of clashing with its name. The VPC's id is known only to Terraform, so the hash is
 * Terraform's (`sha256` at plan time): a replaced VPC gives a new name too. PLAT-APPLY-1 checks it.
 */
function targetGroupName(head: string, settings: string, vpcId: string, suffix = ""): string {
  // join(), not a template: cdktf cannot escape a reference inside a function's string argument.
  return `${head}-${suffix}${Fn.substr(Fn.sha256(Fn.join("/", [settings, vpcId])), 0, HASH_LENGTH)}`;
}

/** An HTTP check on the container's own port, with whichever of wget (busybox, alpine) or curl the image has. */
function httpCheck(path: string, port: number): string[] {
  const url = `http://127.0.0.1:${port}${path}`;
  return ["CMD-SHELL", `wget -q -O /dev/null ${url} || curl -fsS -o /dev/null ${url} || exit 1`];
}

/** "arn:...:secret:name-AbCdEf:json-key:stage:version" -> the secret's ARN, which IAM matches. */
function secretArnWithoutJsonKey(reference: string): string {
  return reference.split(":").slice(0, 7).join(":");
}

function sortedPairs(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
