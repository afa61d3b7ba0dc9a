/** The secrets capability: its section, use by services, construction and resources. */
import { defineCapability } from "../core/capability";
import { checkSecretsRegion, checkSecretUses, secretsSchema, secretUseSchema, secretVariables } from "./schema";
import { ApplicationSecrets } from "./secrets";

export const secretsCapability = defineCapability({
  key: "secrets",
  section: secretsSchema.default({}),
  summary: "Application secrets, created empty, by name; values are set outside Terraform. Default: none.",
  use: {
    /** Application secrets as variables, by variable name: { JWT_SIGNING_KEY: "jwt-signing-key" }. Default: none. */
    schema: secretUseSchema.default({}),
    used: (use) => Object.keys(use).length > 0,
    check: checkSecretUses,
    variables: secretVariables,
  },
  checkRegion: checkSecretsRegion,
  build: (placement, secrets) =>
    Object.keys(secrets).length > 0
      ? new ApplicationSecrets(placement.scope, "secrets", { context: placement.context, keyArn: placement.keys.dataKeyArn, secrets })
      : undefined,
  resourceTypes: ["aws_secretsmanager_secret", "aws_secretsmanager_secret_rotation"],
  freeResourceTypes: ["aws_secretsmanager_secret_rotation"],
  picture: { kind: "secret", label: "Secrets Manager" },
});
