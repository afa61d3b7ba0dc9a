import { PolicyRule } from "../../core/policy-rule";
import { elasticacheAuthentication } from "./elasticache-authentication";
import { elasticacheAutomaticFailover } from "./elasticache-automatic-failover";
import { elasticacheEncryptionAtRest } from "./elasticache-encryption-at-rest";
import { elasticacheEncryptionInTransit } from "./elasticache-encryption-in-transit";
import { elasticacheSnapshotRetention } from "./elasticache-snapshot-retention";

/** The cache's policy rules, judged on every ElastiCache replication group of a stack: encryption, access, availability and snapshots, by id. */
export const CACHE_RULES: readonly PolicyRule[] = [
  elasticacheEncryptionAtRest, // PLAT-EC-1
  elasticacheEncryptionInTransit, // PLAT-EC-2
  elasticacheAutomaticFailover, // PLAT-EC-3
  elasticacheSnapshotRetention, // PLAT-EC-4
  elasticacheAuthentication, // PLAT-EC-5
];
