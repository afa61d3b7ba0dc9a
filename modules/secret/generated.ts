import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";

/**
 * A secret value generated at apply without passing through the JSON, the plan or the state:
 * Secrets Manager's GetRandomPassword behind the ephemeral resource
 * `aws_secretsmanager_random_password` (merged January 2025, hashicorp/terraform-provider-aws#41106),
 * written with the write-only `secret_string_wo` of `aws_secretsmanager_secret_version`
 * (merged February 2025, #41371; in the 6.25 bindings). Both need Terraform 1.11 (write-only arguments; ephemeral resources
 * from 1.10). The provider stores neither value; `secret_string_wo_version` is what Terraform
 * compares, so raising it writes a new value (a rotation at the next apply).
 *
 * cdktf 0.21 has no construct for ephemeral resources, so the block is written into the stack's
 * JSON as an override (`ephemeral.<type>.<name>`, Terraform's JSON syntax for the `ephemeral`
 * block); CDK Terrain's generated ephemeral classes would replace that override.
 */
export interface GeneratedValue {
  /** Characters in the value. */
  readonly length: number;
  /** Characters never used, e.g. those a connection string or shell would need escaped. */
  readonly excludeCharacters: string;
  /** Leave out every punctuation character. */
  readonly excludePunctuation: boolean;
  /** Raise to write a new value at the next apply. */
  readonly version: number;
}

/** The Terraform type of the ephemeral generator. */
export const RANDOM_PASSWORD_EPHEMERAL = "aws_secretsmanager_random_password";

/**
 * Writes a generated value into `secretId`. `template` turns the ephemeral password expression
 * into the secret string, e.g. a JSON object holding it; by default the value is the password.
 */
export function writeGeneratedValue(
  scope: Construct,
  id: string,
  secretId: string,
  value: GeneratedValue,
  template: (password: string) => string = (password) => password,
): SecretsmanagerSecretVersion {
  const name = ephemeralName(scope, id);
  TerraformStack.of(scope).addOverride(`ephemeral.${RANDOM_PASSWORD_EPHEMERAL}.${name}`, {
    password_length: value.length,
    exclude_characters: value.excludeCharacters || undefined,
    exclude_punctuation: value.excludePunctuation,
    include_space: false,
    require_each_included_type: true,
  });
  return new SecretsmanagerSecretVersion(scope, id, {
    secretId,
    secretStringWo: `\${${template(`ephemeral.${RANDOM_PASSWORD_EPHEMERAL}.${name}.random_password`)}}`,
    secretStringWoVersion: value.version,
  });
}

/** A Terraform name unique in the stack, from the construct path below the stack. */
function ephemeralName(scope: Construct, id: string): string {
  const stack = TerraformStack.of(scope);
  const below = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1);
  const path = [...below.map((node) => node.node.id), id].join("_");
  return path.replace(/[^A-Za-z0-9_-]/g, "_");
}
