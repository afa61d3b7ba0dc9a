import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Construct } from "constructs";
import { PolicyCondition } from "../core/iam";

/**
 * A statement `policyDocument` (core/iam.ts) cannot express: a federated principal (trust policies
 * for OIDC), or NotAction / NotResource (the deny guards). Everything else goes through
 * `policyDocument`; should core gain these fields, this file goes.
 */
export interface GuardStatement {
  readonly sid: string;
  readonly effect: "Allow" | "Deny";
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  readonly federatedPrincipal?: string;
  readonly conditions?: readonly PolicyCondition[];
}

/** A policy document rendered by Terraform (data.aws_iam_policy_document); no AWS call is made. */
export function guardDocument(scope: Construct, id: string, statements: readonly GuardStatement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, { statement: statements.map(renderStatement) });
}

function renderStatement(statement: GuardStatement) {
  return {
    sid: statement.sid,
    effect: statement.effect,
    actions: copy(statement.actions),
    notActions: copy(statement.notActions),
    resources: copy(statement.resources),
    notResources: copy(statement.notResources),
    principals: statement.federatedPrincipal ? [{ type: "Federated", identifiers: [statement.federatedPrincipal] }] : undefined,
    condition: statement.conditions?.map((condition) => ({
      test: condition.test,
      variable: condition.variable,
      values: [...condition.values],
    })),
  };
}

function copy(values: readonly string[] | undefined): string[] | undefined {
  return values ? [...values] : undefined;
}
