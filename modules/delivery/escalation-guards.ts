/**
 * What keeps a deploy role inside its environment when it creates roles, changes policies, assumes
 * roles or writes to S3 and Route 53: the paths by which an apply role could otherwise make itself
 * administrator of the account (create a role trusting itself with `*:*`, assume it) or reach
 * another environment's objects and records.
 *
 * - Every role it may create or change carries the environment's permissions boundary (an
 *   `iam:PermissionsBoundary` condition on each action that creates a role or changes its
 *   permissions); the boundary cannot be removed, replaced or edited by a deploy role.
 * - No deploy role assumes any role: Terraform needs none once the job has its credentials.
 * - No S3 call on another environment's buckets (`<project>-<other env>-*`): the tag guard does not
 *   see bucket tags on object actions.
 * - No Route 53 record change outside the environment's own names
 *   (`route53:ChangeResourceRecordSetsNormalizedRecordNames`, lowercase and without the trailing dot:
 *   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html).
 */
import { PolicyCondition } from "../core/iam";
import { GuardStatement } from "./guard-document";

/** Where an environment's roles live, and what is not theirs. */
export interface EscalationScope {
  /** "<project>-<env>". */
  readonly namePrefix: string;
  readonly partition: string;
  readonly accountId: string;
  /** The environment's permissions boundary (core/iam.ts `permissionsBoundaryArn`). */
  readonly boundaryArn: string;
  /** "<project>-<env>" of every other environment, whose buckets are out of reach. */
  readonly otherNamePrefixes: readonly string[];
  /**
   * DNS names (lowercase, no trailing dot) whose records the environment may change, each with its
   * subdomains (certificate validation records, Cloud Map's). Empty: no record change at all.
   */
  readonly recordNames: readonly string[];
  /** The services the environment's roles are passed to (`iam:PassedToService`); no other may receive one. */
  readonly passedToServices: readonly string[];
}

/** Actions that create a role or change what it may do: each only with the boundary attached. */
export const BOUNDED_ROLE_ACTIONS = [
  "iam:CreateRole",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePermissionsBoundary",
] as const;

/** Every way to obtain another role's credentials. */
export const ASSUME_ACTIONS = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML", "sts:GetFederationToken"] as const;

/** The condition an allow of `BOUNDED_ROLE_ACTIONS` carries. */
export function withBoundary(scope: Pick<EscalationScope, "boundaryArn">): PolicyCondition {
  return { test: "StringEquals", variable: "iam:PermissionsBoundary", values: [scope.boundaryArn] };
}

/** Denies for the deploy roles that act in an environment (apply; plan gets the assume deny too). */
export function escalationGuards(scope: EscalationScope): GuardStatement[] {
  return [
    ...boundaryGuards(scope),
    noAssumeRole(),
    passOnlyToOwnServices(scope.passedToServices),
    ...otherBucketsGuard("DenyOtherEnvironmentsBuckets", scope.partition, scope.otherNamePrefixes),
    recordNamesGuard(scope.recordNames),
  ];
}

/**
 * A role passed to another service acts with its permissions there (AWS Budgets actions apply IAM
 * policies, Lambda or EC2 run code): an explicit deny, whatever the base policy allows.
 */
export function passOnlyToOwnServices(passedToServices: readonly string[]): GuardStatement {
  return {
    sid: "DenyPassingRolesToOtherServices",
    effect: "Deny",
    actions: ["iam:PassRole"],
    resources: ["*"],
    conditions: [{ test: "StringNotEquals", variable: "iam:PassedToService", values: [...passedToServices] }],
  };
}

/** The boundary stays on every role that has it, and the boundary policy itself is read-only. */
export function boundaryGuards(scope: EscalationScope): GuardStatement[] {
  return [
    {
      // A deny wins over the allows: whatever else grants these, they still need the boundary.
      sid: "DenyRoleChangesWithoutBoundary",
      effect: "Deny",
      actions: [...BOUNDED_ROLE_ACTIONS],
      resources: ["*"],
      conditions: [{ test: "StringNotEquals", variable: "iam:PermissionsBoundary", values: [scope.boundaryArn] }],
    },
    { sid: "DenyBoundaryRemoval", effect: "Deny", actions: ["iam:DeleteRolePermissionsBoundary"], resources: ["*"] },
    {
      sid: "DenyBoundaryPolicyChanges",
      effect: "Deny",
      notActions: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:ListEntitiesForPolicy", "iam:ListPolicyTags"],
      resources: [scope.boundaryArn],
    },
  ];
}

export function noAssumeRole(): GuardStatement {
  return { sid: "DenyAssumingRoles", effect: "Deny", actions: [...ASSUME_ACTIONS], resources: ["*"] };
}

/** Buckets are named "<project>-<env>-..." (SecureBucket's prefixes): the other environments' are denied, objects included. */
export function otherBucketsGuard(sid: string, partition: string, otherNamePrefixes: readonly string[]): GuardStatement[] {
  if (otherNamePrefixes.length === 0) return [];
  const resources = otherNamePrefixes.flatMap((prefix) => [`arn:${partition}:s3:::${prefix}-*`, `arn:${partition}:s3:::${prefix}-*/*`]);
  return [{ sid, effect: "Deny", actions: ["s3:*"], resources }];
}

/**
 * Deny a change batch that names any record outside the environment's names. StringNotLike with
 * several values is true when the name matches none of them; ForAnyValue makes one such name enough.
 */
function recordNamesGuard(recordNames: readonly string[]): GuardStatement {
  const deny: GuardStatement = { sid: "DenyRecordsOutsideOwnNames", effect: "Deny", actions: ["route53:ChangeResourceRecordSets"], resources: ["*"] };
  if (recordNames.length === 0) return deny;
  const patterns = [...new Set(recordNames.flatMap((name) => [name, `*.${name}`]))];
  return {
    ...deny,
    conditions: [{ test: "ForAnyValue:StringNotLike", variable: "route53:ChangeResourceRecordSetsNormalizedRecordNames", values: patterns }],
  };
}

/** The boundary's own name pattern is inside `<prefix>-*`; the guards above keep it out of the apply role's reach. */
export function normalizedRecordName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}
