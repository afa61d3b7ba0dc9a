/** The load balancer capability: its section, tier defaults, region rule and resources. A front door, wired by the environment stack. */
import { defineCapability, resources, TierTable } from "../core/capability";
import { checkLoadBalancerRegion, LoadBalancerInput, loadBalancerSchema } from "./schema";
import { WEB_ACL_RESOURCES } from "../waf/web-acl";
import { WEB_ACL_SETTING_KINDS } from "../waf/schema";
import { SECURITY_GROUP_RESOURCES } from "../core/connect";
import { CERTIFICATE_RESOURCES } from "../core/dns-validated-certificate";
import { SECURE_BUCKET_RESOURCES } from "../core/secure-bucket";
import { LOAD_BALANCER_RULES } from "./rules";

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
  logRetentionFields: { waf: "loadBalancer.waf.logRetentionInDays" },
  rules: LOAD_BALANCER_RULES,
  ...resources(
    { priced: ["aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm", "aws_lb", "aws_route53_zone"], free: ["aws_lb_listener"] },
    SECURE_BUCKET_RESOURCES,
    CERTIFICATE_RESOURCES,
    SECURITY_GROUP_RESOURCES,
    WEB_ACL_RESOURCES,
  ),
  picture: { kind: "front-door", label: "Application Load Balancer" },
  settingKinds: { fields: { deletionProtection: "protection", waf: WEB_ACL_SETTING_KINDS, accessLogRetentionInDays: "retention" } },
});
