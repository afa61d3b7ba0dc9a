/**
 * What an environment's plan role may do: read everything Terraform refreshes (AWS's ReadOnlyAccess),
 * read its own state and take its own locks (state-access.ts), and nothing else.
 *
 * The plan role is assumable from any pull request of the repository, and a pull request runs the
 * workflow as the pull request changed it: whoever may push a branch may use this role for
 * anything it allows. So it reads configuration, not data: ReadOnlyAccess's reads of objects,
 * items, messages, secrets, parameters, log events and image layers are denied, except its own
 * state objects and lock items, and the release-tag parameters its environment's task definitions
 * read (Terraform refreshes them; they hold a tag, nothing secret). The refresh needs no other.
 */
import { noAssumeRole } from "./escalation-guards";
import { GuardStatement } from "./guard-document";
import { folderObjects, StateArns } from "./state-access";

/** AWS managed job-function policy the plan role starts from. */
export const PLAN_BASE_POLICY = "ReadOnlyAccess";

/** Reads of data (as opposed to configuration) that ReadOnlyAccess would allow on every resource. */
export const DATA_READ_ACTIONS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:BatchGetSecretValue",
  "dynamodb:PartiQLSelect",
  "rds:DownloadDBLogFilePortion",
  "rds:DownloadCompleteDBLogFile",
  "rds-data:ExecuteStatement",
  "logs:Unmask",
  "sqs:ReceiveMessage",
  "kinesis:GetRecords",
  "logs:GetLogEvents",
  "logs:FilterLogEvents",
  "logs:StartQuery",
  "logs:GetQueryResults",
  "logs:StartLiveTail",
  "ecr:GetDownloadUrlForLayer",
  "ecr:BatchGetImage",
  "athena:GetQueryResults",
] as const;

/** Reads of SSM parameter values, denied but on the environment's release-tag parameters. */
export const PARAMETER_READ_ACTIONS = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"] as const;

/** `releaseTagParameters`: ARN pattern of the environment's release-tag parameters, which the refresh reads. */
export function planGuards(state: StateArns, stateKey: string, releaseTagParameters: string): GuardStatement[] {
  return [
    { sid: "DenyDataReads", effect: "Deny", actions: [...DATA_READ_ACTIONS], resources: ["*"] },
    { sid: "DenyParameterReadsButReleaseTags", effect: "Deny", actions: [...PARAMETER_READ_ACTIONS], notResources: [releaseTagParameters] },
    {
      sid: "DenyObjectReadsButOwnState",
      effect: "Deny",
      actions: ["s3:GetObject", "s3:GetObjectVersion"],
      notResources: [folderObjects(state, stateKey)],
    },
    {
      sid: "DenyItemReadsButLockTable",
      effect: "Deny",
      actions: [...ITEM_READ_ACTIONS],
      ...(state.lockTable ? { notResources: [state.lockTable] } : { resources: ["*"] }),
    },
    noAssumeRole(),
  ];
}

/** Item reads of DynamoDB tables: the application's data, the lock table aside. */
export const ITEM_READ_ACTIONS = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:GetRecords", "dynamodb:PartiQLSelect"] as const;

/** Lock and state writes, denied to the pull-request plan whatever its allows say. */
export function pullRequestPlanGuards(): GuardStatement[] {
  return [
    { sid: "DenyLockAndStateWrites", effect: "Deny", actions: ["s3:PutObject", "s3:DeleteObject", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem"], resources: ["*"] },
  ];
}
