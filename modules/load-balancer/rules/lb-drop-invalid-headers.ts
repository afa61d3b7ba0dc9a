import { isTrue, PolicyRule, show, unless } from "../../core/policy-rule";
import { isApplicationLoadBalancer } from "../../guardrails/rules/shared";

/** PLAT-ELB-2: Application Load Balancers drop invalid HTTP header fields. */
export const lbDropInvalidHeaders: PolicyRule = {
  id: "PLAT-ELB-2",
  description: "Application Load Balancers drop invalid header fields",
  rationale: "Headers that are not valid HTTP are a means of request smuggling and header injection against the services behind.",
  resourceTypes: ["aws_lb"],
  errorIn: ["production", "staging", "development"],
  warnIn: [],
  controls: { securityHub: "ELB.4", checkov: "CKV_AWS_131" },
  check: (resource) =>
    unless(!isApplicationLoadBalancer(resource) || isTrue(resource.attributes.drop_invalid_header_fields), {
      problem: `drop_invalid_header_fields is ${show(resource.attributes.drop_invalid_header_fields ?? false)}`,
      requirement: "application load balancers must drop invalid header fields",
      fix: "set drop_invalid_header_fields to true on the load balancer (the platform's loadBalancer always does)",
    }),
};
