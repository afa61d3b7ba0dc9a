import { Finding, PolicyRule, ResourceView, StackView } from "../../rule";
import { attachedTo, blocks, secureBucketFix, strings } from "./helpers";

/** A policy statement, read from a policy document data source or from policy JSON. */
interface Statement {
  readonly effect: string;
  readonly principals: readonly { readonly type: string; readonly identifiers: readonly string[] }[];
  readonly conditions: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

const DOCUMENT_REFERENCE = /^\$\{(data\.aws_iam_policy_document\.[^.}]+)\.json\}$/;

/** PLAT-S3-1: bucket policies refuse requests that are not made over TLS. */
export const s3TlsOnly: PolicyRule = {
  id: "PLAT-S3-1",
  description: "S3 bucket policies deny requests not made over TLS",
  rationale: "Without an explicit deny, S3 serves plain-HTTP requests, exposing objects and credentials on the wire.",
  resourceTypes: ["aws_s3_bucket"],
  errorIn: ["production", "staging", "development"],
  warnIn: [],
  controls: { securityHub: "S3.5", cis: "2.1.1", checkov: "CKV_AWS_379" },
  check: (bucket, stack) => {
    const policies = attachedTo(stack, "aws_s3_bucket_policy", bucket, "bucket");
    if (policies.length === 0) return [finding("no aws_s3_bucket_policy references the bucket")];
    const problems = policies.map((policy) => policyProblem(policy, stack));
    return problems.some((problem) => problem === undefined) ? [] : problems.map((problem) => finding(String(problem)));
  },
};

function policyProblem(policy: ResourceView, stack: StackView): string | undefined {
  const statements = statementsOf(policy.attributes.policy, stack);
  if (!statements) return `the policy of ${policy.address} is neither a data.aws_iam_policy_document reference nor JSON`;
  if (statements.some(deniesInsecureTransport)) return undefined;
  return `the policy of ${policy.address} has no Deny for all principals when Bool aws:SecureTransport is "false"`;
}

function deniesInsecureTransport(statement: Statement): boolean {
  return (
    statement.effect === "Deny" &&
    statement.principals.some(({ type, identifiers }) => (type === "*" || type === "AWS") && identifiers.includes("*")) &&
    statement.conditions.some(
      ({ test, variable, values }) => test === "Bool" && variable === "aws:SecureTransport" && values.includes("false"),
    )
  );
}

/** The statements of a policy argument, or undefined when it cannot be read at synth. */
function statementsOf(policy: unknown, stack: StackView): readonly Statement[] | undefined {
  if (typeof policy !== "string") return undefined;
  const reference = DOCUMENT_REFERENCE.exec(policy);
  return reference ? documentStatements(stack.dataSource(reference[1]), stack) : jsonStatements(policy);
}

/** A policy document's own statements and those of the documents it merges. */
function documentStatements(document: ResourceView | undefined, stack: StackView): readonly Statement[] | undefined {
  if (!document) return undefined;
  const { statement, source_policy_documents: sources, override_policy_documents: overrides } = document.attributes;
  const merged = [...strings(sources), ...strings(overrides)].flatMap((source) => statementsOf(source, stack) ?? []);
  return [...blocks(statement).map(fromDocument), ...merged];
}

function fromDocument(statement: Readonly<Record<string, unknown>>): Statement {
  return {
    effect: String(statement.effect ?? "Allow"),
    principals: blocks(statement.principals).map((principal) => ({
      type: String(principal.type),
      identifiers: strings(principal.identifiers),
    })),
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
    effect: String(statement.Effect),
    principals:
      principal === "*"
        ? [{ type: "*", identifiers: ["*"] }]
        : Object.entries(blocks(principal)[0] ?? {}).map(([type, identifiers]) => ({ type, identifiers: strings(identifiers) })),
    conditions: Object.entries(blocks(statement.Condition)[0] ?? {}).flatMap(([test, byVariable]) =>
      Object.entries(blocks(byVariable)[0] ?? {}).map(([variable, values]) => ({ test, variable, values: strings(values) })),
    ),
  };
}

function finding(problem: string): Finding {
  return {
    problem,
    requirement: "buckets must deny every request not made over TLS",
    fix: secureBucketFix(
      'an aws_s3_bucket_policy with a statement denying s3:* to all principals when Bool aws:SecureTransport is "false"',
    ),
  };
}
