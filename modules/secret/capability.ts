/** The secrets capability: its section, use by services, construction and resources. */
import { defineCapability, namedUse, resources, TierTable, whenAny } from "../core/capability";
import { byName } from "../core/picture";
import { checkSecretsRegion, checkSecretUses, SecretsInput, secretsSchema, secretUseSchema, secretVariables } from "./schema";
import { ApplicationSecrets } from "./secrets";

/**
 * How long a deleted secret can be restored. Development deletes at once, so a destroyed environment
 * can be created again the same day (a secret "scheduled for deletion" blocks its name for the window).
 */
const SECRET_TIERS = {
  development: { "*": { recoveryWindowInDays: 0 } },
  staging: { "*": { recoveryWindowInDays: 7 } },
  production: { "*": { recoveryWindowInDays: 30 } },
} as const satisfies TierTable<SecretsInput>;

export const secretsCapability = defineCapability({
  key: "secrets",
  namedEntries: true,
  section: secretsSchema.default({}),
  tierDefaults: SECRET_TIERS,
  summary: "Application secrets, created empty, by name; values are set outside Terraform. Default: none.",
  /** Application secrets as variables, by variable name: { JWT_SIGNING_KEY: "jwt-signing-key" }. Default: none. */
  use: namedUse(secretUseSchema.default({}), checkSecretUses, secretVariables, ["secretsmanager"]),
  checkRegion: checkSecretsRegion,
  build: (placement, secrets) =>
    whenAny(
      secrets,
      () => new ApplicationSecrets(placement.scope, "secrets", { context: placement.context, keyArn: placement.keys.dataKeyArn, secrets }),
    ),
  ...resources({ priced: ["aws_secretsmanager_secret"], free: ["aws_secretsmanager_secret_rotation", "aws_secretsmanager_secret_version"] }),
  picture: { kind: "secret", label: "Secrets Manager" },
  diagram: {
    node: "secret",
    group: "regional",
    shape: "flag",
    nodes: (secrets) => byName(secrets).map(([name, secret]) => ({ name, label: [`Secret ${name}`, ...(secret.rotation ? [`rotated every ${secret.rotation.days} days`] : [])] })),
    // `uses.secrets` maps a variable to a secret's name: the access is reading it into that variable.
    uses: (use) => byName(use).map(([variable, name]) => [name, `reads as ${variable}`] as const),
  },
});
