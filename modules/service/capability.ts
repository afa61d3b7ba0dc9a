/**
 * What services create. Services are not a section like the others: their schema holds `uses`,
 * which the platform composes from every capability (platform/schema.ts), so only their
 * resources are declared here.
 */
import { ResourceDeclaration, resources } from "../core/capability";
import { SECURITY_GROUP_RESOURCES } from "../core/connect";

export const serviceResources: ResourceDeclaration = {
  ...resources(
    {
      priced: [
        "aws_cloudwatch_log_group",
        "aws_cloudwatch_metric_alarm",
        "aws_ecs_service",
        "aws_ecs_task_definition",
        "aws_service_discovery_service",
      ],
      free: [
        "aws_ssm_parameter",
        "aws_appautoscaling_policy",
        "aws_appautoscaling_scheduled_action",
        "aws_appautoscaling_target",
        "aws_iam_role",
        "aws_iam_role_policy",
        "aws_lb_listener_rule",
        "aws_lb_target_group",
      ],
    },
    SECURITY_GROUP_RESOURCES,
  ),
  // Task and execution roles, passed to ECS at RegisterTaskDefinition.
  passesRolesTo: ["ecs-tasks.amazonaws.com"],
  picture: { kind: "compute", label: "ECS service" },
};
