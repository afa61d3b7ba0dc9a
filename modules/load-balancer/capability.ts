/** The load balancer capability: its section, tier defaults, region rule and resources. A front door, wired by the environment stack. */
import { defineCapability, TierTable } from "../core/capability";
import { checkLoadBalancerRegion, LoadBalancerInput, loadBalancerSchema } from "./schema";

/** Production's load balancer survives a stray destroy; a web ACL (about 5 USD a month and per rule) guards all but development's. */
const LOAD_BALANCER_TIERS = {
  development: { deletionProtection: false, accessLogRetentionInDays: 90, waf: { enabled: false, logRetentionInDays: 30 } },
  staging: { deletionProtection: false, accessLogRetentionInDays: 90, waf: { enabled: true, logRetentionInDays: 90 } },
  production: { deletionProtection: true, accessLogRetentionInDays: 365, waf: { enabled: true, logRetentionInDays: 365 } },
} as const satisfies TierTable<LoadBalancerInput>;

export const loadBalancerCapability = defineCapability({
  key: "loadBalancer",
  section: loadBalancerSchema.optional(),
  summary: "The application load balancer. Default: none (no service is routed through one).",
  tierDefaults: LOAD_BALANCER_TIERS,
  checkRegion: checkLoadBalancerRegion,
  alarmNames: { names: ["alb"], prefixes: [] },
  resourceTypes: [
    "aws_acm_certificate",
    "aws_acm_certificate_validation",
    "aws_cloudwatch_log_group",
    "aws_cloudwatch_metric_alarm",
    "aws_lb",
    "aws_lb_listener",
    "aws_route53_record",
    "aws_s3_bucket",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_security_group",
    "aws_vpc_security_group_egress_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_wafv2_web_acl",
    "aws_wafv2_web_acl_association",
    "aws_wafv2_web_acl_logging_configuration",
  ],
  freeResourceTypes: [
    "aws_acm_certificate",
    "aws_acm_certificate_validation",
    "aws_lb_listener",
    "aws_route53_record",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_security_group",
    "aws_vpc_security_group_egress_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_wafv2_web_acl_association",
    "aws_wafv2_web_acl_logging_configuration",
  ],
  picture: { kind: "front-door", label: "Application Load Balancer" },
});
