import { STEP_FUNCTIONS_LOG_DELIVERY_ACTIONS } from "../../../core/iam";
import { block, isSet, PolicyRule, ResourceView, StackView } from "../../../core/policy-rule";
import { ALL_TIERS, mentions } from "../apply/shared";
import { policyStatements, Statement, trustedServices } from "../policy-documents";
import { blocks, strings } from "../storage/helpers";

/** The services whose roles start a job: EventBridge Scheduler, and the Step Functions guard that skips a run while one runs. */
const JOB_STARTERS = ["scheduler.amazonaws.com", "states.amazonaws.com"];
const TASK_DEFINITION_ARN = /^arn:[^:]+:ecs:[^:]+:[^:]+:task-definition\/([A-Za-z0-9_-]+)(?::(?:\*|\d+))?$/;
const TASK_DEFINITION_REFERENCE = /^\$\{(aws_ecs_task_definition\.[^.}]+)\.(?:arn|arn_without_revision)\}$/;
const STATE_MACHINE_REFERENCE = /^\$\{(aws_sfn_state_machine\.[^.}]+)\.(?:arn|id)\}$/;
const DEAD_LETTER_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];

/**
 * PLAT-JOB-1: the roles EventBridge Scheduler and Step Functions use to start a job may start that
 * job and nothing else: `ecs:RunTask` on one task-definition family of the stack, `iam:PassRole`
 * on that family's task and execution roles only, `states:StartExecution` on the stack's state
 * machines, `sqs:SendMessage` (and the key's data-key actions) on the dead-letter queue of the
 * schedules that use the role, `ecs:ListTasks` in one cluster, and for Step Functions its log
 * delivery actions; no wildcard action, no NotAction or NotResource, no managed policy. A role that
 * may pass any role to ECS is a way to every permission of every task role in the account.
 * Scheduler's execution role: https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role;
 * ECS task roles and PassRole: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html.
 */
export const jobRoleLeastPrivilege: PolicyRule = {
  id: "PLAT-JOB-1",
  description: "Roles that start jobs may run one task-definition family and pass only its two roles",
  rationale: "Scheduler and Step Functions act with these roles unattended: wider grants let a changed schedule run any task, or pass any role, in the account.",
  resourceTypes: ["aws_iam_role"],
  errorIn: ALL_TIERS,
  warnIn: [],
  controls: { cdkNag: "AwsSolutions-IAM5" },
  reference: "https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role",
  check: (role, stack) => {
    if (!trustedServices(role, stack).some((service) => JOB_STARTERS.includes(service))) return [];
    return roleFindings(role, stack).map((problem) => ({
      problem,
      requirement: "roles that start a job must be able to start that job and nothing else",
      fix: "jobs get such roles from the platform (modules/job); a role made otherwise must grant only what this rule lists",
    }));
  },
};

/** What the role can do beyond starting its job, one line each. */
function roleFindings(role: ResourceView, stack: StackView): string[] {
  const attached = [
    ...stack.referencing("aws_iam_role_policy_attachment", role.address).filter((attachment) => mentions(attachment.attributes.role, role.address)),
  ].map((attachment) => `${attachment.address} attaches the managed policy ${JSON.stringify(attachment.attributes.policy_arn)}`);
  const managed = strings(role.attributes.managed_policy_arns).map((arn) => `managed_policy_arns holds ${JSON.stringify(arn)}`);
  const documents = [
    ...stack.referencing("aws_iam_role_policy", role.address).filter((policy) => mentions(policy.attributes.role, role.address)).map((policy) => ({ where: policy.address, policy: policy.attributes.policy })),
    ...blocks(role.attributes.inline_policy).map((inline) => ({ where: `inline_policy ${JSON.stringify(inline.name)}`, policy: inline.policy })),
  ];
  const statements: Statement[] = [];
  const unreadable: string[] = [];
  for (const { where, policy } of documents) {
    const read = policyStatements(policy, stack);
    if (read) statements.push(...read.filter((statement) => statement.effect === "Allow"));
    else unreadable.push(`the policy of ${where} cannot be read at synth`);
  }
  return [...attached, ...managed, ...unreadable, ...statementFindings(role, statements, stack)];
}

