import { configField, PolicyRule, show, unless } from "../../core/policy-rule";

/** Security Hub ElastiCache.1's default minimum (`snapshotRetentionPeriod` 1). */
const MIN_SNAPSHOT_DAYS = 1;

/**
 * PLAT-EC-4: caches keep automatic daily snapshots, like the database's backups (PLAT-RDS-4).
 * Security Hub ElastiCache.1 ("clusters should have automatic backups enabled", fails below a
 * retention of 1 day: https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html).
 */
export const elasticacheSnapshotRetention: PolicyRule = {
  id: "PLAT-EC-4",
  description: `ElastiCache replication groups keep automatic snapshots at least ${MIN_SNAPSHOT_DAYS} day`,
  rationale: "A cache that holds sessions or queues loses them all on a failure of every node or a bad FLUSHALL unless a snapshot can seed a new one.",
  resourceTypes: ["aws_elasticache_replication_group"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "ElastiCache.1" },
  check: (resource) => {
    const days = resource.attributes.snapshot_retention_limit;
    const field = configField(resource, "cache", "snapshotRetentionDays");
    return unless(Number(days ?? 0) >= MIN_SNAPSHOT_DAYS, {
      problem: `snapshot_retention_limit is ${show(days ?? 0)}`,
      requirement: `production caches must keep automatic snapshots for at least ${MIN_SNAPSHOT_DAYS} day`,
      fix: `set ${field}: ${MIN_SNAPSHOT_DAYS} or more`,
      field,
    });
  },
};
