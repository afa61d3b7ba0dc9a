/**
 * IAM policies as the rules read them: from a `data.aws_iam_policy_document` reference (with the
 * documents it merges) or from policy JSON, into one statement shape.
 */
import { ResourceView, StackView } from "../../core/policy-rule";
import { blocks, strings } from "./storage/helpers";

export interface Statement {
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly principals: readonly { readonly type: string; readonly identifiers: readonly string[] }[];
  readonly conditions: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

const DOCUMENT_REFERENCE = /^\$\{(data\.aws_iam_policy_document\.[^.}]+)\.json\}$/;

/** The statements of a policy argument, or undefined when it cannot be read at synth. */
export function policyStatements(policy: unknown, stack: StackView): readonly Statement[] | undefined {
  if (typeof policy !== "string") return undefined;
  const reference = DOCUMENT_REFERENCE.exec(policy);
  return reference ? documentStatements(stack.dataSource(reference[1]), stack) : jsonStatements(policy);
}

function documentStatements(document: ResourceView | undefined, stack: StackView): readonly Statement[] | undefined {
  if (!document) return undefined;
  const { statement, source_policy_documents: sources, override_policy_documents: overrides } = document.attributes;
  const merged = [...strings(sources), ...strings(overrides)].map((source) => policyStatements(source, stack));
  if (merged.some((statements) => statements === undefined)) return undefined;
  return [...blocks(statement).map(fromDocument), ...merged.flatMap((statements) => statements ?? [])];
}

function fromDocument(statement: Readonly<Record<string, unknown>>): Statement {
  return {
    effect: statement.effect === "Deny" ? "Deny" : "Allow",
    actions: strings(statement.actions),
    notActions: strings(statement.not_actions),
    resources: strings(statement.resources),
    notResources: strings(statement.not_resources),
    principals: blocks(statement.principals).map((principal) => ({ type: String(principal.type), identifiers: strings(principal.identifiers) })),
    conditions: blocks(statement.condition).map((condition) => ({
      test: String(condition.test),
      variable: String(condition.variable),
      values: strings(condition.values),
    })),
  };
}

function jsonStatements(text: string): readonly Statement[] | undefined {
  try {
    const document: unknown = JSON.parse(text);
    if (document === null || typeof document !== "object") return undefined;
    return blocks((document as Record<string, unknown>).Statement).map(fromJson);
  } catch {
    return undefined;
  }
}

function fromJson(statement: Readonly<Record<string, unknown>>): Statement {
  const principal = statement.Principal;
  return {
    effect: statement.Effect === "Deny" ? "Deny" : "Allow",
    actions: strings(statement.Action),
    notActions: strings(statement.NotAction),
    resources: strings(statement.Resource),
    notResources: strings(statement.NotResource),
    principals:
      principal === "*"
        ? [{ type: "*", identifiers: ["*"] }]
        : Object.entries(blocks(principal)[0] ?? {}).map(([type, identifiers]) => ({ type, identifiers: strings(identifiers) })),
    conditions: Object.entries(blocks(statement.Condition)[0] ?? {}).flatMap(([test, byVariable]) =>
      Object.entries(blocks(byVariable)[0] ?? {}).map(([variable, values]) => ({ test, variable, values: strings(values) })),
    ),
  };
}

/** The AWS services a role's trust policy lets assume it, e.g. ["scheduler.amazonaws.com"]. */
export function trustedServices(role: ResourceView, stack: StackView): readonly string[] {
  const statements = policyStatements(role.attributes.assume_role_policy, stack) ?? [];
  return statements
    .filter((statement) => statement.effect === "Allow")
    .flatMap((statement) => statement.principals.filter((principal) => principal.type === "Service").flatMap((principal) => principal.identifiers));
}
