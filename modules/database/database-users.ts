import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Fn, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { ServiceBinding } from "../core/binding";
import { allowTcpEgress, connect, NetworkPeer, securityGroup } from "../core/connect";
import { Monitor } from "../core/alarm";
import { PolicyStatement } from "../core/iam";
import { awsName } from "../core/naming";
import { EcsTaskRoles } from "../service/ecs-task-roles";
import { TaskRunParameters, taskOutputName } from "../service/one-off-task";
import { writeGeneratedValue } from "../secret/generated";
import { DatabaseUse } from "./schema";
import { PasswordRotation, PENDING_STAGE } from "./password-rotation";
import { DatabaseUser, databaseUserName, passwordVariable, rotationSql, setupSql } from "./users";

/** Where the users are created, and how services reach the database. */
export interface DatabaseUsersProps {
  readonly context: AwsContext;
  /** The database (its security group is the setup task's and the services' peer). */
  readonly peer: NetworkPeer;
  readonly port: number;
  readonly address: string;
  /** The readers' endpoint (Aurora), for read-only work with the same users. Default: none. */
  readonly readerAddress?: string;
  readonly databaseName: string;
  readonly masterUsername: string;
  /** The RDS-managed master secret: read only by the setup task. */
  readonly masterSecretArn: string;
  /** `db-…` (RDS instance) or `cluster-…` (Aurora cluster): IAM names database users under it. */
  readonly resourceId: string;
  /** The environment's data key: encrypts the master secret and the password users' secrets. */
  readonly secretsKeyArn: string;
  /** Days a deleted password secret can be restored (0 = at once). */
  readonly recoveryWindowInDays: number;
  /** PostgreSQL major: the setup task's psql matches it. */
  readonly engineVersion: string;
  /** The setup task's image. Default: `defaultSetupImage(engineVersion)`. */
  readonly setupImage?: string;
  /** Days between rotations of each password user's secret (the tier table's `passwordRotationDays`). */
  readonly passwordRotationDays: number;
  /** Where the rotations' alarms go. */
  readonly monitor: Monitor;
}

/** psql of the database's major from ECR Public; `\getenv` needs psql 15 or later. */
export function defaultSetupImage(engineVersion: string): string {
  return `public.ecr.aws/docker/library/postgres:${Math.max(15, Number(engineVersion))}-alpine`;
}

/** Where the setup task runs: the environment's cluster and the services' subnets. */
export interface SetupTaskPlacement {
  readonly clusterArn: string;
  readonly clusterName: string;
  /** The environment's ECS services: a password user's service is started again after its rotation (a job is not: each run reads the secret). */
  readonly serviceNames: readonly string[];
  readonly logGroupPrefix: string;
  readonly logsKeyArn: string;
  readonly logRetentionInDays: number;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly assignPublicIp: boolean;
  /** Lets the task reach the interface VPC endpoints, which admit only the groups given here. */
  readonly admitToEndpoints: (peer: NetworkPeer) => void;
}

/** Characters of a generated database password; RDS refuses '/', '"', '@' and spaces in passwords. */
const PASSWORD = { length: 40, excludeCharacters: "/\"@' \\:%?#&", excludePunctuation: false, version: 1 } as const;
/**
 * A staging label the rotations never move, on the version Terraform wrote: once two rotations have
 * moved AWSCURRENT and AWSPREVIOUS past it, a version without labels is deprecated and may be
 * removed, and Terraform would write a new first value over the rotated one
 * (terraform-aws-modules/terraform-aws-secrets-manager#26; hashicorp/terraform-provider-aws#25168).
 * Terraform then ignores the labels, which the rotations own.
 */
const FIRST_VERSION_STAGE = "PLATFORM_GENERATED";
const HTTPS_PORT = 443;
const SETUP_CPU = 256;
const SETUP_MEMORY = 512;
/** Minutes a run of the setup task may take (a few statements; the task starts in about a minute). */
const SETUP_TIMEOUT_MINUTES = 10;
/** The setup task's name in `task_<name>` outputs: `task_database_setup`. */
export const DATABASE_SETUP_TASK = "database-setup";

/**
 * A user per service, instead of the master user for all: the binding gives a service its own
 * user, IAM-authenticated (the task role may `rds-db:connect` as that user only) or, for clients
 * that cannot sign IAM tokens, with a generated password in a secret only it reads. The users and
 * their grants are created by the setup task (`createSetupTask`), the only holder of the master
 * secret, with the SQL of `users.ts`.
 */
