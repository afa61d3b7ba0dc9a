import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { createAwsContext } from "../modules/core/aws-context";
import { formatIssues } from "../modules/core/problems";
import { Problems, strict } from "../modules/core/schema";
import {
  checkSecretsRegion,
  checkSecretUses,
  SECRET_VALUE_REFUSED,
  secretSchema,
  secretsSchema,
  SecretsInput,
  SecretUse,
  secretUseSchema,
  secretVariables,
} from "../modules/secret/schema";
import { ApplicationSecrets } from "../modules/secret/secrets";
import { dataSourceAt, dataSourcesOf, Json, resourceAt, resourcesOf, synthesized, SynthesizedStack } from "./support/synth";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/data";
const ROTATION_LAMBDA = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-api-key";

const SECRETS: SecretsInput = {
  "jwt-signing-key": { description: "Signs session tokens", recoveryWindowInDays: 30 },
  "payments/api-key": { description: "Payment provider API key", recoveryWindowInDays: 30, rotation: { lambdaArn: ROTATION_LAMBDA, days: 7 } },
  "mail/password": { description: "SMTP password", recoveryWindowInDays: 30, rotation: { lambdaArn: ROTATION_LAMBDA } },
};

/** What services use, each synthesized as an output so that its references resolve as Terraform will see them. */
const USES: Record<string, SecretUse> = {
  api: { JWT_SIGNING_KEY: "jwt-signing-key", PAYMENTS_API_KEY: "payments/api-key", JWT_KEY_AGAIN: "jwt-signing-key" },
  none: {},
};

/** `ApplicationSecrets` on a fresh stack, with the bindings of `uses` as outputs. */
function secretsOnFreshStack(secrets: SecretsInput, uses: Record<string, SecretUse> = USES): SynthesizedStack {
  const scope = new TerraformStack(Testing.app(), "harness");
  new AwsProvider(scope, "aws", { region: "eu-west-1" });
  const construct = new ApplicationSecrets(scope, "secrets", {
    context: createAwsContext(scope, "acme", "test", "eu-west-1"),
    keyArn: KEY_ARN,
    secrets: secretsSchema.parse(secrets),
  });
  for (const [id, use] of Object.entries(uses)) new TerraformOutput(scope, `binding-${id}`, { value: construct.bindingFor(id, use) });
  return synthesized(scope);
}

