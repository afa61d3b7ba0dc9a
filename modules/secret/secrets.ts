import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { Bindable, ServiceBinding } from "../core/binding";
import { PolicyStatement } from "../core/iam";
import { SecretConfig, SecretsConfig, SecretUse } from "./schema";

/** Days a deleted secret can still be restored: the longest Secrets Manager allows. */
const RECOVERY_WINDOW_DAYS = 30;

export interface ApplicationSecretsProps {
  readonly context: AwsContext;
  /** The environment's data key: encrypts every secret's values. No default. */
  readonly keyArn: string;
  /** The parsed `secrets` section. No default. */
  readonly secrets: SecretsConfig;
}

/**
 * The environment's application secrets, `<project>/<env>/<name>`, encrypted with the data key
 * and created without a value: no `aws_secretsmanager_secret_version` exists, so no value is ever
 * in the JSON or the state. An operator sets each value (README.md here); the output
 * `application_secret_arns` says where.
 */
export class ApplicationSecrets extends Construct implements Bindable<SecretUse> {
  /** The secrets by their configured name. */
  readonly secrets: ReadonlyMap<string, SecretsmanagerSecret>;
  private readonly props: ApplicationSecretsProps;

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
    const arns = [...new Set(variables.map((variable) => use[variable]))].map((name) => this.secret(name).arn);
    return {
      secrets: Object.fromEntries(variables.map((variable) => [variable, this.secret(use[variable]).arn])),
      executionRoleSecretArns: arns,
      executionRoleStatements: [this.decryptStatement(arns)],
    };
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
      recoveryWindowInDays: RECOVERY_WINDOW_DAYS,
    });
    if (config.rotation) {
      new SecretsmanagerSecretRotation(scope, "rotation", {
        secretId: secret.id,
        rotationLambdaArn: config.rotation.lambdaArn,
        rotationRules: { automaticallyAfterDays: config.rotation.days },
        // The secret starts empty: rotating at once would run the function on no value. The first
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
