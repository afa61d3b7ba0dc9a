import { isSet, ResourceView, show, StackView } from "../../../core/policy-rule";

/**
 * Resources of `type` whose `argument` references `target` (e.g. the aws_s3_bucket_versioning
 * whose `bucket` is "${aws_s3_bucket.x.id}", the aws_flow_log whose `vpc_id` is "${aws_vpc.x.id}").
 */
export function attachedTo(stack: StackView, type: string, target: ResourceView, argument: string): readonly ResourceView[] {
  const reference = `\${${target.address}.`;
  return stack
    .referencing(type, target.address)
    .filter((candidate) => JSON.stringify(candidate.attributes[argument] ?? null).includes(reference));
}

/** Every element of a block list (Terraform JSON writes single blocks as objects or one-element lists). */
export function blocks(value: unknown): readonly Readonly<Record<string, unknown>>[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((item): item is Record<string, unknown> => item !== null && typeof item === "object");
}

/** A list argument as strings (an absent argument is an empty list). */
export function strings(value: unknown): readonly string[] {
  return (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String);
}

/** An AWS managed key (alias/aws/...) is not a customer managed key. */
function isAwsManagedKey(value: unknown): boolean {
  return typeof value === "string" && /(^|:)alias\/aws\//.test(value);
}

/**
 * What is wrong with a KMS key argument that must name a customer managed key, or undefined when
 * it does. A Terraform reference (`${aws_kms_key.x.arn}`) counts as one.
 */
export function customerKeyProblem(argument: string, value: unknown): string | undefined {
  if (!isSet(value)) return `${argument} is not set`;
  if (isAwsManagedKey(value)) return `${argument} is ${show(value)}, an AWS managed key`;
  return undefined;
}

/** The fix of an S3 rule: SecureBucket makes the companion resource; other buckets need their own. */
export function secureBucketFix(otherwise: string): string {
  return `buckets made with SecureBucket get this; a bucket made otherwise needs ${otherwise}`;
}
