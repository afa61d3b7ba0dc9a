import { block, configField, isSet, PolicyRule, unless } from "../../../core/policy-rule";
import { containersOf, taskDefinitionOf } from "./shared";

/**
 * PLAT-APPLY-9: a production service has something that replaces a hung task: a load balancer
 * target group (its health check) or a container health check on an essential container. Without
 * either, ECS replaces a task only when its process exits
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/healthcheck.html).
 */
export const watchedServices: PolicyRule = {
  id: "PLAT-APPLY-9",
  description: "Services have a health check that replaces a hung task",
  rationale: "A task that hangs without exiting keeps its slot: nobody replaces it and its work stops.",
  resourceTypes: ["aws_ecs_service"],
  errorIn: ["production"],
  warnIn: ["staging"],
  controls: {},
  check: (service, stack) => {
    const taskDefinition = taskDefinitionOf(service, stack);
    if (!taskDefinition) return [];
    const behindLoadBalancer = isSet(block(service.attributes.load_balancer).target_group_arn);
    const checked = containersOf(taskDefinition).some((container) => container.essential !== false && isSet(container.healthCheck));
    return unless(behindLoadBalancer || checked, {
      problem: "no target group and no container health check watches its tasks",
      requirement: "production services must be watched by a health check",
      fix: `set ${configField(service, "services[]", "healthCheck")} (a command the container answers) or route it through the load balancer`,
      field: configField(service, "services[]", "healthCheck"),
    });
  },
};
