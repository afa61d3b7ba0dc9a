/** The static frontend capability: its section, tier defaults and resources. A front door, wired by the environment stack. */
import { defineCapability, TierTable } from "../core/capability";
import { FrontendInput, frontendSchema } from "./schema";

/** PriceClass_100 (North America and Europe) is the cheapest edge class; production serves every edge location. */
const FRONTEND_TIERS = {
  development: { priceClass: "PriceClass_100", waf: { enabled: false, logRetentionInDays: 30 }, logRetentionInDays: 90 },
  staging: { priceClass: "PriceClass_100", waf: { enabled: true, logRetentionInDays: 90 }, logRetentionInDays: 90 },
  production: { priceClass: "PriceClass_All", waf: { enabled: true, logRetentionInDays: 365 }, logRetentionInDays: 365 },
} as const satisfies TierTable<FrontendInput>;

export const frontendCapability = defineCapability({
  key: "frontend",
  section: frontendSchema.optional(),
  summary: "A static frontend (S3 + CloudFront), optionally with the API paths on its domain. Default: none.",
  tierDefaults: FRONTEND_TIERS,
  alarmNames: { names: ["cdn"], prefixes: [] },
  resourceTypes: [
    "aws_acm_certificate",
    "aws_acm_certificate_validation",
    "aws_cloudfront_distribution",
    "aws_cloudfront_function",
    "aws_cloudfront_origin_access_control",
    "aws_cloudfront_response_headers_policy",
    "aws_cloudfront_vpc_origin",
    "aws_cloudwatch_log_delivery",
    "aws_cloudwatch_log_delivery_destination",
    "aws_cloudwatch_log_delivery_source",
    "aws_cloudwatch_log_group",
    "aws_cloudwatch_metric_alarm",
    "aws_kms_alias",
    "aws_kms_key",
    "aws_route53_record",
    "aws_s3_bucket",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_wafv2_web_acl",
    "aws_wafv2_web_acl_logging_configuration",
  ],
  freeResourceTypes: [
    "aws_acm_certificate",
    "aws_acm_certificate_validation",
    "aws_cloudfront_origin_access_control",
    "aws_cloudfront_response_headers_policy",
    "aws_cloudfront_vpc_origin",
    "aws_cloudwatch_log_delivery",
    "aws_cloudwatch_log_delivery_destination",
    "aws_cloudwatch_log_delivery_source",
    "aws_kms_alias",
    "aws_route53_record",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_wafv2_web_acl_logging_configuration",
  ],
  picture: { kind: "front-door", label: "CloudFront" },
});
