import { isSet, PolicyRule, unless } from "../../../core/policy-rule";

/**
 * PLAT-IAM-1: every IAM role carries a permissions boundary. The deploy roles may create and change
 * an environment's roles only with the environment's boundary attached (iam:PermissionsBoundary
 * conditions, https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html), so
 * a role without one fails the apply; worse, one created by other means would be a way out of the
 * boundary. The bootstrap's own deploy roles, which own the boundary, are suppressed where they are made.
 */
export const rolePermissionsBoundary: PolicyRule = {
  id: "PLAT-IAM-1",
  description: "IAM roles carry a permissions boundary",
  rationale: "A role without the environment's boundary can be given any permission, and whoever may assume or pass it gets them: the path from an environment's deploy role to administrator of the account.",
  resourceTypes: ["aws_iam_role"],
  errorIn: ["production", "staging", "development"],
  warnIn: [],
  controls: {},
  check: (resource) =>
    unless(isSet(resource.attributes.permissions_boundary), {
      problem: "permissions_boundary is not set",
      requirement: "every role of an environment must carry the environment's permissions boundary",
      fix: "roles made inside an environment stack get it from boundEveryRole (core/iam.ts); a role made elsewhere needs permissions_boundary = permissionsBoundaryArn(context)",
    }),
};
