import { bootstrap as shippedBootstrap, environments } from "../environments";
import { findByPath, Json, synthBootstrap, SynthesizedStack } from "./support/synth";

/**
 * The deploy roles' escalation guards, judged by evaluating the IAM policy documents the bootstrap
 * stack synthesizes: a request is allowed when an Allow statement matches it and no Deny does
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 * The AWS managed base policy of a role (PowerUserAccess, ReadOnlyAccess) is taken to allow
 * everything: the worst case, so only the role's own statements and guards keep it in.
 */
interface Condition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

interface Statement {
  readonly effect: "Allow" | "Deny";
  readonly actions?: readonly string[];
  readonly not_actions?: readonly string[];
  readonly resources?: readonly string[];
  readonly not_resources?: readonly string[];
  readonly condition?: readonly Condition[];
}

interface Request {
  readonly action: string;
  readonly resource: string;
  /** Condition keys of the request besides aws:RequestedRegion (default: dev's eu-west-1); a key not named is absent. */
  readonly context?: Readonly<Record<string, string>>;
}

function globMatches(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern.split("*").map((part) => part.split("?").map((piece) => piece.replace(/[.+^${}()|[\]\\/]/g, "\\$&")).join(".")).join(".*");
  return new RegExp(`^${source}$`, caseInsensitive ? "i" : "").test(value);
}

/** The condition operators the platform's policies use; a key absent from the request follows IAM's rules for each. */
function conditionHolds(condition: Condition, context: Readonly<Record<string, string>>): boolean {
  const value = context[condition.variable];
  const ifExists = condition.test.endsWith("IfExists");
  const test = condition.test.replace(/IfExists$/, "").replace(/^ForAnyValue:/, "");
  if (test === "Null") return (value === undefined) === (condition.values[0] === "true");
  if (value === undefined) return ifExists || (test.includes("Not") && !condition.test.startsWith("ForAnyValue:"));
  const equal = condition.values.some((expected) => expected === value);
  const like = condition.values.some((expected) => globMatches(expected, value));
  switch (test) {
    case "StringEquals":
    case "ArnEquals":
      return equal;
    case "StringNotEquals":
    case "ArnNotEquals":
      return !equal;
    case "StringLike":
    case "ArnLike":
      return like;
    case "StringNotLike":
    case "ArnNotLike":
      return !like;
    default:
      throw new Error(`condition operator ${condition.test} is not modelled`);
  }
}

function statementMatches(statement: Statement, request: Request): boolean {
  const action = statement.actions
    ? statement.actions.some((pattern) => globMatches(pattern, request.action, true))
    : !(statement.not_actions ?? []).some((pattern) => globMatches(pattern, request.action, true));
  const resource = statement.resources
    ? statement.resources.some((pattern) => globMatches(pattern, request.resource))
    : !(statement.not_resources ?? []).some((pattern) => globMatches(pattern, request.resource));
  return action && resource && (statement.condition ?? []).every((condition) => conditionHolds(condition, { "aws:RequestedRegion": "eu-west-1", ...request.context }));
}

const EVERYTHING: Statement = { effect: "Allow", actions: ["*"], resources: ["*"] };

/** Every statement of the inline policies on a deploy role, and the managed base as EVERYTHING when it has one. */
function policiesOf(stack: SynthesizedStack, rolePath: string): Statement[] {
  const role = findByPath(stack, "aws_iam_role", rolePath);
  if (role.length !== 1) throw new Error(`no single role at ${rolePath}`);
  const roleRef = role[0].ref("id");
  const documents = findByPath(stack, "aws_iam_role_policy", "delivery/")
    .filter((policy) => policy.resource.role === (roleRef as unknown as Json))
    .map((policy) => String(policy.resource.policy).replace(/^\$\{data\.aws_iam_policy_document\.(.*)\.json\}$/, "$1"));
  const data = (stack.json.data as unknown as Record<string, Record<string, { statement: Statement[] }>>).aws_iam_policy_document;
  const statements = documents.flatMap((name) => data[name].statement);
  const attached = findByPath(stack, "aws_iam_role_policy_attachment", "delivery/").some((attachment) => String(attachment.resource.role) === role[0].ref("name"));
  return attached ? [EVERYTHING, ...statements] : statements;
}

function allowed(statements: readonly Statement[], request: Request): boolean {
  const matching = statements.filter((statement) => statementMatches(statement, request));
  return matching.some((statement) => statement.effect === "Allow") && !matching.some((statement) => statement.effect === "Deny");
}