describe("GIVEN three secrets, two of them rotated, on a fresh stack", () => {
  const stack = secretsOnFreshStack(SECRETS);
  const secret = (path: string) => resourceAt(stack, "aws_secretsmanager_secret", `secrets/${path}/secret`);
  const hasValue = (path: string) =>
    `length(${dataSourceAt(stack, "aws_secretsmanager_secret_versions", `secrets/${path}/secret/versions`).ref("versions").replace(/\.versions\}$/, "}.versions")}) > 0`;

  it("THEN each is a secret named <project>/<env>/<name>, with its description, the environment's key and a 30-day recovery window", () => {
    expect(Object.keys(resourcesOf(stack, "aws_secretsmanager_secret"))).toHaveLength(3);
    expect(secret("jwt-signing-key").resource).toEqual({
      name: "acme/test/jwt-signing-key",
      description: "Signs session tokens",
      kms_key_id: KEY_ARN,
      recovery_window_in_days: 30,
    });
    expect(secret("payments_api-key").resource.name).toBe("acme/test/payments/api-key");
  });

  it("THEN each rotated secret rotates through its Lambda on its schedule (30 days by default), first after one period", () => {
    expect(Object.keys(resourcesOf(stack, "aws_secretsmanager_secret_rotation"))).toHaveLength(2);
    expect(resourceAt(stack, "aws_secretsmanager_secret_rotation", "secrets/payments_api-key/rotation").resource).toEqual({
      secret_id: secret("payments_api-key").ref("id"),
      rotation_lambda_arn: ROTATION_LAMBDA,
      rotation_rules: { automatically_after_days: 7 },
      rotate_immediately: false,
    });
    expect(resourceAt(stack, "aws_secretsmanager_secret_rotation", "secrets/mail_password/rotation").resource.rotation_rules).toEqual({
      automatically_after_days: 30,
    });
  });

  it("THEN no secret version exists anywhere in the JSON: values never pass through Terraform", () => {
    expect(resourcesOf(stack, "aws_secretsmanager_secret_version")).toEqual({});
    expect(dataSourcesOf(stack, "aws_secretsmanager_secret_version")).toEqual({});
    expect(stack.text).not.toContain("secret_string");
  });

  it("THEN the output application_secret_arns maps each name to its ARN, for operators to set values", () => {
    expect(stack.json.output.application_secret_arns.value).toEqual({
      "jwt-signing-key": secret("jwt-signing-key").ref("arn"),
      "payments/api-key": secret("payments_api-key").ref("arn"),
      "mail/password": secret("mail_password").ref("arn"),
    });
  });

  it("THEN a service's binding injects each whole secret by ARN, lets the execution role read exactly those, and decrypt them only through Secrets Manager", () => {
    const jwt = secret("jwt-signing-key").ref("arn");
    const payments = secret("payments_api-key").ref("arn");
    expect(stack.json.output["binding-api"].value).toEqual({
      secrets: { JWT_KEY_AGAIN: jwt, JWT_SIGNING_KEY: jwt, PAYMENTS_API_KEY: payments },
      executionRoleSecretArns: [jwt, payments],
      executionRoleStatements: [
        {
          sid: "DecryptApplicationSecrets",
          actions: ["kms:Decrypt"],
          resources: [KEY_ARN],
          conditions: [
            { test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.eu-west-1.amazonaws.com"] },
            { test: "StringEquals", variable: "kms:EncryptionContext:SecretARN", values: [jwt, payments] },
          ],
        },
      ],
      // Both are created empty: the service starts only once each has a version.
      startsWhen: [hasValue("jwt-signing-key"), hasValue("payments_api-key")],
    });
  });

  it("THEN the versions of each operator-set secret a service reads are listed, never its value", () => {
    const lists = dataSourcesOf(stack, "aws_secretsmanager_secret_versions");
    expect(Object.values(lists).map((list) => list.secret_id).sort()).toEqual([secret("jwt-signing-key").ref("arn"), secret("payments_api-key").ref("arn")].sort());
    expect(stack.text).not.toContain("data.aws_secretsmanager_secret_version.");
  });

  it("THEN a service that uses no secret gets nothing", () => {
    expect(stack.json.output["binding-none"].value).toEqual({});
  });
});

describe("GIVEN no secrets", () => {
  it("THEN there is no secret, and the output is an empty map", () => {
    const stack = secretsOnFreshStack({}, {});
    expect(resourcesOf(stack, "aws_secretsmanager_secret")).toEqual({});
    expect(stack.json.output.application_secret_arns.value).toEqual({});
  });
});

describe("secret variables", () => {
  it("WHEN a service uses secrets THEN its variables are the names it chose, sorted", () => {
    expect(secretVariables({ SMTP_PASSWORD: "mail/password", API_KEY: "payments/api-key" })).toEqual(["API_KEY", "SMTP_PASSWORD"]);
  });
});

const SCOPE = 'environment "test"';

/** An environment-shaped schema: the secrets section and one service's uses, related as the platform relates them. */
const environmentLike = strict({
  secrets: secretsSchema.optional(),
  uses: strict({ secrets: secretUseSchema.default({}) }).prefault({}),
}).superRefine((environment, context) => {
  const problems = new Problems(context);
  checkSecretUses(environment.uses.secrets, environment.secrets, problems.nested(["uses", "secrets"]));
  checkSecretsRegion(environment.secrets ?? {}, "eu-west-1", problems.nested("secrets"));
});

/** The problem lines of parsing `input`, as the platform prints them. */
function problemsOf(input: unknown): string[] {
  const result = environmentLike.safeParse(input);
  return result.success ? [] : formatIssues(SCOPE, input, result.error.issues);
}

describe("GIVEN the secrets schema", () => {
  it("WHEN a secret gives its description and a rotation function THEN it rotates every 30 days by default", () => {
    expect(secretSchema.parse({ description: "d", recoveryWindowInDays: 30, rotation: { lambdaArn: ROTATION_LAMBDA } })).toEqual({
      description: "d",
      recoveryWindowInDays: 30,
      rotation: { lambdaArn: ROTATION_LAMBDA, days: 30 },
    });
  });

  it.each([["a string", "hunter2-s3cr3t"], ["a number", 123456789], ["an object", { password: "hunter2-s3cr3t" }]])(
    "WHEN a secret is given a value (%s) THEN it is refused, pointing to put-secret-value, and the value is never echoed",
    (_, value) => {
      const raw = { description: "Signs session tokens", recoveryWindowInDays: 30, value };
      const result = secretSchema.safeParse(raw);
      const issues = (result.error?.issues ?? []).map((issue) => ({ ...issue, path: ["secrets", "jwt", ...issue.path] }));
      const lines = formatIssues(SCOPE, { secrets: { jwt: raw } }, issues);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^environment "test": secrets\.jwt\.value is .*hidden.*; expected secrets are created empty: set the value with aws secretsmanager put-secret-value \(see README\)$/);
      expect(lines[0]).toContain(SECRET_VALUE_REFUSED);
      expect(lines.join("\n")).not.toMatch(/hunter2|s3cr3t|123456789/);
    },
  );

  it("WHEN a secret is given a value under another name THEN it is an unknown field, and the value is not echoed", () => {
    const lines = problemsOf({ secrets: { jwt: { description: "d", recoveryWindowInDays: 30, secretString: "hunter2-s3cr3t" } } });
    expect(lines).toEqual([`${SCOPE}: secrets.jwt.secretString is not a known field; known fields: description, recoveryWindowInDays, generate, rotation, value`]);
  });

  it("WHEN a secret itself is written as its value THEN the line hides it", () => {
    const lines = problemsOf({ secrets: { jwt: "hunter2-s3cr3t" } });
    expect(lines).toEqual([`${SCOPE}: secrets.jwt is "(plain value hidden)"; expected an object`]);
  });

  it("WHEN a service uses a secret the environment does not have THEN the line names the ones it has, not what was written", () => {
    expect(problemsOf({ secrets: SECRETS, uses: { secrets: { API_KEY: "sk_live_4eC39HqLyjWDarjtT1zdp7dc" } } })).toEqual([
      `${SCOPE}: uses.secrets.API_KEY is "(value hidden)"; expected the name of a secret of this environment: jwt-signing-key, payments/api-key, mail/password`,
    ]);
  });

  it("WHEN a service uses a secret and the environment has none THEN the line says none are configured", () => {
    // A mistyped name is not a secret value: it is shown.
    expect(problemsOf({ uses: { secrets: { API_KEY: "api-key" } } })).toEqual([
      `${SCOPE}: uses.secrets.API_KEY is "api-key"; expected the name of a secret of this environment: none configured`,
    ]);
  });

  it.each(["api_key", "1API_KEY", "API-KEY"])("WHEN a service names the variable %s THEN the key is refused", (variable) => {
    expect(problemsOf({ secrets: SECRETS, uses: { secrets: { [variable]: "jwt-signing-key" } } })).toEqual([
      `${SCOPE}: uses.secrets has the key "${variable}"; expected a variable name of A-Z, 0-9 and '_', not starting with a digit`,
    ]);
  });

  it.each(["Jwt", "/jwt", "jwt/", "a//b", "jwt_key", "x".repeat(65)])("WHEN a secret is named %s THEN the name is refused", (name) => {
    expect(problemsOf({ secrets: { [name]: { description: "d", recoveryWindowInDays: 30 } } })).toEqual([
      `${SCOPE}: secrets has the key "${name}"; expected 1-64 characters of a-z, 0-9, '-' and '/', starting with a letter or digit, without '//' and not ending with '/'`,
    ]);
  });

  it("WHEN rotation names something other than a Lambda function, or a period outside 1-365 days, THEN both are refused", () => {
    expect(problemsOf({ secrets: { jwt: { description: "d", recoveryWindowInDays: 30, rotation: { lambdaArn: "rotate-api-key", days: 400 } } } })).toEqual([
      `${SCOPE}: secrets.jwt.rotation.lambdaArn is "(plain value hidden)"; expected a Lambda function ARN, arn:aws:lambda:<region>:<account>:function:<name>`,
      `${SCOPE}: secrets.jwt.rotation.days is "(value hidden)"; expected a whole number of days from 1 to 365`,
    ]);
  });

  it("WHEN the rotation function is in another region THEN it is refused (Secrets Manager rotates in the secret's region)", () => {
    const lambdaArn = "arn:aws:lambda:us-east-1:123456789012:function:rotate-api-key";
    expect(problemsOf({ secrets: { jwt: { description: "d", recoveryWindowInDays: 30, rotation: { lambdaArn } } } })).toEqual([
      `${SCOPE}: secrets.jwt.rotation.lambdaArn is "${lambdaArn}"; expected a Lambda function ARN in eu-west-1`,
    ]);
  });
});

