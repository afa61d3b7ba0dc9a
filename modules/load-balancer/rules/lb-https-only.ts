import { block, configField, Finding, PolicyRule, ResourceView, show, StackView } from "../../core/policy-rule";
import { isInternetFacingAlb, loadBalancerOf } from "../../guardrails/rules/shared";

/** PLAT-ELB-3: internet-facing ALBs answer plain HTTP only with a redirect to HTTPS. */
export const lbHttpsOnly: PolicyRule = {
  id: "PLAT-ELB-3",
  description: "HTTP listeners of internet-facing load balancers redirect to HTTPS",
  rationale: "Plain HTTP from the internet exposes requests, cookies and tokens to anyone on the path.",
  resourceTypes: ["aws_lb_listener"],
  errorIn: ["production", "staging"],
  warnIn: ["development"],
  controls: { securityHub: "ELB.1", checkov: "CKV_AWS_2, CKV2_AWS_20" },
  check: (listener, stack) => (servesPlainHttp(listener, stack) ? redirectFindings(listener, stack) : []),
};

/** An HTTP listener (the ALB default protocol) on an internet-facing ALB of this stack. */
function servesPlainHttp(listener: ResourceView, stack: StackView): boolean {
  const loadBalancer = loadBalancerOf(listener, stack);
  const protocol = listener.attributes.protocol ?? "HTTP";
  return loadBalancer !== undefined && isInternetFacingAlb(loadBalancer) && protocol === "HTTP";
}

function redirectFindings(listener: ResourceView, stack: StackView): readonly Finding[] {
  const loadBalancer = loadBalancerOf(listener, stack) ?? listener;
  const actions = defaultActions(listener);
  if (actions.some((action) => action.type === "redirect" && block(action.redirect).protocol === "HTTPS")) return [];
  const redirect = actions.find((action) => action.type === "redirect");
  const problem = redirect
    ? `protocol is "HTTP" and default_action redirects to protocol ${show(block(redirect.redirect).protocol)}, not HTTPS`
    : `protocol is "HTTP" and default_action is ${show(actions.map((action) => action.type))}, not a redirect to HTTPS`;
  return [
    {
      problem,
      requirement: "internet-facing load balancers must answer plain HTTP only with a redirect to HTTPS",
      fix: `set ${configField(loadBalancer, "loadBalancer", "certificate")}`,
      field: configField(loadBalancer, "loadBalancer", "certificate"),
    },
  ];
}

function defaultActions(listener: ResourceView): readonly Readonly<Record<string, unknown>>[] {
  const value = listener.attributes.default_action;
  return (Array.isArray(value) ? value : [value]).map(block);
}
