/**
 * What scheduled jobs create. Jobs, like services, are not a section of their own: their schema
 * holds `uses`, which the platform composes from every capability (platform/schema.ts), so only
 * their resources are declared here; their tier default (`jobsOnSpot`) is the deployments'.
 */
import { ResourceDeclaration, resources } from "../core/capability";
import { SECURITY_GROUP_RESOURCES } from "../core/connect";

export const jobResources: ResourceDeclaration = {
  ...resources(
    {
      priced: ["aws_cloudwatch_event_rule", "aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm", "aws_ecs_task_definition", "aws_scheduler_schedule", "aws_sfn_state_machine", "aws_sqs_queue"],
      free: ["aws_cloudwatch_event_target", "aws_iam_role", "aws_iam_role_policy", "aws_scheduler_schedule_group"],
    },
    SECURITY_GROUP_RESOURCES,
  ),
  // The scheduler's role is passed to EventBridge Scheduler at CreateSchedule; the task and
  // execution roles to ECS at RegisterTaskDefinition; a skip-if-running guard's role to Step
  // Functions at CreateStateMachine.
  passesRolesTo: ["ecs-tasks.amazonaws.com", "scheduler.amazonaws.com", "states.amazonaws.com"],
  elementScopes: { prefix: "job-", section: "jobs" },
  logRetentionFields: { "": "cluster.serviceLogRetentionInDays" },
  picture: { kind: "compute", label: "Scheduled job" },
};
