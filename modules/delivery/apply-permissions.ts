/**
 * What an environment's apply role may do, written down. The environment's Terraform creates
 * resources of some twenty services, so the role starts from AWS's PowerUserAccess (everything
 * except IAM, Organizations and Account management) and is then narrowed:
 *
 * - IAM only for roles and policies named `<project>-<env>-*` (every role the platform creates is
 *   named so), and iam:PassRole only for those roles and only to the services that use them;
 * - never the deploy roles themselves (`<project>-<env>-github-*`), so an apply cannot widen its own
 *   permissions or the trust of its roles;
 * - nothing outside the environment's region and the state's region, except the global services;
 * - nothing on a resource tagged with another Environment, and no resource tagged as another
 *   environment's (every resource carries the provider's default Environment tag);
 * - of the state bucket and lock table, only its own state objects and lock entries.
 *
 * What remains broad, deliberately: any non-IAM action on untagged or own resources in the region,
 * and inline policies on `<project>-<env>-*` roles (which IAM cannot constrain by content). The
 * gate on that is the GitHub environment (required reviewers, main branch only), the one subject
 * the role trusts. Separate accounts per environment remain the stronger boundary.
 */
import { PolicyStatement } from "../core/iam";
import { GuardStatement } from "./guard-document";
import { folderObjects, ownLockIds, StateArns } from "./state-access";

/** AWS managed job-function policy the apply role starts from. */
export const APPLY_BASE_POLICY = "PowerUserAccess";

/** The tag the provider's default tags put on every resource (core/platform-stack.ts). */
export const ENVIRONMENT_TAG = "Environment";

/**
 * Services without regions, exempt from the region guard: their calls carry us-east-1 (or no
 * region) whatever the environment's region. Chatbot's API is served from a few regions only.
 */
export const GLOBAL_ACTIONS = [
  "iam:*",
  "sts:*",
  "organizations:*",
  "account:*",
  "support:*",
  "health:*",
  "trustedadvisor:*",
  "budgets:*",
  "ce:*",
  "cur:*",
  "pricing:*",
  "cloudfront:*",
  "route53:*",
  "route53domains:*",
  "globalaccelerator:*",
  "shield:*",
  "waf:*",
  "chatbot:*",
  "s3:ListAllMyBuckets",
  "s3:GetAccountPublicAccessBlock",
  "ec2:DescribeRegions",
] as const;

/**
 * What CloudFront needs in us-east-1 whatever the environment's region: its certificates (ACM),
 * web ACLs of scope CLOUDFRONT (WAFv2) and their log groups (CloudWatch Logs). These services may
 * be called in us-east-1 besides the environment's own regions.
 */
export const CLOUDFRONT_REGION_ACTIONS = ["acm:*", "wafv2:*", "logs:*"] as const;
export const CLOUDFRONT_REGION = "us-east-1";

/** IAM actions on the environment's own roles; iam:PassRole is granted separately. */
const ROLE_ACTIONS = [
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:GetRole",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:UpdateAssumeRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:ListRoleTags",
  "iam:PutRolePolicy",
  "iam:GetRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:ListRolePolicies",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
] as const;

/** AWS managed policies the environment's stack attaches to its own roles. */
const ATTACHABLE_AWS_POLICIES = ["service-role/AmazonRDSEnhancedMonitoringRole", "CloudWatchReadOnlyAccess"] as const;

/** IAM actions on the environment's own customer managed policies. */
const POLICY_ACTIONS = [
  "iam:CreatePolicy",
  "iam:DeletePolicy",
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
  "iam:ListPolicyVersions",
  "iam:CreatePolicyVersion",
  "iam:DeletePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:TagPolicy",
  "iam:UntagPolicy",
  "iam:ListPolicyTags",
] as const;

/** Names and places of one environment, as its apply role sees them. */
export interface ApplyScope {
  /** "<project>-<env>", the prefix of every name the environment's resources carry. */
  readonly namePrefix: string;
  readonly environment: string;
  readonly accountId: string;
  readonly partition: string;
  /** The environment's region and the state's, the only regions (besides global services) it may call. */
  readonly regions: readonly string[];
  readonly state: StateArns;
  /** The environment's state key. */
  readonly stateKey: string;
  /** Every other state key in the bucket (other environments', the bootstrap stack's). */
  readonly otherStateKeys: readonly string[];
  /**
   * The services the environment's roles are passed to, each by the role's user (task and
   * execution roles to ECS, the enhanced-monitoring role to RDS, ...): each capability declares
   * its own (`passesRolesTo`), the platform collects them (platform/capabilities.ts).
   */
  readonly passedToServices: readonly string[];
}

function iamArn(scope: ApplyScope, kind: "role" | "policy", name: string): string {
  return `arn:${scope.partition}:iam::${scope.accountId}:${kind}/${name}`;
}

/** The deploy roles of an environment (plan, apply, image publishers): `<project>-<env>-github-*`. */
export function deployRolesPattern(scope: Pick<ApplyScope, "namePrefix" | "partition" | "accountId">): string {
  return `arn:${scope.partition}:iam::${scope.accountId}:role/${scope.namePrefix}-github-*`;
}