const stack = synthBootstrap(shippedBootstrap, environments);
const IAM = "arn:${data.aws_partition.delivery_partition_4977123C.partition}:iam::${data.aws_caller_identity.delivery_account_F27DC056.account_id}";
const S3 = "arn:${data.aws_partition.delivery_partition_4977123C.partition}:s3:::";
const BOUNDARY = `${IAM}:policy/acme-dev-permissions-boundary`;
const STATE_BUCKET = "acme-terraform-state-123456789012";

describe("GIVEN the apply role of dev", () => {
  const apply = policiesOf(stack, "delivery/dev-apply-role");
  const ownRole = `${IAM}:role/acme-dev-api-task`;

  it.each(["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy"])("THEN %s on its own roles is allowed only with dev's boundary", (action) => {
    const context: Record<string, string> = action === "iam:AttachRolePolicy" ? { "iam:PolicyARN": `${IAM}:policy/acme-dev-api-task` } : {};
    expect(allowed(apply, { action, resource: ownRole, context: { ...context, "iam:PermissionsBoundary": BOUNDARY } })).toBe(true);
    expect(allowed(apply, { action, resource: ownRole, context })).toBe(false);
    expect(allowed(apply, { action, resource: ownRole, context: { ...context, "iam:PermissionsBoundary": `${IAM}:policy/acme-prod-permissions-boundary` } })).toBe(false);
  });

  it("THEN it may pass its roles to no service that could act with them on IAM (AWS Budgets actions apply IAM policies)", () => {
    const pass = (service: string) => allowed(apply, { action: "iam:PassRole", resource: ownRole, context: { "iam:PassedToService": service } });
    expect(pass("ecs-tasks.amazonaws.com")).toBe(true);
    for (const service of ["budgets.amazonaws.com", "lambda.amazonaws.com", "ec2.amazonaws.com", "cloudformation.amazonaws.com"]) expect(pass(service)).toBe(false);
  });

  it("THEN it may not remove a boundary, nor change the boundary policy", () => {
    expect(allowed(apply, { action: "iam:DeleteRolePermissionsBoundary", resource: ownRole })).toBe(false);
    expect(allowed(apply, { action: "iam:CreatePolicyVersion", resource: BOUNDARY })).toBe(false);
  });

  it("THEN it may assume no role, its own account's or another's", () => {
    for (const action of ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"]) {
      expect(allowed(apply, { action, resource: `${IAM}:role/acme-dev-api-task` })).toBe(false);
      expect(allowed(apply, { action, resource: "arn:aws:iam::999999999999:role/OrganizationAccountAccessRole" })).toBe(false);
    }
  });

  it("THEN it may write its own state and buckets, never another environment's", () => {
    expect(allowed(apply, { action: "s3:PutObject", resource: `${S3}${STATE_BUCKET}/acme/dev/terraform.tfstate` })).toBe(true);
    expect(allowed(apply, { action: "s3:PutObject", resource: `${S3}acme-dev-frontend/index.html` })).toBe(true);
    expect(allowed(apply, { action: "s3:PutObject", resource: `${S3}acme-prod-frontend/index.html` })).toBe(false);
    expect(allowed(apply, { action: "s3:PutObject", resource: `${S3}${STATE_BUCKET}/acme/prod/terraform.tfstate` })).toBe(false);
    expect(allowed(apply, { action: "s3:DeleteBucketPolicy", resource: `${S3}${STATE_BUCKET}` })).toBe(false);
  });

  it("THEN it works in dev's region only, and never on a resource tagged for another environment", () => {
    const instance = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0";
    expect(allowed(apply, { action: "ec2:RunInstances", resource: instance })).toBe(true);
    expect(allowed(apply, { action: "ec2:RunInstances", resource: instance, context: { "aws:RequestedRegion": "us-west-2" } })).toBe(false);
    expect(allowed(apply, { action: "ec2:TerminateInstances", resource: instance, context: { "aws:ResourceTag/Environment": "prod" } })).toBe(false);
  });
});