function statementFindings(role: ResourceView, statements: readonly Statement[], stack: StackView): string[] {
  const families = new Set(statements.filter((statement) => statement.actions.includes("ecs:RunTask")).flatMap((statement) => statement.resources.map((resource) => familyOf(resource, stack) ?? "")));
  const findings: string[] = [];
  if (families.size > 1) findings.push(`ecs:RunTask is allowed on ${families.size} task-definition families (${[...families].map((family) => family || "?").join(", ")}), not one`);
  const family = families.size === 1 ? [...families][0] : undefined;
  const allowed = allowedResources(role, family, stack);
  for (const statement of statements) {
    if (statement.notActions.length > 0) findings.push(`a statement allows NotAction ${JSON.stringify(statement.notActions)}`);
    if (statement.notResources.length > 0) findings.push(`a statement allows NotResource ${JSON.stringify(statement.notResources)}`);
    for (const action of statement.actions) findings.push(...actionFindings(action, statement, allowed, role, stack));
  }
  return findings;
}

interface Allowed {
  readonly family?: string;
  readonly passRoles: readonly string[];
  readonly deadLetterQueues: readonly string[];
  readonly deadLetterKeys: readonly string[];
}

/** What the role may name: its family's two roles, and the dead-letter queues (with their keys) of the schedules that use it. */
function allowedResources(role: ResourceView, family: string | undefined, stack: StackView): Allowed {
  const taskDefinitions = stack.ofType("aws_ecs_task_definition").filter((definition) => family !== undefined && definition.attributes.family === family);
  const passRoles = taskDefinitions.flatMap((definition) => [definition.attributes.task_role_arn, definition.attributes.execution_role_arn]).filter(isSet).map(String);
  const schedules = stack.referencing("aws_scheduler_schedule", role.address).filter((schedule) => mentions(block(schedule.attributes.target).role_arn, role.address));
  const deadLetterArns = schedules.map((schedule) => String(block(block(schedule.attributes.target).dead_letter_config).arn ?? "")).filter((arn) => arn !== "");
  const queues = stack.ofType("aws_sqs_queue").filter((queue) => deadLetterArns.some((arn) => mentions(arn, queue.address)));
  return {
    family,
    passRoles,
    deadLetterQueues: deadLetterArns,
    deadLetterKeys: queues.map((queue) => queue.attributes.kms_master_key_id).filter(isSet).map(String),
  };
}

function actionFindings(action: string, statement: Statement, allowed: Allowed, role: ResourceView, stack: StackView): string[] {
  const outside = (permitted: readonly string[]) => statement.resources.filter((resource) => !permitted.includes(resource));
  const named = (resources: readonly string[], what: string) => (resources.length === 0 ? [] : [`${action} is allowed on ${JSON.stringify(resources)}, ${what}`]);
  if (action.includes("*")) return [`the action pattern ${JSON.stringify(action)} is allowed`];
  switch (action) {
    case "ecs:RunTask":
      return named(
        statement.resources.filter((resource) => allowed.family === undefined || familyOf(resource, stack) !== allowed.family),
        allowed.family === undefined ? "which names no task-definition family of this stack" : `not only the family ${allowed.family}`,
      );
    case "iam:PassRole":
      return named(outside(allowed.passRoles), allowed.family === undefined ? "but the role runs no task definition of this stack" : `not only the task and execution roles of ${allowed.family}`);
    case "states:StartExecution":
      return named(statement.resources.filter((resource) => !isStateMachineOf(resource, stack)), "not only state machines of this stack");
    case "sqs:SendMessage":
      return named(outside(allowed.deadLetterQueues), "not only the dead-letter queue of its schedules");
    case "ecs:ListTasks":
      return statement.conditions.some((condition) => condition.variable === "ecs:cluster") ? [] : ["ecs:ListTasks is allowed without an ecs:cluster condition"];
  }
  if (DEAD_LETTER_KEY_ACTIONS.includes(action)) return named(outside(allowed.deadLetterKeys), "not only the key of its dead-letter queue");
  if (STEP_FUNCTIONS_LOG_DELIVERY_ACTIONS.includes(action) && trustedServices(role, stack).includes("states.amazonaws.com")) return [];
  return [`${action} is allowed, which starting a job does not need`];
}

/** The task-definition family an ARN or reference names, when it is one of this stack's. */
function familyOf(resource: string, stack: StackView): string | undefined {
  const reference = TASK_DEFINITION_REFERENCE.exec(resource)?.[1];
  const families = stack.ofType("aws_ecs_task_definition");
  if (reference) return families.find((definition) => definition.address === reference)?.attributes.family as string | undefined;
  const family = TASK_DEFINITION_ARN.exec(resource)?.[1];
  return families.some((definition) => definition.attributes.family === family) ? family : undefined;
}

function isStateMachineOf(resource: string, stack: StackView): boolean {
  const reference = STATE_MACHINE_REFERENCE.exec(resource)?.[1];
  return reference !== undefined && stack.ofType("aws_sfn_state_machine").some((machine) => machine.address === reference);
}
