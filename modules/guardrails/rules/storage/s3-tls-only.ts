import { Finding, PolicyRule, ResourceView, StackView } from "../../../core/policy-rule";
import { policyStatements, Statement } from "../policy-documents";
import { attachedTo, secureBucketFix } from "./helpers";

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
  const statements = policyStatements(policy.attributes.policy, stack);
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

function finding(problem: string): Finding {
  return {
    problem,
    requirement: "buckets must deny every request not made over TLS",
    fix: secureBucketFix(
      'an aws_s3_bucket_policy with a statement denying s3:* to all principals when Bool aws:SecureTransport is "false"',
    ),
  };
}
