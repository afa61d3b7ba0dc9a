/**
 * Application secrets: the platform creates them empty, an operator sets their values outside
 * Terraform (see README.md here), and services read the ones they name under `uses.secrets`.
 * No value is ever in the config, the synthesized JSON or the state.
 *
 * Keep the section name `secrets`: the problem formatter hides every value below a path holding
 * "secrets" (`core/problems.ts`), so a value written here by mistake is never echoed.
 */
import { checkNamedUses, matching, Problems, strict, textWhere, whole, z } from "../core/schema";

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

export const secretSchema = strict({
  /** What the secret is for and who sets it, shown in the Secrets Manager console. No default. */
  description: textWhere((text) => text.length >= 1 && text.length <= 2048, "a description of 1-2048 characters"),
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
