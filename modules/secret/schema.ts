/**
 * Application secrets: the platform creates them empty, an operator sets their values outside
 * Terraform (see README.md here), or the platform generates them (`generate`); services read the
 * ones they name under `uses.secrets`. No value is ever in the config, the synthesized JSON or the
 * state.
 *
 * Keep the section name `secrets`: the problem formatter hides every value below a path holding
 * "secrets" (`core/problems.ts`), so a value written here by mistake is never echoed.
 */
import { bool, checkNamedUses, matching, Problems, strict, textWhere, whole, z } from "../core/schema";

/** The message for a value written into the config, which never says what the value was. */
export const SECRET_VALUE_REFUSED = "secrets are created empty: set the value with aws secretsmanager put-secret-value (see README)";

const SECRET_NAME_PATTERN = /^(?=.{1,64}$)(?!.*\/\/)[a-z0-9](?:[a-z0-9/-]*[a-z0-9-])?$/;
const secretName = matching(
  SECRET_NAME_PATTERN,
  "1-64 characters of a-z, 0-9, '-' and '/', starting with a letter or digit, without '//' and not ending with '/'",
);
const LAMBDA_ARN_PATTERN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?$/;
const VARIABLE_PATTERN = /^[A-Z_][A-Z0-9_]*$/;

/** Rotation by a Lambda function the user provides (Secrets Manager's rotation contract). */
export const secretRotationSchema = strict({
  /**
   * The rotation function, in the environment's region. Its resource policy must let
   * secretsmanager.amazonaws.com invoke it, and its role read and write this secret and use the
   * environment's data key. No default.
   */
  lambdaArn: matching(LAMBDA_ARN_PATTERN, "a Lambda function ARN, arn:aws:lambda:<region>:<account>:function:<name>"),
  /** Days between rotations, 1 to 365. Default: 30. */
  days: whole(1, 365, "a whole number of days").default(30),
});

/**
 * Secrets Manager's recovery window: 0 (ForceDeleteWithoutRecovery, the secret is gone at once)
 * or 7 to 30 days, the only values DeleteSecret accepts (AWS Secrets Manager API Reference,
 * DeleteSecret: RecoveryWindowInDays 7-30; the provider sends ForceDeleteWithoutRecovery for 0).
 * A secret in its window blocks a new one of the same name ("scheduled for deletion").
 */
export function recoveryWindowInDays() {
  const expected = "0 (deleted at once) or a whole number of days from 7 to 30";
  return z
    .number({ error: expected })
    .int({ error: expected })
    .refine((days) => days === 0 || (days >= 7 && days <= 30), { error: expected });
}

/**
 * A value the platform generates (Secrets Manager's GetRandomPassword), written at apply without
 * passing through the JSON or the state (see `generated.ts`). For secrets only the platform's
 * services need, such as signing keys; third-party credentials stay created empty.
 */
export const secretGenerationSchema = strict({
  /** Characters, 16 to 4096 (GetRandomPassword's most). Default: 48. */
  length: whole(16, 4096, "a whole number of characters").default(48),
  /** Characters never used, e.g. ones a client would need escaped. Default: none. */
  excludeCharacters: textWhere((text) => text.length <= 4096, "up to 4096 characters to leave out").default(""),
  /** Letters and digits only. Default: false. */
  excludePunctuation: bool().default(false),
  /**
   * Raise by one to write a new generated value at the next apply (a rotation); services read it
   * when their tasks next start. Default: 1.
   */
  version: whole(1, 1_000_000, "a whole number, raised by one to generate a new value").default(1),
});

export const secretSchema = strict({
  /** What the secret is for and who sets it, shown in the Secrets Manager console. No default. */
  description: textWhere((text) => text.length >= 1 && text.length <= 2048, "a description of 1-2048 characters"),
  /**
   * Days a deleted secret can still be restored: 0 (at once) or 7 to 30. A secret in its window
   * keeps its name taken, so an environment destroyed and created again fails until it ends.
   * Default: per tier (see `platform/tiers.ts`).
   */
  recoveryWindowInDays: recoveryWindowInDays(),
  /**
   * Generate the value instead of leaving the secret empty for an operator. Default: none (created
   * empty; services that read it are held at zero tasks until it has a value).
   */
  generate: secretGenerationSchema.optional(),
  /** Rotation. Default: none (the value changes only when an operator sets a new one). */
  rotation: secretRotationSchema.optional(),
  /**
   * Never set. The field exists only to say so clearly: the value is set with
   * `aws secretsmanager put-secret-value`, never here. Default: none.
   */
  value: z.never({ error: SECRET_VALUE_REFUSED }).optional(),
});

/** The environment's secrets by name, e.g. `{ "jwt-signing-key": { description: "Signs session tokens" } }`. */
export const secretsSchema = z.record(secretName, secretSchema);

/**
 * What a service writes under `uses.secrets`: the variable it gets each secret in, and the
 * secret's name, e.g. `{ JWT_SIGNING_KEY: "jwt-signing-key" }`. ECS injects the whole secret
 * string when the task starts.
 */
export const secretUseSchema = z.record(
  matching(VARIABLE_PATTERN, "a variable name of A-Z, 0-9 and '_', not starting with a digit"),
  z.string({ error: "the name of a secret of this environment" }),
);

export type SecretRotationConfig = z.output<typeof secretRotationSchema>;
export type SecretInput = z.input<typeof secretSchema>;
export type SecretConfig = z.output<typeof secretSchema>;
export type SecretsInput = z.input<typeof secretsSchema>;
export type SecretsConfig = z.output<typeof secretsSchema>;
export type SecretUseInput = z.input<typeof secretUseSchema>;
export type SecretUse = z.output<typeof secretUseSchema>;

/** The variables the platform sets for a service that uses these secrets; the service may not set them itself. */
export function secretVariables(use: SecretUse): string[] {
  return Object.keys(use).sort();
}

/** Every secret a service uses must be one of the environment's (a rule between a service and the environment). */
export function checkSecretUses(use: SecretUse, secrets: SecretsConfig | undefined, problems: Problems): void {
  checkNamedUses(use, secrets, "secret", problems, true);
}

/** Secrets Manager invokes rotation functions in the secret's region only (a rule with the environment's region). */
export function checkSecretsRegion(secrets: SecretsConfig, region: string, problems: Problems): void {
  for (const [name, secret] of Object.entries(secrets)) {
    // A malformed ARN is already reported by the schema.
    const lambdaRegion = secret.rotation && LAMBDA_ARN_PATTERN.exec(secret.rotation.lambdaArn)?.[1];
    if (!lambdaRegion) continue;
    problems.check(
      lambdaRegion === region,
      [name, "rotation", "lambdaArn"],
      `a Lambda function ARN in ${region}`,
    );
  }
}