/** Allows: manage the environment's own roles and policies, and pass its roles to the services that use them. */
export function applyIamStatements(scope: ApplyScope): PolicyStatement[] {
  const ownRoles = iamArn(scope, "role", `${scope.namePrefix}-*`);
  return [
    { sid: "ManageOwnRoles", actions: [...ROLE_ACTIONS], resources: [ownRoles] },
    {
      // Only policies the environment owns and AWS's service-role policies (RDS enhanced monitoring,
      // Chatbot's CloudWatch read-only): attaching AdministratorAccess to a role of its own would
      // lift the apply role out of every guard here. (Inline policies stay possible: the accepted risk above.)
      sid: "AttachOwnAndServicePolicies",
      actions: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
      resources: [ownRoles],
      conditions: [
        {
          test: "ArnLike",
          variable: "iam:PolicyARN",
          values: [iamArn(scope, "policy", `${scope.namePrefix}-*`), ...ATTACHABLE_AWS_POLICIES.map((name) => `arn:${scope.partition}:iam::aws:policy/${name}`)],
        },
      ],
    },
    { sid: "ManageOwnPolicies", actions: [...POLICY_ACTIONS], resources: [iamArn(scope, "policy", `${scope.namePrefix}-*`)] },
    {
      sid: "PassOwnRolesToTheirServices",
      actions: ["iam:PassRole"],
      resources: [ownRoles],
      conditions: [{ test: "StringEquals", variable: "iam:PassedToService", values: [...scope.passedToServices] }],
    },
  ];
}

/** Denies that narrow PowerUserAccess; a deny wins over any allow. */
export function applyGuards(scope: ApplyScope): GuardStatement[] {
  return [...regionGuards(scope), ...environmentTagGuards(scope), deployRolesGuard(scope), ...stateGuards(scope)];
}

function regionGuards(scope: ApplyScope): GuardStatement[] {
  const requested = "aws:RequestedRegion";
  return [
    {
      sid: "DenyOtherRegions",
      effect: "Deny",
      notActions: [...GLOBAL_ACTIONS, ...CLOUDFRONT_REGION_ACTIONS],
      resources: ["*"],
      conditions: [{ test: "StringNotEquals", variable: requested, values: [...scope.regions] }],
    },
    {
      sid: "DenyCloudFrontServicesOutsideUsEast1",
      effect: "Deny",
      actions: [...CLOUDFRONT_REGION_ACTIONS],
      resources: ["*"],
      conditions: [{ test: "StringNotEquals", variable: requested, values: unique([...scope.regions, CLOUDFRONT_REGION]) }],
    },
  ];
}

/**
 * Nothing on another environment's resources, and no resource labelled as another environment's.
 * The `Null ... false` condition limits each deny to requests where the tag is present: untagged
 * resources (and creations without the tag) are not affected. The state bucket and lock table are
 * tagged as the bootstrap stack's and are guarded by `stateGuards` instead.
 */
function environmentTagGuards(scope: ApplyScope): GuardStatement[] {
  const tagged = (key: string) => [
    { test: "StringNotEquals", variable: key, values: [scope.environment] },
    { test: "Null", variable: key, values: ["false"] },
  ];
  const resourceTag = `aws:ResourceTag/${ENVIRONMENT_TAG}`;
  const requestTag = `aws:RequestTag/${ENVIRONMENT_TAG}`;
  return [
    {
      sid: "DenyOtherEnvironmentsResources",
      effect: "Deny",
      actions: ["*"],
      notResources: stateResources(scope),
      conditions: tagged(resourceTag),
    },
    { sid: "DenyTaggingAsOtherEnvironment", effect: "Deny", actions: ["*"], resources: ["*"], conditions: tagged(requestTag) },
  ];
}

function deployRolesGuard(scope: ApplyScope): GuardStatement {
  return {
    sid: "DenyChangingDeployRoles",
    effect: "Deny",
    actions: ["iam:*"],
    resources: [deployRolesPattern(scope)],
  };
}

/**
 * The state bucket and lock table: only object reads and writes and lock items, and of those only
 * the environment's own (the allows in state-access.ts name them; PowerUserAccess would allow the rest).
 */
function stateGuards(scope: ApplyScope): GuardStatement[] {
  const { state } = scope;
  const guards: GuardStatement[] = [
    {
      sid: "DenyStateBucketChanges",
      effect: "Deny",
      notActions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"],
      resources: [state.bucket, `${state.bucket}/*`],
    },
    {
      sid: "DenyLockTableChanges",
      effect: "Deny",
      notActions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable"],
      resources: [state.lockTable],
    },
    {
      sid: "DenyOtherLockEntries",
      effect: "Deny",
      actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      resources: [state.lockTable],
      conditions: [{ test: "ForAnyValue:StringNotEquals", variable: "dynamodb:LeadingKeys", values: ownLockIds(state, scope.stateKey) }],
    },
  ];
  const otherFolders = unique(scope.otherStateKeys.map((key) => folderObjects(state, key)));
  const ownFolder = folderObjects(state, scope.stateKey);
  const foreign = otherFolders.filter((folder) => folder !== ownFolder);
  if (foreign.length > 0) {
    guards.push({ sid: "DenyOtherStates", effect: "Deny", actions: ["s3:*"], resources: foreign });
  }
  return guards;
}

function stateResources(scope: ApplyScope): string[] {
  const key = scope.state.location.kmsKeyArn;
  return [scope.state.bucket, `${scope.state.bucket}/*`, scope.state.lockTable, ...(key ? [key] : [])];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
