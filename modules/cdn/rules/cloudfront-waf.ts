import { configField, isSet, PolicyRule, unless } from "../../core/policy-rule";

/** PLAT-WAF-2: CloudFront distributions are behind a WAF web ACL. */
export const cloudfrontWebAcl: PolicyRule = {
  id: "PLAT-WAF-2",
  description: "CloudFront distributions are behind a WAF web ACL",
  rationale: "A web ACL filters common exploits, known bad inputs and floods at the edge, before they reach the origin.",
  resourceTypes: ["aws_cloudfront_distribution"],
  errorIn: ["production"],
  warnIn: ["staging"],
  controls: { securityHub: "CloudFront.6", checkov: "CKV_AWS_68" },
  check: (resource) =>
    unless(isSet(resource.attributes.web_acl_id), {
      problem: "web_acl_id is not set",
      requirement: "production CloudFront distributions must be behind a WAF web ACL",
      fix: `set ${configField(resource, "frontend", "waf.enabled")}: true (a distribution made otherwise needs web_acl_id: a WAFv2 web ACL of scope CLOUDFRONT, in us-east-1)`,
      field: configField(resource, "frontend", "waf.enabled"),
    }),
};
