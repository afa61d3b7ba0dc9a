import { configField, isTrue, PolicyRule, show, unless } from "../../../core/policy-rule";
import { checkContainers } from "../shared";

const REQUIREMENT = "production containers must mount their root filesystem read-only";

/** PLAT-ECS-1: containers run with a read-only root filesystem. */
export const ecsReadonlyRootFilesystem: PolicyRule = {
  id: "PLAT-ECS-1",
  description: "Containers have a read-only root filesystem",
  rationale: "An attacker who gets code execution in a container cannot then plant tools or alter the application on its disk.",
  resourceTypes: ["aws_ecs_task_definition"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "ECS.5", checkov: "CKV_AWS_336" },
  check: (resource) => {
    const field = configField(resource, "services[]", "readonlyRootFilesystem");
    const finding = { requirement: REQUIREMENT, fix: `set ${field}: true (mount a scratch volume if the image writes)`, field };
    return checkContainers(resource, finding, (container, label) =>
      unless(isTrue(container.readonlyRootFilesystem), {
        problem: `${label} has readonlyRootFilesystem ${show(container.readonlyRootFilesystem ?? false)}`,
        ...finding,
      }),
    );
  },
};
