import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct } from "constructs";

export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

export interface PolicyPrincipal {
  readonly type: "AWS" | "Service" | "*";
  readonly identifiers: readonly string[];
}

export interface PolicyStatement {
  readonly sid?: string;
  readonly effect?: "Allow" | "Deny";
  readonly actions: readonly string[];
  /** Omitted in trust policies. */
  readonly resources?: readonly string[];
  readonly principals?: readonly PolicyPrincipal[];
  readonly conditions?: readonly PolicyCondition[];
}

/** A policy document rendered by Terraform (data.aws_iam_policy_document); no AWS call is made. */
export function policyDocument(scope: Construct, id: string, statements: readonly PolicyStatement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((statement) => ({
      sid: statement.sid,
      effect: statement.effect ?? "Allow",
      actions: [...statement.actions],
      resources: statement.resources ? [...statement.resources] : undefined,
      principals: statement.principals?.map((principal) => ({
        type: principal.type,
        identifiers: [...principal.identifiers],
      })),
      condition: statement.conditions?.map((condition) => ({
        test: condition.test,
        variable: condition.variable,
        values: [...condition.values],
      })),
    })),
  });
}

/**
 * Trust policy letting an AWS service assume a role on behalf of this account only (and, with
 * `sourceArn`, only for resources matching it): the guard against the confused deputy.
 */
export function serviceTrustPolicy(
  scope: Construct,
  id: string,
  service: string,
  accountId: string,
  sourceArn?: string,
): DataAwsIamPolicyDocument {
  return policyDocument(scope, id, [
    {
      actions: ["sts:AssumeRole"],
      principals: [{ type: "Service", identifiers: [service] }],
      conditions: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
        ...(sourceArn ? [{ test: "ArnLike", variable: "aws:SourceArn", values: [sourceArn] }] : []),
      ],
    },
  ]);
}

/**
 * The permissions boundary every role of an environment carries: a managed policy the bootstrap
 * owns (modules/delivery/boundary.ts), in the environment's account, named after the environment.
 * The deploy roles may create and change the environment's roles only with it attached.
 */
export function permissionsBoundaryName(namePrefix: string): string {
  return `${namePrefix}-permissions-boundary`;
}

export function permissionsBoundaryArn(place: { readonly partition: string; readonly accountId: string; readonly namePrefix: string }): string {
  return `arn:${place.partition}:iam::${place.accountId}:policy/${permissionsBoundaryName(place.namePrefix)}`;
}

/**
 * Gives every IAM role under `scope` the boundary: the one place an environment's roles get it, so
 * that a capability's new role carries it by construction (call once all roles exist; the policy
 * rule PLAT-IAM-1 fails a role that escaped it).
 */
export function boundEveryRole(scope: Construct, boundaryArn: string): void {
  for (const construct of scope.node.findAll()) {
    if (construct instanceof IamRole && construct.permissionsBoundaryInput === undefined) construct.permissionsBoundary = boundaryArn;
  }
}

/**
 * Step Functions' log delivery actions, which have no resource-level permissions (so `*`): the
 * policy AWS documents for a state machine's logging, https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html.
 */
export const STEP_FUNCTIONS_LOG_DELIVERY_ACTIONS: readonly string[] = [
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
];
