import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
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