export class DatabaseUsers extends Construct {
  private readonly props: DatabaseUsersProps;
  private readonly users = new Map<string, DatabaseUser>();
  private readonly passwordSecrets = new Map<string, SecretsmanagerSecret>();
  /** The generated value's version per password user: its services start once it is written. */
  private readonly passwordVersions = new Map<string, string>();

  constructor(scope: Construct, id: string, props: DatabaseUsersProps) {
    super(scope, id);
    this.props = props;
  }

  /** The service's user, its connection settings, its login, and a path to the database. */
  bindingFor(serviceName: string, use: DatabaseUse | false): ServiceBinding {
    if (use === false) return {};
    const user: DatabaseUser = { ...use, service: serviceName, name: databaseUserName(serviceName) };
    this.users.set(user.name, user);
    const { props } = this;
    const common: ServiceBinding = {
      environment: {
        PGHOST: props.address,
        ...(props.readerAddress ? { PGHOST_READER: props.readerAddress } : {}),
        PGPORT: String(props.port),
        PGDATABASE: props.databaseName,
        PGUSER: user.name,
        // The parameter group sets rds.force_ssl, so a client that does not ask for TLS is refused.
        PGSSLMODE: "require",
        DATABASE_AUTHENTICATION: user.authentication,
      },
      connection: { peer: props.peer, port: props.port },
    };
    return user.authentication === "iam" ? this.iamBinding(common, user) : this.passwordBinding(common, user);
  }

  /**
   * `rds-db:connect` as this user only. The resource is `dbuser:<resource id>/<user>`, where the
   * resource id is the instance's DbiResourceId or the Aurora cluster's resource id (Amazon RDS
   * User Guide, "Creating and using an IAM policy for IAM database access").
   */
  private iamBinding(common: ServiceBinding, user: DatabaseUser): ServiceBinding {
    return {
      ...common,
      taskRoleStatements: [{ sid: "ConnectToDatabaseAsOwnUser", actions: ["rds-db:connect"], resources: [this.dbUserArn(user.name)] }],
    };
  }

  /**
   * The password from the service's own secret (JSON with username and password, generated at
   * apply, never in the state): PGPASSWORD at start, and DATABASE_SECRET_ARN to re-read it after a
   * new value is written. Only this service's roles may read it.
   */
  private passwordBinding(common: ServiceBinding, user: DatabaseUser): ServiceBinding {
    const arn = this.passwordSecret(user.name).arn;
    return {
      ...common,
      // The service's tasks read the secret at start: the service waits for its value to be written (an implicit dependency), not only for the secret.
      startsWhen: [`${this.passwordVersions.get(user.name)}.version_id != ""`],
      environment: { ...common.environment, DATABASE_SECRET_ARN: arn },
      secrets: { PGPASSWORD: `${arn}:password::` },
      executionRoleSecretArns: [arn],
      executionRoleStatements: [decryptSecretsStatement("DecryptOwnDatabaseSecret", this.props, [arn])],
      taskRoleStatements: [
        { sid: "RereadOwnDatabaseSecret", actions: ["secretsmanager:GetSecretValue"], resources: [arn] },
        decryptSecretsStatement("DecryptOwnDatabaseSecret", this.props, [arn]),
      ],
    };
  }

  /** The users of the services bound so far (the setup task is created once all are). */
  databaseUsers(): DatabaseUser[] {
    return [...this.users.values()];
  }

  /**
   * The one-off task that creates the users: psql with the master secret, running the SQL of
   * `setupSql`, idempotent. Call it once every service is bound; without users there is no task. Its revision changes whenever the users or grants do (the SQL is in
   * the task definition), and `database_setup_command` runs it; see docs for when.
   */
  createSetupTask(placement: SetupTaskPlacement): EcsTaskDefinition | undefined {
    if (this.users.size === 0) return undefined;
    const scope = new Construct(this, "setup");
    const logGroup = new CloudwatchLogGroup(scope, "logs", {
      name: `${placement.logGroupPrefix}database-setup`,
      retentionInDays: placement.logRetentionInDays,
      kmsKeyId: placement.logsKeyArn,
    });
    const passwordSecretArns = [...this.passwordSecrets.values()].map((secret) => secret.arn);
    const task = this.psqlTask(scope, "", "database-setup", passwordSecretArns, logGroup, this.setupContainer(logGroup.name));
    const securityGroupId = this.setupSecurityGroup(scope, placement);
    new TerraformOutput(this, "database_setup_command", {
      description: "Creates or updates the services' database users (run after each apply that changes uses.database)",
      staticId: true,
      value: runTaskCommand(placement, task.definition.family, securityGroupId),
    });
    // What the apply workflow (and `npm run task -- <env> database-users`) starts and follows after each apply.
    const run: TaskRunParameters = {
      cluster: placement.clusterArn,
      family: task.definition.family,
      container: "database-setup",
      subnets: [...placement.subnetIds],
      securityGroups: [securityGroupId],
      assignPublicIp: placement.assignPublicIp,
      logGroup: logGroup.name,
      logStreamPrefix: "database-setup",
      region: this.props.context.region,
      timeoutMinutes: SETUP_TIMEOUT_MINUTES,
    };
    new TerraformOutput(this, "run-parameters", { value: run, description: "How to run the database users' setup task: npm run task reads this" }).overrideLogicalId(
      taskOutputName(DATABASE_SETUP_TASK),
    );
    this.createRotations(scope, placement, logGroup, securityGroupId);
    return task.definition;
  }

