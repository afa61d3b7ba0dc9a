import { PolicyRule, unless } from "../../../core/policy-rule";
import { attachedTo, secureBucketFix } from "./helpers";

/** PLAT-S3-4: buckets have a default encryption configuration of their own. */
export const s3DefaultEncryption: PolicyRule = {
  id: "PLAT-S3-4",
  description: "S3 buckets have a default server-side encryption configuration",
  rationale: "The encryption of a bucket's objects should be stated in code, not left to the account's defaults.",
  resourceTypes: ["aws_s3_bucket"],
  errorIn: ["production", "staging", "development"],
  warnIn: [],
  controls: { checkov: "CKV_AWS_19" },
  check: (bucket, stack) =>
    unless(attachedTo(stack, "aws_s3_bucket_server_side_encryption_configuration", bucket, "bucket").length > 0, {
      problem: "no aws_s3_bucket_server_side_encryption_configuration references the bucket",
      requirement: "buckets must have a default encryption configuration",
      fix: secureBucketFix("an aws_s3_bucket_server_side_encryption_configuration"),
    }),
};
