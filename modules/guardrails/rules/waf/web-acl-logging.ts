import { PolicyRule, unless } from "../../../core/policy-rule";
import { isReferencedBy } from "../shared";

/** PLAT-WAF-3: every WAF web ACL logs its requests. */
export const webAclLogging: PolicyRule = {
  id: "PLAT-WAF-3",
  description: "WAF web ACLs log their requests",
  rationale: "Without request logs, blocked attacks, false positives and rate limits cannot be investigated or tuned.",
  resourceTypes: ["aws_wafv2_web_acl"],
  errorIn: ["production"],
  warnIn: ["staging"],
  controls: { securityHub: "WAF.11", checkov: "CKV2_AWS_31" },
  check: (resource, stack) =>
    unless(isReferencedBy(stack, "aws_wafv2_web_acl_logging_configuration", "resource_arn", resource), {
      problem: `no aws_wafv2_web_acl_logging_configuration has resource_arn ${resource.address}.arn`,
      requirement: "production web ACLs must log their requests",
      fix: "add an aws_wafv2_web_acl_logging_configuration for it, to a destination named aws-waf-logs-*",
    }),
};