  /**
   * A task definition running psql as the master user (the setup task, a rotation task), whose
   * execution role reads the master secret and `passwordSecretArns` only.
   */
  private psqlTask(scope: Construct, idPrefix: string, name: string, passwordSecretArns: readonly string[], logGroup: CloudwatchLogGroup, container: object) {
    const { context, masterSecretArn } = this.props;
    const secretArns = [masterSecretArn, ...passwordSecretArns];
    const roles = new EcsTaskRoles(scope, `${idPrefix}roles`, {
      context,
      serviceName: name,
      logGroupArn: logGroup.arn,
      secretArns,
      executionRoleStatements: [decryptSecretsStatement("DecryptDatabaseSecrets", this.props, secretArns)],
    });
    const definition = new EcsTaskDefinition(scope, `${idPrefix}task-definition`, {
      family: `${context.namePrefix}-${name}`,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(SETUP_CPU),
      memory: String(SETUP_MEMORY),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
      executionRoleArn: roles.executionRole.arn,
      taskRoleArn: roles.taskRole.arn,
      containerDefinitions: JSON.stringify([container]),
    });
    return { roles, definition };
  }

  /**
   * Each password user's scheduled rotation (see password-rotation.ts): a task definition of its
   * own, whose execution role reads the master secret and this user's secret only, at its
   * AWSPENDING stage, and a workflow that runs it. In the setup task's scope: a mode of that task,
   * with its image, network, security group and log group.
   */
  private createRotations(scope: Construct, placement: SetupTaskPlacement, logGroup: CloudwatchLogGroup, securityGroupId: string): void {
    const passwordUsers = this.databaseUsers().filter((user) => user.authentication === "password");
    if (passwordUsers.length === 0) return;
    const { context } = this.props;
    const group = new SchedulerScheduleGroup(scope, "rotation-schedule-group", { name: awsName([context.namePrefix, "database-rotation"], 64) });
    for (const user of passwordUsers) {
      const secretArn = this.passwordSecret(user.name).arn;
      const name = `db-rotation-${user.service}`;
      const container = this.psqlContainer(name, rotationSql(user), [{ name: passwordVariable(user.name), valueFrom: `${secretArn}:password:${PENDING_STAGE}:` }], logGroup.name);
      const task = this.psqlTask(scope, `rotation-${user.service}-`, name, [secretArn], logGroup, container);
      new PasswordRotation(scope, `rotation-${user.service}`, {
        context,
        service: user.service,
        userName: user.name,
        secretArn,
        keyArn: this.props.secretsKeyArn,
        password: PASSWORD,
        task: { family: task.definition.family, roles: task.roles, containerName: name },
        clusterArn: placement.clusterArn,
        subnetIds: placement.subnetIds,
        securityGroupId,
        assignPublicIp: placement.assignPublicIp,
        redeployService: placement.serviceNames.includes(user.service) ? { clusterName: placement.clusterName, serviceName: user.service } : undefined,
        rotationDays: this.props.passwordRotationDays,
        scheduleGroupName: group.name,
        monitor: this.props.monitor,
      });
    }
  }

  private setupContainer(logGroupName: string): object {
    const sql = setupSql(this.props.databaseName, this.props.masterUsername, this.databaseUsers());
    const passwordUsers = this.databaseUsers().filter((user) => user.authentication === "password");
    const passwords = passwordUsers
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((user) => ({ name: passwordVariable(user.name), valueFrom: `${this.passwordSecret(user.name).arn}:password::` }));
    return this.psqlContainer("database-setup", sql, passwords, logGroupName);
  }

