import { isSet, PolicyRule, unless } from "../../core/policy-rule";

/**
 * PLAT-EC-5: caches admit only clients that authenticate: a user group (RBAC users, the platform's
 * IAM-authenticated user and a disabled `default`) or an AUTH token. Without either, ElastiCache lets
 * any client that reaches the port run every command as `default`. Security Hub ElastiCache.6
 * (AUTH for Redis OSS before 6.0); RBAC: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html.
 */
export const elasticacheAuthentication: PolicyRule = {
  id: "PLAT-EC-5",
  description: "ElastiCache replication groups admit only authenticated clients (user group or AUTH token)",
  rationale: "The security group is then the only lock: anything that reaches port 6379 reads and writes every key.",
  resourceTypes: ["aws_elasticache_replication_group"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "ElastiCache.6", cdkNag: "AwsSolutions-AEC6" },
  check: (resource) =>
    unless(isSet(resource.attributes.user_group_ids) || isSet(resource.attributes.auth_token) || isSet(resource.attributes.auth_token_wo), {
      problem: "neither user_group_ids nor auth_token is set",
      requirement: "production caches must admit only authenticated clients",
      fix: "give it a user group whose default user is disabled, as the platform's cache does (IAM-authenticated users)",
    }),
};
