/** The secrets capability: its section, use by services, construction and resources. */
import { defineCapability, namedUse, resources, whenAny } from "../core/capability";
import { checkSecretsRegion, checkSecretUses, secretsSchema, secretUseSchema, secretVariables } from "./schema";
import { ApplicationSecrets } from "./secrets";

export const secretsCapability = defineCapability({
  key: "secrets",
  section: secretsSchema.default({}),
  summary: "Application secrets, created empty, by name; values are set outside Terraform. Default: none.",
  /** Application secrets as variables, by variable name: { JWT_SIGNING_KEY: "jwt-signing-key" }. Default: none. */
  use: namedUse(secretUseSchema.default({}), checkSecretUses, secretVariables, ["secretsmanager"]),
  checkRegion: checkSecretsRegion,
  build: (placement, secrets) =>
    whenAny(
      secrets,
      () => new ApplicationSecrets(placement.scope, "secrets", { context: placement.context, keyArn: placement.keys.dataKeyArn, secrets }),
    ),
  ...resources({ priced: ["aws_secretsmanager_secret"], free: ["aws_secretsmanager_secret_rotation"] }),
  picture: { kind: "secret", label: "Secrets Manager" },
});
