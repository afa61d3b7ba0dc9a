import { block, Finding, PolicyRule, ResourceView, show } from "../../../core/policy-rule";
import { attachedTo } from "./helpers";

/** PLAT-S3-3: buckets keep object versions. */
export const s3Versioning: PolicyRule = {
  id: "PLAT-S3-3",
  description: "S3 buckets have versioning enabled",
  rationale: "Versions let an overwritten or deleted object be recovered after a mistake or an attack.",
  resourceTypes: ["aws_s3_bucket"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "S3.14", checkov: "CKV_AWS_21" },
  check: (bucket, stack) => {
    const versionings = attachedTo(stack, "aws_s3_bucket_versioning", bucket, "bucket");
    if (versionings.length === 0) return [finding("no aws_s3_bucket_versioning references the bucket")];
    const problems = versionings.map(statusProblem);
    return problems.some((problem) => problem === undefined) ? [] : problems.map((problem) => finding(String(problem)));
  },
};

function statusProblem(versioning: ResourceView): string | undefined {
  const status = block(versioning.attributes.versioning_configuration).status;
  return status === "Enabled" ? undefined : `${versioning.address} has versioning_configuration.status ${show(status)}`;
}

function finding(problem: string): Finding {
  return {
    problem,
    requirement: "buckets must have versioning enabled",
    fix:
      "set versioning: true on the SecureBucket that makes the bucket (with noncurrentVersionExpirationDays to bound the cost); " +
      'a bucket made otherwise needs an aws_s3_bucket_versioning with versioning_configuration.status "Enabled"',
  };
}