  /** psql as the master user, running `sql` with these further secrets (the passwords it sets). */
  private psqlContainer(name: string, sql: string, passwords: readonly { name: string; valueFrom: string }[], logGroupName: string): object {
    const { props } = this;
    return {
      name,
      image: props.setupImage ?? defaultSetupImage(props.engineVersion),
      essential: true,
      command: ["sh", "-c", 'printf "%s" "$SETUP_SQL" | psql --no-psqlrc --quiet --file=-'],
      environment: [
        { name: "PGDATABASE", value: props.databaseName },
        { name: "PGHOST", value: props.address },
        { name: "PGPORT", value: String(props.port) },
        { name: "PGSSLMODE", value: "require" },
        { name: "SETUP_SQL", value: sql },
      ],
      secrets: [
        ...passwords,
        { name: "PGPASSWORD", valueFrom: `${props.masterSecretArn}:password::` },
        { name: "PGUSER", valueFrom: `${props.masterSecretArn}:username::` },
      ],
      readonlyRootFilesystem: true,
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": logGroupName, "awslogs-region": props.context.region, "awslogs-stream-prefix": name },
      },
    };
  }

  /** The setup task's group: PostgreSQL to the database, HTTPS to ECR Public and Secrets Manager. */
  private setupSecurityGroup(scope: Construct, placement: SetupTaskPlacement): string {
    const { namePrefix } = this.props.context;
    const id = securityGroup(scope, "security-group", { name: `${namePrefix}-database-setup`, description: "Database setup task", vpcId: placement.vpcId }).id;
    allowTcpEgress(scope, "egress-https", id, { description: "HTTPS to AWS APIs and the image registry", fromPort: HTTPS_PORT, cidrIpv4: "0.0.0.0/0" });
    const peer = { scope, peerName: "database-setup", peerLabel: "the database setup task", securityGroupId: id };
    connect(peer, this.props.peer, this.props.port);
    placement.admitToEndpoints(peer);
    return id;
  }

  private dbUserArn(user: string): string {
    const { partition, region, accountId } = this.props.context;
    return `arn:${partition}:rds-db:${region}:${accountId}:dbuser:${this.props.resourceId}/${user}`;
  }

  /** A password user's secret, `<project>/<env>/database/<service>`, generated once at apply. */
  private passwordSecret(user: string): SecretsmanagerSecret {
    const existing = this.passwordSecrets.get(user);
    if (existing) return existing;
    const { project, environment } = this.props.context;
    const service = this.users.get(user)?.service ?? user;
    const scope = new Construct(this, `password-${service}`);
    const secret = new SecretsmanagerSecret(scope, "secret", {
      name: `${project}/${environment}/database/${service}`,
      description: `Database password of service ${service} (user ${user}), generated by the platform`,
      kmsKeyId: this.props.secretsKeyArn,
      recoveryWindowInDays: this.props.recoveryWindowInDays,
    });
    const first = writeGeneratedValue(scope, "value", secret.id, PASSWORD, (password) => `jsonencode({ username = "${user}", password = ${password} })`);
    first.versionStages = ["AWSCURRENT", FIRST_VERSION_STAGE];
    first.lifecycle = { ignoreChanges: ["version_stages"] };
    this.passwordVersions.set(user, first.fqn);
    this.passwordSecrets.set(user, secret);
    return secret;
  }
}

/**
 * kms:Decrypt on the key of these secrets, only through Secrets Manager in this region and only
 * for them (Secrets Manager's encryption context names the secret: `SecretARN`, AWS Secrets
 * Manager User Guide, "Secret encryption and decryption").
 */
export function decryptSecretsStatement(sid: string, props: { context: AwsContext; secretsKeyArn: string }, secretArns: readonly string[]): PolicyStatement {
  return {
    sid,
    actions: ["kms:Decrypt"],
    resources: [props.secretsKeyArn],
    conditions: [
      { test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${props.context.region}.amazonaws.com`] },
      { test: "StringEquals", variable: "kms:EncryptionContext:SecretARN", values: secretArns },
    ],
  };
}

/** `aws ecs run-task` for the setup task, then a wait and its exit code. */
function runTaskCommand(placement: SetupTaskPlacement, family: string, securityGroupId: string): string {
  const subnets = Fn.join(",", [...placement.subnetIds]);
  const network = `awsvpcConfiguration={subnets=[${subnets}],securityGroups=[${securityGroupId}],assignPublicIp=${placement.assignPublicIp ? "ENABLED" : "DISABLED"}}`;
  return [
    `TASK=$(aws ecs run-task --cluster ${placement.clusterArn} --task-definition ${family} --launch-type FARGATE`,
    ` --network-configuration '${network}' --query 'tasks[0].taskArn' --output text)`,
    ` && aws ecs wait tasks-stopped --cluster ${placement.clusterArn} --tasks "$TASK"`,
    ` && test "$(aws ecs describe-tasks --cluster ${placement.clusterArn} --tasks "$TASK" --query 'tasks[0].containers[0].exitCode' --output text)" = 0`,
  ].join("");
}
