import { isSet } from "../../core/policy-rule";

const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

/**
 * A KMS key argument that names a customer managed key: set, and not an AWS managed alias such as
 * `alias/aws/rds`. A reference (`${aws_kms_key.x.arn}`) counts: synth cannot see the real ARN.
 */
export function isCustomerKey(value: unknown): boolean {
  return isSet(value) && !AWS_MANAGED_ALIAS.test(String(value));
}
