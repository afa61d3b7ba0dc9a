import { CREDENTIALS_IN_URL, SECRET_LIKE_NAME } from "../../../core/problems";
import { block, Finding, PolicyRule } from "../../../core/policy-rule";
import { checkContainers, ContainerDefinition } from "../shared";

/** Names Security Hub's ECS.8 looks for, next to the platform's own SECRET_LIKE_NAME. */
const CREDENTIAL_NAMES: readonly string[] = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"];

const FINDING = {
  requirement: "credentials must not be passed in plain environment variables",
  fix: "put the credential in a Secrets Manager secret or SSM parameter and reference its ARN under services[].secrets",
};

/** PLAT-ECS-3: no credentials in plain environment variables. Values are never shown, only names. */
export const ecsNoPlaintextCredentials: PolicyRule = {
  id: "PLAT-ECS-3",
  description: "Containers have no credentials in plain environment variables",
  rationale: "Plain environment variables are readable by anyone who can describe the task definition, and end up in logs and state.",
  resourceTypes: ["aws_ecs_task_definition"],
  errorIn: ["production", "staging", "development"],
  warnIn: [],
  controls: { securityHub: "ECS.8" },
  check: (resource) => checkContainers(resource, FINDING, credentialFindings),
};

function credentialFindings(container: ContainerDefinition, label: string): readonly Finding[] {
  const entries = Array.isArray(container.environment) ? container.environment.map(block) : [];
  return entries.flatMap((entry) => {
    const name = String(entry.name ?? "");
    if (CREDENTIAL_NAMES.includes(name) || SECRET_LIKE_NAME.test(name)) {
      return [{ problem: `${label} has the credential-like variable ${name} in environment`, ...FINDING }];
    }
    if (typeof entry.value === "string" && CREDENTIALS_IN_URL.test(entry.value)) {
      return [{ problem: `${label} has a URL with a user and password in environment variable ${name}`, ...FINDING }];
    }
    return [];
  });
}
