import { PolicyRule } from "../../../core/policy-rule";
import { ecrCustomerKey } from "./ecr-customer-key";
import { ecrImmutableTags } from "./ecr-immutable-tags";
import { ecrScanOnPush } from "./ecr-scan-on-push";
import { kmsKeyRotation } from "./kms-key-rotation";
import { logGroupCustomerKey } from "./log-group-customer-key";
import { logRetention } from "./log-retention";
import { s3DefaultEncryption } from "./s3-default-encryption";
import { s3PublicAccessBlock } from "./s3-public-access-block";
import { s3TlsOnly } from "./s3-tls-only";
import { s3Versioning } from "./s3-versioning";
import { securityGroupWorldIngress } from "./security-group-world-ingress";
import { vpcFlowLogs } from "./vpc-flow-logs";

/** Rules for ECR, CloudWatch Logs, S3, security groups, VPCs and KMS. */
export const STORAGE_RULES: readonly PolicyRule[] = [
  logGroupCustomerKey,
  logRetention,
  ecrCustomerKey,
  ecrScanOnPush,
  ecrImmutableTags,
  kmsKeyRotation,
  s3TlsOnly,
  s3PublicAccessBlock,
  s3Versioning,
  s3DefaultEncryption,
  securityGroupWorldIngress,
  vpcFlowLogs,
];
