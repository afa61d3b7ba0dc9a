import { isTrue, PolicyRule, unless } from "../../../core/policy-rule";
import { checkContainers } from "../shared";

const FINDING = {
  requirement: "containers must not run privileged",
  fix: "remove privileged from the container definition (the platform's services never set it)",
};

/** PLAT-ECS-2: no container runs privileged. */
export const ecsNoPrivileged: PolicyRule = {
  id: "PLAT-ECS-2",
  description: "Containers are not privileged",
  rationale: "A privileged container has root on its host, so one compromised container compromises every task beside it.",
  resourceTypes: ["aws_ecs_task_definition"],
  errorIn: ["production", "staging", "development"],
  warnIn: [],
  controls: { securityHub: "ECS.4", checkov: "CKV_AWS_334" },
  check: (resource) =>
    checkContainers(resource, FINDING, (container, label) =>
      unless(!isTrue(container.privileged), { problem: `${label} has privileged true`, ...FINDING }),
    ),
};
