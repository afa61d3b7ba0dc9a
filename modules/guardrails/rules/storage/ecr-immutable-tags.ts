import { PolicyRule, show, unless } from "../../../core/policy-rule";

/** PLAT-ECR-3: container repositories have immutable tags. */
export const ecrImmutableTags: PolicyRule = {
  id: "PLAT-ECR-3",
  description: "ECR repositories have immutable image tags",
  rationale: "A tag that can be overwritten lets a deployment run an image other than the one that was reviewed and scanned.",
  resourceTypes: ["aws_ecr_repository"],
  errorIn: ["production", "staging"],
  warnIn: ["development"],
  controls: { securityHub: "ECR.2", checkov: "CKV_AWS_51" },
  check: (resource) => {
    const mutability = resource.attributes.image_tag_mutability;
    return unless(mutability === "IMMUTABLE", {
      problem: `image_tag_mutability is ${show(mutability ?? "MUTABLE")}`,
      requirement: "container repositories must have immutable tags",
      fix: 'repositories made with ContainerRepository get this; set image_tag_mutability = "IMMUTABLE" on one made otherwise',
    });
  },
};