describe("GIVEN the pull-request plan role of dev", () => {
  const plan = policiesOf(stack, "delivery/dev-plan-pr-role");

  it("THEN it reads its state but no data: no PartiQL select, no database log, no secret", () => {
    expect(allowed(plan, { action: "ec2:DescribeInstances", resource: "*" })).toBe(true);
    expect(allowed(plan, { action: "s3:GetObject", resource: `${S3}${STATE_BUCKET}/acme/dev/terraform.tfstate` })).toBe(true);
    expect(allowed(plan, { action: "dynamodb:PartiQLSelect", resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/acme-dev-orders" })).toBe(false);
    expect(allowed(plan, { action: "rds:DownloadDBLogFilePortion", resource: "arn:aws:rds:eu-west-1:123456789012:db:acme-dev-database" })).toBe(false);
    expect(allowed(plan, { action: "secretsmanager:GetSecretValue", resource: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme-dev-x" })).toBe(false);
  });

  it("THEN it writes neither the lockfile, nor the lock table, nor the state", () => {
    expect(allowed(plan, { action: "s3:PutObject", resource: `${S3}${STATE_BUCKET}/acme/dev/terraform.tfstate.tflock` })).toBe(false);
    expect(allowed(plan, { action: "s3:PutObject", resource: `${S3}${STATE_BUCKET}/acme/dev/terraform.tfstate` })).toBe(false);
    expect(allowed(plan, { action: "dynamodb:PutItem", resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/acme-terraform-locks" })).toBe(false);
  });
});

describe("GIVEN the publish role of dev's api", () => {
  const publish = policiesOf(stack, "delivery/dev-api-publish/role");
  const service = publish.flatMap((statement) => statement.resources ?? []).find((resource) => /:service\/acme-dev\/acme-dev-api$/.test(resource));
  const revision = (family: string) => `${String(service).replace(/:service\/.*$/, "")}:task-definition/${family}:42`;

  it("THEN it rolls out its service only onto a revision of its own task-definition family", () => {
    expect(service).toBeDefined();
    const rollOut = (family: string) => ({ action: "ecs:UpdateService", resource: String(service), context: { "ecs:task-definition": revision(family) } });
    expect(allowed(publish, rollOut("acme-dev-api"))).toBe(true);
    expect(allowed(publish, rollOut("acme-dev-worker"))).toBe(false);
    expect(allowed(publish, { action: "ecs:UpdateService", resource: String(service).replace(/acme-dev-api$/, "acme-dev-worker") })).toBe(false);
  });

  it("THEN it may not change the service's network", () => {
    expect(allowed(publish, { action: "ecs:UpdateService", resource: String(service), context: { "ecs:task-definition": revision("acme-dev-api"), "ecs:auto-assign-public-ip": "ENABLED" } })).toBe(false);
  });
});

describe("GIVEN prod promoting staging's images (registry.promoteFrom), the publish role of prod's api", () => {
  const promoting = environments.map((environment) => (environment.environment === "prod" ? { ...environment, registry: { promoteFrom: "staging" } } : environment));
  const publish = policiesOf(synthBootstrap(shippedBootstrap, promoting), "delivery/prod-api-publish/role");
  const repository = (name: string) => `arn:\${data.aws_partition.delivery_partition_4977123C.partition}:ecr:eu-west-1:\${data.aws_caller_identity.delivery_account_F27DC056.account_id}:repository/${name}`;
  const WRITES = ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:BatchDeleteImage", "ecr:SetRepositoryPolicy", "ecr:DeleteRepository", "ecr:PutLifecyclePolicy"];

  it("THEN it may pull staging's image of the service", () => {
    for (const action of ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]) {
      expect(allowed(publish, { action, resource: repository("acme-staging/api") })).toBe(true);
    }
  });

  it.each(WRITES)("THEN %s on staging's repository is refused: it never pushes into the source", (action) => {
    expect(allowed(publish, { action, resource: repository("acme-staging/api") })).toBe(false);
  });

  it("THEN it pushes into its own repository only, and pulls no other service's or environment's", () => {
    expect(allowed(publish, { action: "ecr:PutImage", resource: repository("acme-prod/api") })).toBe(true);
    expect(allowed(publish, { action: "ecr:BatchGetImage", resource: repository("acme-staging/worker") })).toBe(false);
    expect(allowed(publish, { action: "ecr:BatchGetImage", resource: repository("acme-dev/api") })).toBe(false);
  });

  it("THEN without promotion it may not read staging's repository at all", () => {
    const building = policiesOf(stack, "delivery/prod-api-publish/role");
    expect(allowed(building, { action: "ecr:BatchGetImage", resource: repository("acme-staging/api") })).toBe(false);
  });
});
