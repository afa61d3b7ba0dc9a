/** The static frontend capability: its section, tier defaults and resources. A front door, wired by the environment stack. */
import { defineCapability, resources, TierTable } from "../core/capability";
import { FrontendInput, frontendSchema } from "./schema";
import { WEB_ACL_RESOURCES } from "../waf/web-acl";
import { WEB_ACL_SETTING_KINDS } from "../waf/schema";
import { CERTIFICATE_RESOURCES } from "../core/dns-validated-certificate";
import { SECURE_BUCKET_RESOURCES } from "../core/secure-bucket";
import { FRONTEND_RULES } from "./rules";

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
  logRetentionFields: { waf: "frontend.waf.logRetentionInDays" },
  rules: FRONTEND_RULES,
  ...resources(
    {
      priced: [
        "aws_cloudfront_distribution",
        "aws_cloudfront_function",
        "aws_cloudwatch_log_group",
        "aws_cloudwatch_metric_alarm",
        "aws_kms_key",
      ],
      free: [
        "aws_cloudfront_origin_access_control",
        "aws_cloudfront_response_headers_policy",
        "aws_cloudfront_vpc_origin",
        "aws_cloudwatch_log_delivery",
        "aws_cloudwatch_log_delivery_destination",
        "aws_cloudwatch_log_delivery_source",
        "aws_kms_alias",
        // Holds the VPC origin's configuration: a change replaces the origin (api-origin.ts).
        "terraform_data",
        // The load balancer's rule admitting CloudFront's VPC-origin security group (api-origin.ts).
        "aws_vpc_security_group_ingress_rule",
      ],
    },
    SECURE_BUCKET_RESOURCES,
    CERTIFICATE_RESOURCES,
    WEB_ACL_RESOURCES,
  ),
  picture: { kind: "front-door", label: "CloudFront" },
  settingKinds: { fields: { waf: WEB_ACL_SETTING_KINDS, logRetentionInDays: "retention" } },
});
