/** WAF web ACLs in front of the platform's entry points (the load balancer now, CloudFront later). */
import { bool, listOf, logRetentionInDays, oneOf, strict, whole, z } from "../core/schema";
import type { KindTable } from "../core/picture";

/** AWS managed rule groups a web ACL can use, with no extra charge beyond WAF's own. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesSQLiRuleSet",
  "AWSManagedRulesLinuxRuleSet",
  "AWSManagedRulesUnixRuleSet",
  "AWSManagedRulesAnonymousIpList",
] as const;

/** A WAF web ACL: AWS managed rule groups and a rate limit per client IP. */
export const webAclSchema = strict({
  /** Put the web ACL in front of the entry point. Default: per tier (see `platform/tiers.ts`). */
  enabled: bool(),
  /** Managed rule groups, evaluated in this order. Default: common rule set, known bad inputs, IP reputation. */
  managedRuleGroups: listOf(oneOf(MANAGED_RULE_GROUPS))
    .min(1)
    .default(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"]),
  /** Requests one client IP may make in 5 minutes before it is blocked. Default: 2000. */
  rateLimitPerFiveMinutes: whole(10, 2000000000).default(2000),
  /** Count instead of block (for tuning new rules against real traffic). Default: false. */
  countOnly: bool().default(false),
  /** Days to keep the web ACL's request logs. Default: per tier (see the tier table), as every other log group. */
  logRetentionInDays: logRetentionInDays(),
});

export type WebAclConfig = z.output<typeof webAclSchema>;

/** What each web ACL setting is about, for the environment diff (the load balancer's and the frontend's `waf`). */
export const WEB_ACL_SETTING_KINDS: KindTable<WebAclConfig> = {
  enabled: "protection",
  countOnly: "protection",
  managedRuleGroups: "protection",
  rateLimitPerFiveMinutes: "protection",
  logRetentionInDays: "retention",
};
