import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { EcsTaskRoles, EcsTaskRolesProps } from "./ecs-task-roles";
import { fargateTaskDefinition } from "./task-definition";

/** Where a one-off task runs: what `aws ecs run-task` needs besides the task definition. */
export interface TaskPlacement {
  readonly clusterArn: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly assignPublicIp: boolean;
}

export interface OneOffTaskProps {
  readonly context: AwsContext;
  /** Unique in the environment; the family is "<namePrefix>-<name>", e.g. "acme-prod-api-task-migrate". No default. */
  readonly name: string;
  /** The one container's definition, as ECS's container definition JSON expects it; `name` is its container name. No default. */
  readonly container: { readonly name: string } & Readonly<Record<string, unknown>>;
  readonly cpu: number;
  readonly memory: number;
  readonly cpuArchitecture: string;
  /** Empty volumes the container mounts (a read-only root's scratch paths). Default: none. */
  readonly volumes?: readonly string[];
  /** The task's two roles: only what it names (log group, image, secrets, statements). No default. */
  readonly roles: Omit<EcsTaskRolesProps, "context" | "serviceName">;
  readonly placement: TaskPlacement;
  /** Log group the container writes to, for the log link of a run. No default. */
  readonly logGroupName: string;
  /** The container's awslogs-stream-prefix: its streams are "<prefix>/<container>/<task id>". No default. */
  readonly logStreamPrefix: string;
  /** Minutes a caller waits for a run to stop. No default. */
  readonly timeoutMinutes: number;
}

/** What `npm run task` and the release workflow read from the stack's outputs to start and follow a run. */
export interface TaskRunParameters {
  readonly cluster: string;
  readonly family: string;
  readonly container: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  readonly assignPublicIp: boolean;
  readonly logGroup: string;
  readonly logStreamPrefix: string;
  readonly region: string;
  readonly timeoutMinutes: number;
}

/** A service's one-off task's name, the stem of its family and roles ("<namePrefix>-<name>[-task|-execution]"). */
export function oneOffTaskName(service: string, task: string): string {
  return `${service}-task-${task}`;
}

/** The output holding a task's run parameters: "task_<name>" with '-' as '_'. */
export function taskOutputName(name: string): string {
  return `task_${name.replace(/-/g, "_")}`;
}

/**
 * A task definition that is started on demand rather than kept running: its own execution and
 * task roles, and an output with everything `aws ecs run-task` needs. Reusable by any module that
 * needs a command run once in the VPC (a migration, a database-user setup): give it the container,
 * the roles' contents and the placement.
 */
export class OneOffTask extends Construct {
  readonly taskDefinition: EcsTaskDefinition;
  readonly roles: EcsTaskRoles;
  readonly family: string;

  constructor(scope: Construct, id: string, props: OneOffTaskProps) {
    super(scope, id);
    this.family = `${props.context.namePrefix}-${props.name}`;
    this.roles = new EcsTaskRoles(this, "roles", { ...props.roles, context: props.context, serviceName: props.name });
    this.taskDefinition = fargateTaskDefinition(this, "task-definition", {
      size: props,
      family: this.family,
      roles: this.roles,
      containers: [props.container],
      volumes: props.volumes ?? [],
    });
    const parameters: TaskRunParameters = {
      cluster: props.placement.clusterArn,
      family: this.family,
      container: props.container.name,
      subnets: [...props.placement.subnetIds],
      securityGroups: [...props.placement.securityGroupIds],
      assignPublicIp: props.placement.assignPublicIp,
      logGroup: props.logGroupName,
      logStreamPrefix: props.logStreamPrefix,
      region: props.context.region,
      timeoutMinutes: props.timeoutMinutes,
    };
    new TerraformOutput(this, "run-parameters", {
      value: parameters,
      staticId: false,
      description: `How to run ${this.family}: npm run task reads this`,
    }).overrideLogicalId(taskOutputName(props.name));
  }
}
