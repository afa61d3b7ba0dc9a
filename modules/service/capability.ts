/**
 * What services create. Services are not a section like the others: their schema holds `uses`,
 * which the platform composes from every capability (platform/schema.ts), so only their
 * resources are declared here.
 */
import { defineCapability, ResourceDeclaration, resources, TierTable } from "../core/capability";
import { SECURITY_GROUP_RESOURCES } from "../core/connect";
import { DeploymentDefaultsInput, deploymentDefaultsSchema } from "./deployment";

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
        // The alternate target group and the test listener's rule of a blue/green, canary or linear service.
        "aws_lb_listener_rule",
        "aws_lb_target_group",
      ],
    },
    SECURITY_GROUP_RESOURCES,
  ),
  // Task and execution roles (of the service and its one-off tasks), passed to ECS at
  // RegisterTaskDefinition; the deployment role (lifecycle hooks, traffic shifting) at CreateService.
  passesRolesTo: ["ecs-tasks.amazonaws.com", "ecs.amazonaws.com"],
  elementScopes: { prefix: "service-", section: "services" },
  // A service's logs, like a job's, follow the cluster's setting.
  logRetentionFields: { "": "cluster.serviceLogRetentionInDays" },
  picture: { kind: "compute", label: "ECS service" },
};

/**
 * The environment's deployment defaults (`deployments`): a section without resources of its own,
 * read by every service (`deployment`) and job (`spot`).
 */
const DEPLOYMENT_TIERS = {
  // Rolled in place: fast, and nothing to bake in an environment only developers use.
  development: { strategy: "rolling", bakeTimeInMinutes: 0, jobsOnSpot: true },
  // The production strategy with a short bake, so each release rehearses what production will do.
  staging: { strategy: "canary", bakeTimeInMinutes: 5, jobsOnSpot: true },
  // A tenth of the traffic first; the old revision stays 15 minutes, so an alarm shifts back at once.
  production: { strategy: "canary", bakeTimeInMinutes: 15, jobsOnSpot: false },
} as const satisfies TierTable<DeploymentDefaultsInput>;

export const deploymentsCapability = defineCapability({
  key: "deployments",
  section: deploymentDefaultsSchema,
  summary: "How services are deployed and jobs placed by default. Default: per tier.",
  tierDefaults: DEPLOYMENT_TIERS,
  ...resources(),
  picture: { kind: "compute", label: "ECS deployments" },
});
