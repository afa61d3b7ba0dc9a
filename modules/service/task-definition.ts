import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { Construct } from "constructs";
import { EcsTaskRoles } from "./ecs-task-roles";

/** A task's size: CPU units, memory MiB and CPU architecture. */
export type TaskSize = { readonly cpu: number; readonly memory: number; readonly cpuArchitecture: string };

export interface FargateTaskDefinitionProps {
  /** The family, e.g. "acme-prod-api". No default. */
  readonly family: string;
  readonly size: TaskSize;
  /** The task's execution and task roles. No default. */
  readonly roles: EcsTaskRoles;
  /** The container definitions, as ECS's container definition JSON expects them, and the empty volumes they mount (a read-only root's scratch paths). */
  readonly containers: readonly object[];
  readonly volumes: readonly string[];
}

/**
 * A Fargate task definition as services and one-off tasks have it: awsvpc, Linux, its two roles.
 * A release registers revisions outside Terraform (the new image); tracking the latest keeps the
 * plan empty after one.
 */
export function fargateTaskDefinition(scope: Construct, id: string, props: FargateTaskDefinitionProps): EcsTaskDefinition {
  return new EcsTaskDefinition(scope, id, {
    family: props.family,
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: String(props.size.cpu),
    memory: String(props.size.memory),
    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: props.size.cpuArchitecture },
    executionRoleArn: props.roles.executionRole.arn,
    taskRoleArn: props.roles.taskRole.arn,
    containerDefinitions: JSON.stringify(props.containers),
    trackLatest: true,
    volume: props.volumes.length > 0 ? props.volumes.map((name) => ({ name })) : undefined,
  });
}
