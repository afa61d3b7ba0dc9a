/**
 * How a deploy role is made, wherever it lives: its trust (GitHub OIDC, or a role of the state
 * account), an AWS managed job-function policy, its own allows and the denies that narrow both.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { permissionsBoundaryArn, policyDocument, PolicyStatement } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";
import { suppressPolicy } from "../guardrails/suppressions";
import { APPLY_BASE_POLICY, applyGuards, applyIamStatements, ApplyScope } from "./apply-permissions";
import { githubTrustPolicy } from "./github-oidc";
import { guardDocument, GuardStatement } from "./guard-document";
import { PLAN_BASE_POLICY, planGuards, pullRequestPlanGuards } from "./plan-permissions";
import { StateArns } from "./state-access";

/** Apply may create an RDS instance or cluster (up to about an hour); plan and publish take minutes. */
export const APPLY_SESSION_SECONDS = 7200;
export const SESSION_SECONDS = 3600;

/** The three deploy roles of an environment: the pull request's plan, the main branch's plan, the apply. */
export const DEPLOY_PURPOSES = ["plan-pr", "plan", "apply"] as const;
export type DeployPurpose = (typeof DEPLOY_PURPOSES)[number];

export interface Grants {
  /** An AWS managed job-function policy. Default: none. */
  readonly managedPolicy?: string;
  readonly statements: readonly PolicyStatement[];
  readonly guards: readonly GuardStatement[];
}

/** One environment, as the permissions of its deploy roles see it. */
export interface DeployScope extends ApplyScope {
  readonly project: string;
  /** The environment's region, where its release-tag parameters are. */
  readonly region: string;
}

/** `<project>-<env>-github-<purpose>`: the apply role's guards keep every `-github-` role out of its reach. */
export function deployRoleName(project: string, environment: string, purpose: DeployPurpose): string {
  return awsName([project, environment, "github", purpose], NAME_LIMITS.iamRole);
}

export function roleArn(partition: string, accountId: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:role/${name}`;
}

export function boundaryOf(scope: Pick<DeployScope, "partition" | "accountId" | "namePrefix">): string {
  return permissionsBoundaryArn(scope);
}

/** The environment's release-tag parameters (`imageTagParameterName`: "/<project>/<env>/<service>/image-tag"). */
function releaseTagParameters(scope: DeployScope): string {
  return `arn:${scope.partition}:ssm:${scope.region}:${scope.accountId}:parameter/${scope.project}/${scope.environment}/*/image-tag`;
}

/** What a plan does in the environment's account: read configuration, never data, assume nothing. */
export function planWork(scope: DeployScope, pullRequest: boolean): Grants {
  return {
    managedPolicy: PLAN_BASE_POLICY,
    statements: [],
    guards: [...planGuards(scope.state, scope.stateKey, releaseTagParameters(scope)), ...(pullRequest ? pullRequestPlanGuards() : [])],
  };
}

/** What an apply does in the environment's account: PowerUserAccess, narrowed. */
export function applyWork(scope: DeployScope): Grants {
  return { managedPolicy: APPLY_BASE_POLICY, statements: applyIamStatements(scope), guards: applyGuards(scope) };
}

/** Adds allows (state access, the hop into another account) to a grant. */
export function withStatements(grants: Grants, statements: readonly PolicyStatement[]): Grants {
  return { ...grants, statements: [...statements, ...grants.statements] };
}

export interface RoleSpec {
  readonly name: string;
  readonly description: string;
  readonly sessionSeconds: number;
  /** GitHub OIDC: the provider and the exact subjects. */
  readonly github?: { readonly providerArn: string; readonly subjects: readonly string[] };
  /** Or roles (of the state account) that may assume it, by exact ARN. */
  readonly assumedBy?: readonly string[];
}

export function deployRole(scope: Construct, id: string, spec: RoleSpec): IamRole {
  const role = new IamRole(scope, `${id}-role`, {
    name: spec.name,
    description: spec.description,
    assumeRolePolicy: trustOf(scope, id, spec),
    maxSessionDuration: spec.sessionSeconds,
  });
  suppressPolicy(role, "PLAT-IAM-1", DEPLOY_ROLE_UNBOUNDED);
  return role;
}

/** Why the bootstrap's roles carry no boundary: they are what the boundary is enforced by. */
export const DEPLOY_ROLE_UNBOUNDED =
  "a deploy role of the bootstrap, which owns the environment's boundary; its guards (explicit denies) bound it, and no deploy role may change it";

function trustOf(scope: Construct, id: string, spec: RoleSpec): string {
  if (spec.github) return githubTrustPolicy(scope, `${id}-trust`, spec.github.providerArn, spec.github.subjects).json;
  const principals = spec.assumedBy ?? [];
  if (principals.length === 0) throw new Error(`${id}: a deploy role needs GitHub subjects or roles that assume it`);
  return policyDocument(scope, `${id}-trust`, [
    { sid: "StateAccountDeployRole", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: [...principals] }] },
  ]).json;
}

/** The managed policy, the role's own allows, and the denies that narrow both. */
export function grant(scope: Construct, role: IamRole, id: string, partition: string, grants: Grants): void {
  if (grants.managedPolicy) {
    new IamRolePolicyAttachment(scope, `${id}-base-policy`, { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/${grants.managedPolicy}` });
  }
  if (grants.statements.length > 0) {
    new IamRolePolicy(scope, `${id}-policy`, {
      name: "state-and-own-resources",
      role: role.id,
      policy: policyDocument(scope, `${id}-policy-document`, grants.statements).json,
    });
  }
  if (grants.guards.length > 0) {
    new IamRolePolicy(scope, `${id}-guards`, { name: "guards", role: role.id, policy: guardDocument(scope, `${id}-guards-document`, grants.guards).json });
  }
}

/** The hop of a state-account role into its namesake in the environment's account, and nothing else there. */
export function assumeStatement(targetArn: string): PolicyStatement {
  return { sid: "AssumeEnvironmentAccountRole", actions: ["sts:AssumeRole"], resources: [targetArn] };
}

export type { StateArns };
