import { block, isTrue, PolicyRule, show, unless } from "../../../core/policy-rule";

/** PLAT-ECR-2: container repositories scan images on push. */
export const ecrScanOnPush: PolicyRule = {
  id: "PLAT-ECR-2",
  description: "ECR repositories scan images on push",
  rationale: "An image with known vulnerabilities should be found when it is pushed, before it is deployed.",
  resourceTypes: ["aws_ecr_repository"],
  errorIn: ["production", "staging"],
  warnIn: ["development"],
  controls: { securityHub: "ECR.1", checkov: "CKV_AWS_163" },
  check: (resource) => {
    const scanOnPush = block(resource.attributes.image_scanning_configuration).scan_on_push;
    return unless(isTrue(scanOnPush), {
      problem: `image_scanning_configuration.scan_on_push is ${show(scanOnPush ?? false)}`,
      requirement: "container repositories must scan images on push",
      fix: "repositories made with ContainerRepository get this; set image_scanning_configuration.scan_on_push = true on one made otherwise",
    });
  },
};
