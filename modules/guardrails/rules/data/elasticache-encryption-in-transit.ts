import { isTrue, PolicyRule, show, unless } from "../../rule";

/** PLAT-EC-2: ElastiCache replication groups encrypt traffic in transit. */
export const elasticacheEncryptionInTransit: PolicyRule = {
  id: "PLAT-EC-2",
  description: "ElastiCache replication groups are encrypted in transit",
  rationale: "Without TLS, cached data and AUTH tokens cross the VPC in clear text.",
  resourceTypes: ["aws_elasticache_replication_group"],
  errorIn: ["production", "staging", "development"],
  warnIn: [],
  controls: { securityHub: "ElastiCache.5", checkov: "CKV_AWS_30" },
  check: (resource) =>
    unless(isTrue(resource.attributes.transit_encryption_enabled), {
      problem: `transit_encryption_enabled is ${show(resource.attributes.transit_encryption_enabled ?? false)}`,
      requirement: "caches must encrypt traffic in transit",
      fix: "set transit_encryption_enabled to true",
    }),
};
