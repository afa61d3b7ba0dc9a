import { configField, isTrue, PolicyRule, show } from "../../core/policy-rule";

/**
 * PLAT-EC-3: caches fail over automatically to a replica in another Availability Zone, like the
 * database's Multi-AZ (PLAT-RDS-5). Security Hub ElastiCache.3 (automatic failover), AWS Config
 * elasticache-repl-grp-auto-failover-enabled; Multi-AZ needs automatic failover and a replica
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html).
 */
export const elasticacheAutomaticFailover: PolicyRule = {
  id: "PLAT-EC-3",
  description: "ElastiCache replication groups fail over automatically to a replica in another Availability Zone",
  rationale: "Without a replica and automatic failover, a node or Availability Zone failure takes the cache down until a new node is built, empty.",
  resourceTypes: ["aws_elasticache_replication_group"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "ElastiCache.3", cdkNag: "AwsSolutions-AEC4" },
  check: (resource) => {
    const { automatic_failover_enabled: failover, multi_az_enabled: multiAz, replicas_per_node_group: replicas } = resource.attributes;
    const problems = [
      ...(Number(replicas ?? 0) >= 1 ? [] : [`replicas_per_node_group is ${show(replicas ?? 0)}`]),
      ...(isTrue(failover) ? [] : [`automatic_failover_enabled is ${show(failover ?? false)}`]),
      ...(isTrue(multiAz) ? [] : [`multi_az_enabled is ${show(multiAz ?? false)}`]),
    ];
    const field = configField(resource, "cache", "replicasPerShard");
    return problems.length === 0
      ? []
      : [
          {
            problem: problems.join(", "),
            requirement: "production caches must fail over automatically to a replica in another Availability Zone",
            fix: `set ${field}: 1 or more (automatic failover and Multi-AZ follow from it)`,
            field,
          },
        ];
  },
};
