import { Finding, isSet, PolicyRule, ResourceView, StackView } from "../../../core/policy-rule";
import { ALL_TIERS, containersOf, mentions, referencedAddress, runsNoTask, taskDefinitionOf } from "./shared";

/**
 * Whether the secret at `address` has a value when the service starts: a secret version of this
 * stack writes one (secret_string, secret_string_wo or secret_binary: a generated value), or the
 * service's desired_count is held at zero until `data.aws_secretsmanager_secret_versions` of that
 * secret lists a version (an expression naming that data source).
 */
function hasValueBeforeStart(address: string, service: ResourceView, stack: StackView): boolean {
  const written = stack
    .ofType("aws_secretsmanager_secret_version")
    .some((version) => mentions(version.attributes.secret_id, address) && ["secret_string", "secret_string_wo", "secret_binary"].some((key) => isSet(version.attributes[key])));
  if (written) return true;
  const held = stack.ofType("data.aws_secretsmanager_secret_versions").filter((versions) => mentions(versions.attributes.secret_id, address));
  return held.some((versions) => mentions(service.attributes.desired_count, versions.address));
}

/**
 * PLAT-APPLY-2: a service never waits on a secret that has no value. A task whose secret has no
 * version fails with ResourceInitializationError, the circuit breaker rolls it back, and with
 * wait_for_steady_state the apply fails (ECS: "Specifying sensitive data using Secrets Manager
 * secrets", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data-secrets.html;
 * troubleshooting: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/resource-initialization-error.html).
 *
 * Judged on the JSON: for each container secret of a service's task definition whose valueFrom
 * references an `aws_secretsmanager_secret` of the stack, the service must run no task
 * (desired_count 0), or the secret must get a value in the same apply (a secret version), or the
 * service's desired_count must be an expression on that secret's
 * `data.aws_secretsmanager_secret_versions` (held at zero until a value exists). Secrets created
 * elsewhere (an ARN string, e.g. a stage ahead) and those RDS manages (master_user_secret) are
 * accepted: they exist with a value before the service.
 */
export const servicesWaitOnNoEmptySecret: PolicyRule = {
  id: "PLAT-APPLY-2",
  description: "Services do not start on secrets that have no value",
  rationale:
    "A task reading a secret without a value never starts: the deployment rolls back and the apply that created the secret fails.",
  resourceTypes: ["aws_ecs_service"],
  errorIn: ALL_TIERS,
  warnIn: [],
  controls: {},
  check: (service, stack) => {
    const taskDefinition = taskDefinitionOf(service, stack);
    if (!taskDefinition || runsNoTask(service)) return [];
    const findings: Finding[] = [];
    for (const container of containersOf(taskDefinition)) {
      for (const secret of container.secrets ?? []) {
        const address = referencedAddress(secret.valueFrom, "aws_secretsmanager_secret");
        if (!address || hasValueBeforeStart(address, service, stack)) continue;
        findings.push({
          problem: `container ${JSON.stringify(container.name)} reads ${String(secret.name)} from ${address}, which has no value when the service starts`,
          requirement: "a service must not start before its secrets have values",
          fix: "generate the secret's value, create it a stage ahead, or hold the service at zero tasks until the secret has a version",
        });
      }
    }
    return findings;
  },
};
