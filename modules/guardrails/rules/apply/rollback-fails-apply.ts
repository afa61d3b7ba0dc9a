import { block, isTrue, PolicyRule, unless } from "../../../core/policy-rule";
import { ALL_TIERS, lifecycleOf, taskDefinitionOf } from "./shared";

interface Condition {
  readonly condition?: unknown;
}

/**
 * PLAT-APPLY-8: a Terraform-driven rollout that ECS rolls back fails the apply. With a circuit
 * breaker or deployment alarms that roll back, wait_for_steady_state still reports success once the
 * previous revision is steady (terraform-provider-aws#19519, #20858), and the state then records a
 * revision that does not run. A postcondition that `self.task_definition` is the stack's task
 * definition fails such an apply (the workaround in #19519; the provider reads the service back
 * after waiting).
 */
export const rollbackFailsApply: PolicyRule = {
  id: "PLAT-APPLY-8",
  description: "A rolled-back rollout fails the apply",
  rationale: "Otherwise the apply succeeds on a rollback, the state records the failed revision, and the next plan redeploys it.",
  resourceTypes: ["aws_ecs_service"],
  errorIn: ALL_TIERS,
  warnIn: [],
  controls: {},
  check: (service, stack) => {
    const rollsBack = isTrue(block(service.attributes.deployment_circuit_breaker).rollback) || isTrue(block(service.attributes.alarms).rollback);
    const taskDefinition = taskDefinitionOf(service, stack);
    if (!rollsBack || !isTrue(service.attributes.wait_for_steady_state) || !taskDefinition) return [];
    const conditions = (Array.isArray(lifecycleOf(service).postcondition) ? lifecycleOf(service).postcondition : []) as Condition[];
    const checked = conditions.some((entry) => {
      const text = String(entry.condition ?? "");
      return text.includes("self.task_definition") && text.includes(`${taskDefinition.address}.arn`);
    });
    return unless(checked, {
      problem: "the service rolls back but no postcondition compares self.task_definition with its task definition",
      requirement: "an apply whose rollout was rolled back must fail",
      fix: `add lifecycle.postcondition: self.task_definition == ${taskDefinition.address}.arn`,
    });
  },
};
