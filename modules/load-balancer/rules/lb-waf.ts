import { configField, PolicyRule, unless } from "../../core/policy-rule";
import { isInternetFacingAlb, isReferencedBy } from "../../guardrails/rules/shared";

/** PLAT-WAF-1: internet-facing Application Load Balancers are behind a WAF web ACL. */
export const lbWebAcl: PolicyRule = {
  id: "PLAT-WAF-1",
  description: "Internet-facing load balancers are behind a WAF web ACL",
  rationale: "A web ACL filters common exploits, known bad inputs and floods before they reach the services.",
  resourceTypes: ["aws_lb"],
  errorIn: ["production"],
  warnIn: ["staging"],
  controls: { securityHub: "ELB.16", checkov: "CKV2_AWS_28" },
  check: (resource, stack) =>
    unless(!isInternetFacingAlb(resource) || isReferencedBy(stack, "aws_wafv2_web_acl_association", "resource_arn", resource), {
      problem: `no aws_wafv2_web_acl_association has resource_arn ${resource.address}.arn`,
      requirement: "production internet-facing load balancers must be behind a WAF web ACL",
      fix: `set ${configField(resource, "loadBalancer", "waf.enabled")}: true`,
      field: configField(resource, "loadBalancer", "waf.enabled"),
    }),
};
