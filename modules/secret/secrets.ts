import { DataAwsSecretsmanagerSecretVersions } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-versions";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { Bindable, ServiceBinding } from "../core/binding";
import { PolicyStatement } from "../core/iam";
import { writeGeneratedValue } from "./generated";
import { SecretConfig, SecretsConfig, SecretUse } from "./schema";

export interface ApplicationSecretsProps {
  readonly context: AwsContext;
  /** The environment's data key: encrypts every secret's values. No default. */
  readonly keyArn: string;
  /** The parsed `secrets` section. No default. */
  readonly secrets: SecretsConfig;
}

/**
 * The environment's application secrets, `<project>/<env>/<name>`, encrypted with the data key,
 * each with its tier's recovery window. Created without a value (an operator sets it, README.md
 * here; the output `application_secret_arns` says where) or, with `generate`, with a value
 * generated at apply through a write-only argument: either way no value is ever in the JSON or the
 * state. A service reading a secret that is still empty is held at zero tasks until it has a value.
 */
export class ApplicationSecrets extends Construct implements Bindable<SecretUse> {
  /** The secrets by their configured name. */
  readonly secrets: ReadonlyMap<string, SecretsmanagerSecret>;
  private readonly props: ApplicationSecretsProps;
  /** The "has a value" condition of each secret set by an operator, once a service reads it. */
  private readonly versions = new Map<string, string>();

  constructor(scope: Construct, id: string, props: ApplicationSecretsProps) {
    super(scope, id);
    this.props = props;
    this.secrets = new Map(Object.entries(props.secrets).map(([name, config]) => [name, this.createSecret(name, config)]));
    new TerraformOutput(this, "application_secret_arns", {
      value: Object.fromEntries([...this.secrets].map(([name, secret]) => [name, secret.arn])),
      description: "Application secrets by name, created empty: set each value with aws secretsmanager put-secret-value",
      staticId: true,
    });
  }

  /**
   * Each variable as an ECS secret reference to the whole secret string, the execution role's read
   * of exactly those secrets, and its use of their key. No task-role statements, no variables.
   *
   * The key statement is needed: ECS documents kms:Decrypt on the execution role as "required only
   * if your key uses a custom KMS key and not the default key" (Amazon ECS Developer Guide, task
   * execution role, Secrets Manager permissions), and Secrets Manager decrypts on behalf of the
   * caller of GetSecretValue. It holds only through Secrets Manager in this region
   * (kms:ViaService) and for these secrets (Secrets Manager's encryption context names the secret),
   * so the role cannot decrypt anything else under the environment's data key.
   */
  bindingFor(_serviceName: string, use: SecretUse): ServiceBinding {
    const variables = Object.keys(use).sort();
    if (variables.length === 0) return {};
    const names = [...new Set(variables.map((variable) => use[variable]))].sort();
    const arns = names.map((name) => this.secret(name).arn);
    const setByOperator = names.filter((name) => !this.props.secrets[name].generate);
    return {
      secrets: Object.fromEntries(variables.map((variable) => [variable, this.secret(use[variable]).arn])),
      executionRoleSecretArns: arns,
      executionRoleStatements: [this.decryptStatement(arns)],
      startsWhen: setByOperator.map((name) => this.hasValue(name)),
    };
  }

  /**
   * Whether a secret created empty has a value yet: its versions, listed at each plan by
   * `aws_secretsmanager_secret_versions` (ListSecretVersionIds, which returns no secret value;
   * its acceptance tests cover a secret without versions). On the first apply the secret is new, so
   * the list is read during the apply and is empty: services reading it are held at zero tasks
   * instead of failing with ResourceInitializationError. The apply after the value is set starts them.
   */
  private hasValue(name: string): string {
    const existing = this.versions.get(name);
    if (existing) return existing;
    const secret = this.secret(name);
    const versions = new DataAwsSecretsmanagerSecretVersions(secret, "versions", { secretId: secret.arn });
    const condition = `length(${versions.fqn}.versions) > 0`;
    this.versions.set(name, condition);
    return condition;
  }

  private decryptStatement(secretArns: readonly string[]): PolicyStatement {
    return {
      sid: "DecryptApplicationSecrets",
      actions: ["kms:Decrypt"],
      resources: [this.props.keyArn],
      conditions: [
        { test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${this.props.context.region}.amazonaws.com`] },
        { test: "StringEquals", variable: "kms:EncryptionContext:SecretARN", values: secretArns },
      ],
    };
  }

  private createSecret(name: string, config: SecretConfig): SecretsmanagerSecret {
    const { project, environment } = this.props.context;
    // Construct ids cannot hold '/', and '_' is the one character secret names cannot.
    const scope = new Construct(this, name.replace(/\//g, "_"));
    const secret = new SecretsmanagerSecret(scope, "secret", {
      name: `${project}/${environment}/${name}`,
      description: config.description,
      kmsKeyId: this.props.keyArn,
      recoveryWindowInDays: config.recoveryWindowInDays,
    });
    if (config.generate) writeGeneratedValue(scope, "value", secret.id, config.generate);
    if (config.rotation) {
      new SecretsmanagerSecretRotation(scope, "rotation", {
        secretId: secret.id,
        rotationLambdaArn: config.rotation.lambdaArn,
        rotationRules: { automaticallyAfterDays: config.rotation.days },
        // An empty secret must not rotate at once: the function would run on no value. The first
        // rotation waits for the schedule, by when an operator has set the value.
        rotateImmediately: false,
      });
    }
    return secret;
  }

  private secret(name: string): SecretsmanagerSecret {
    const secret = this.secrets.get(name);
    if (!secret) throw new Error(`no secret ${name}: was the config parsed?`);
    return secret;
  }
}
