import { Finding, isTrue, PolicyRule, ResourceView, show } from "../../../core/policy-rule";
import { attachedTo, secureBucketFix } from "./helpers";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

/** PLAT-S3-2: every bucket has all four public access block settings on. */
export const s3PublicAccessBlock: PolicyRule = {
  id: "PLAT-S3-2",
  description: "S3 buckets block all public access",
  rationale: "One public ACL or bucket policy statement must not be enough to publish a bucket's objects.",
  resourceTypes: ["aws_s3_bucket"],
  errorIn: ["production", "staging", "development"],
  warnIn: [],
  controls: {
    securityHub: "S3.8",
    cis: "2.1.4",
    checkov: "CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56, CKV2_AWS_6",
  },
  check: (bucket, stack) => {
    const blocks = attachedTo(stack, "aws_s3_bucket_public_access_block", bucket, "bucket");
    if (blocks.length === 0) return [finding("no aws_s3_bucket_public_access_block references the bucket")];
    const problems = blocks.map(flagsProblem);
    return problems.some((problem) => problem === undefined) ? [] : problems.map((problem) => finding(String(problem)));
  },
};

/** The flags of a public access block that are not true, or undefined when all four are. */
function flagsProblem(publicAccessBlock: ResourceView): string | undefined {
  const off = FLAGS.filter((flag) => !isTrue(publicAccessBlock.attributes[flag]));
  if (off.length === 0) return undefined;
  return `${publicAccessBlock.address} has ${off.map((flag) => `${flag} ${show(publicAccessBlock.attributes[flag])}`).join(", ")}`;
}

function finding(problem: string): Finding {
  return {
    problem,
    requirement: "buckets must block all public access (all four public access block settings true)",
    fix: secureBucketFix(`an aws_s3_bucket_public_access_block with ${FLAGS.join(", ")} all true`),
  };
}
