import { configField, isTrue, PolicyRule, show, unless } from "../../core/policy-rule";

/** PLAT-ELB-1: production load balancers are deletion-protected. */
export const lbDeletionProtection: PolicyRule = {
  id: "PLAT-ELB-1",
  description: "Load balancers have deletion protection",
  rationale: "Deleting the load balancer takes every service of the environment off the internet and changes its DNS name.",
  resourceTypes: ["aws_lb"],
  errorIn: ["production"],
  warnIn: ["staging"],
  controls: { securityHub: "ELB.6", checkov: "CKV_AWS_150" },
  check: (resource) =>
    unless(isTrue(resource.attributes.enable_deletion_protection), {
      problem: `enable_deletion_protection is ${show(resource.attributes.enable_deletion_protection ?? false)}`,
      requirement: "production load balancers must be deletion-protected",
      fix: `set ${configField(resource, "loadBalancer", "deletionProtection")}: true`,
      field: configField(resource, "loadBalancer", "deletionProtection"),
    }),
};