describe("GIVEN a secret the platform generates", () => {
  const stack = secretsOnFreshStack(
    { "jwt-signing-key": { description: "Signs session tokens", recoveryWindowInDays: 0, generate: { length: 64, excludePunctuation: true, version: 2 } } },
    { api: { JWT_SIGNING_KEY: "jwt-signing-key" } },
  );

  it("THEN its value comes from an ephemeral generator through the write-only argument, so neither JSON nor state holds it", () => {
    const version = Object.values(resourcesOf(stack, "aws_secretsmanager_secret_version"));
    expect(version).toHaveLength(1);
    const generator = (stack.json as unknown as { ephemeral: Record<string, Record<string, Json>> }).ephemeral.aws_secretsmanager_random_password;
    const [name] = Object.keys(generator);
    expect(generator[name]).toEqual({ password_length: 64, exclude_punctuation: true, include_space: false, require_each_included_type: true });
    expect(version[0].secret_string_wo).toBe(`\${ephemeral.aws_secretsmanager_random_password.${name}.random_password}`);
    expect(version[0].secret_string_wo_version).toBe(2);
    expect(version[0].secret_string).toBeUndefined();
  });

  it("THEN it is deleted without a recovery window, and a service reading it is not held back", () => {
    expect(resourceAt(stack, "aws_secretsmanager_secret", "secrets/jwt-signing-key/secret").resource.recovery_window_in_days).toBe(0);
    expect(stack.json.output["binding-api"].value.startsWhen).toEqual([]);
    expect(dataSourcesOf(stack, "aws_secretsmanager_secret_versions")).toEqual({});
  });
});
