import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";

export interface EcsTaskRolesProps {
  readonly context: AwsContext;
  /** Service name, part of the role names. No default. */
  readonly serviceName: string;
  /** ARN of the service's log group. No default. */
  readonly logGroupArn: string;
  /** ARN of the private ECR repository the image comes from. Default: none (a public image). */
  readonly repositoryArn?: string;
  /** Secrets Manager secret ARNs the task's secrets come from. Default: none. */
  readonly secretArns?: readonly string[];
  /** SSM parameter ARNs the task's secrets come from. Default: none. */
  readonly parameterArns?: readonly string[];
  /** Grant what ECS Exec needs (SSM channels, the session key and log group). Default: none. */
  readonly executeCommand?: { readonly kmsKeyArn: string; readonly logGroupArn: string };
  /** Statements for the application's own role. Default: none (an empty role). */
  readonly taskRoleStatements?: readonly PolicyStatement[];
  /** Further statements for the execution role, e.g. reading a secret's customer key. Default: none. */
  readonly executionRoleStatements?: readonly PolicyStatement[];
}

/**
 * The two roles of a task: the execution role ECS itself uses (pull this image, write this log
 * group, read exactly these secrets) and the task role the application runs as.
 */
export class EcsTaskRoles extends Construct {
  readonly executionRole: IamRole;
  readonly taskRole: IamRole;

  constructor(scope: Construct, id: string, props: EcsTaskRolesProps) {
    super(scope, id);
    const { context, serviceName } = props;
    const trust = serviceTrustPolicy(
      this,
      "trust",
      "ecs-tasks.amazonaws.com",
      context.accountId,
      `arn:${context.partition}:ecs:${context.region}:${context.accountId}:*`,
    );
    this.executionRole = this.role("execution", [context.namePrefix, serviceName, "execution"], trust.json);
    this.attach(this.executionRole, "execution", executionStatements(props));
    this.taskRole = this.role("task", [context.namePrefix, serviceName, "task"], trust.json);
    this.attach(this.taskRole, "task", [
      ...(props.taskRoleStatements ?? []),
      ...(props.executeCommand ? executeCommandStatements(props.executeCommand) : []),
    ]);
  }

  private role(id: string, nameParts: string[], assumeRolePolicy: string): IamRole {
    return new IamRole(this, id, {
      name: awsName(nameParts, NAME_LIMITS.iamRole),
      assumeRolePolicy,
      maxSessionDuration: 3600,
    });
  }

  private attach(role: IamRole, id: string, statements: readonly PolicyStatement[]): void {
    if (statements.length === 0) return;
    new IamRolePolicy(this, `${id}-policy`, {
      name: `${id}-permissions`,
      role: role.id,
      policy: policyDocument(this, `${id}-policy-document`, statements).json,
    });
  }
}

function executionStatements(props: EcsTaskRolesProps): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      sid: "WriteOwnLogs",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [`${props.logGroupArn}:*`],
    },
  ];
  if (props.repositoryArn) {
    statements.push(
      // GetAuthorizationToken is account-wide: IAM accepts no narrower resource for it.
      { sid: "AuthenticateToEcr", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      {
        sid: "PullOwnImage",
        actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        resources: [props.repositoryArn],
      },
    );
  }
  if (props.secretArns?.length) {
    statements.push({ sid: "ReadOwnSecrets", actions: ["secretsmanager:GetSecretValue"], resources: [...props.secretArns] });
  }
  if (props.parameterArns?.length) {
    statements.push({ sid: "ReadOwnParameters", actions: ["ssm:GetParameters"], resources: [...props.parameterArns] });
  }
  return [...statements, ...(props.executionRoleStatements ?? [])];
}

function executeCommandStatements(exec: { kmsKeyArn: string; logGroupArn: string }): PolicyStatement[] {
  return [
    {
      sid: "OpenExecSessions",
      // SSM Messages channels have no resource-level permissions.
      actions: [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ],
      resources: ["*"],
    },
    {
      sid: "DecryptExecSessions",
      actions: ["kms:Decrypt", "kms:GenerateDataKey"],
      resources: [exec.kmsKeyArn],
      // The one task-role key statement without kms:ViaService, deliberately: the SSM agent in the
      // task calls KMS itself, not through a service, so no kms:ViaService is set. It passes the
      // session's encryption context instead, aws:ssm:SessionId and aws:ssm:TargetId (amazon-ssm-agent,
      // agent/session/crypto), which holds the statement to Session Manager's data keys.
      conditions: [{ test: "Null", variable: "kms:EncryptionContext:aws:ssm:SessionId", values: ["false"] }],
    },
    { sid: "FindExecLogGroup", actions: ["logs:DescribeLogGroups"], resources: ["*"] },
    {
      sid: "WriteExecLogs",
      actions: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
      resources: [`${exec.logGroupArn}:*`],
    },
  ];
}
