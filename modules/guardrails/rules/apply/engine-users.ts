import { block, isTrue, PolicyRule, ResourceView, StackView } from "../../../core/policy-rule";
import { ALL_TIERS, referencedResource } from "./shared";

/** A user that authenticates with neither password nor IAM. */
function authenticatesWithNothing(user: ResourceView): boolean {
  const mode = block(user.attributes.authentication_mode).type;
  return isTrue(user.attributes.no_password_required) || mode === "no-password-required" || mode === "no-password";
}

function usersOf(group: ResourceView, stack: StackView): ResourceView[] {
  const ids = Array.isArray(group.attributes.user_ids) ? group.attributes.user_ids : [];
  return ids.map((id) => referencedResource(id, "aws_elasticache_user", stack)).filter((user): user is ResourceView => user !== undefined);
}

/**
 * PLAT-APPLY-3: ElastiCache users fit their engine. A user group of engine "valkey" may hold only
 * users that authenticate (password or IAM); a Valkey cluster accepts user groups of either engine,
 * so a password-less disabled `default` user goes in a group of engine "redis"
 * (ElastiCache RBAC guide, https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html).
 */
export const engineUsers: PolicyRule = {
  id: "PLAT-APPLY-3",
  description: "ElastiCache user groups hold only users their engine accepts",
  rationale: "ElastiCache refuses a Valkey user group with a user that has no password or IAM authentication: the first apply fails.",
  resourceTypes: ["aws_elasticache_user_group", "aws_elasticache_user"],
  errorIn: ALL_TIERS,
  warnIn: [],
  controls: {},
  check: (resource, stack) => {
    const finding = (who: string) => ({
      problem: `${who} authenticates with neither password nor IAM in engine "valkey"`,
      requirement: "a Valkey user or user group must hold only users that authenticate",
      fix: 'make the password-less user and its group of engine "redis" (Valkey clusters accept such groups)',
    });
    if (resource.type === "aws_elasticache_user") {
      return resource.attributes.engine === "valkey" && authenticatesWithNothing(resource) ? [finding(`user ${JSON.stringify(resource.attributes.user_name)}`)] : [];
    }
    if (resource.attributes.engine !== "valkey") return [];
    return usersOf(resource, stack)
      .filter(authenticatesWithNothing)
      .map((user) => finding(`member ${user.address}`));
  },
};
