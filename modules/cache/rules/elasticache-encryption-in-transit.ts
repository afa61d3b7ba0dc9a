import { isTrue, PolicyRule, show, unless } from "../../core/policy-rule";

/** PLAT-EC-2: ElastiCache replication groups encrypt traffic in transit. */
export const elasticacheEncryptionInTransit: PolicyRule = {
  id: "PLAT-EC-2",
  description: "ElastiCache replication groups are encrypted in transit",
  rationale: "Without TLS, cached data and AUTH tokens cross the VPC in clear text.",
  resourceTypes: ["aws_elasticache_replication_group"],
  errorIn: ["production", "staging", "development"],
  warnIn: [],
  controls: { securityHub: "ElastiCache.5", checkov: "CKV_AWS_30" },
  // "preferred" also accepts clients without TLS (the step of a migration to TLS):
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html
  check: (resource) => {
    const { transit_encryption_enabled: enabled, transit_encryption_mode: mode } = resource.attributes;
    return unless(isTrue(enabled) && mode !== "preferred", {
      problem: isTrue(enabled) ? 'transit_encryption_mode is "preferred", which also admits clients without TLS' : `transit_encryption_enabled is ${show(enabled ?? false)}`,
      requirement: "caches must encrypt traffic in transit",
      fix: 'set transit_encryption_enabled to true with transit_encryption_mode "required", as the platform\'s cache does',
    });
  },
};
