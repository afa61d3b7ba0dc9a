import { isSet, isTrue, PolicyRule, unless } from "../../../core/policy-rule";
import { ALL_TIERS } from "./shared";

/**
 * PLAT-APPLY-5: resources a configuration change deletes are not deletion-protected. Read replicas
 * come and go with `readReplicas`: lowering it destroys the last ones, and RDS refuses to delete a
 * protected instance (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection),
 * so the apply fails. A replica holds no data of its own; the primary keeps the protection (PLAT-RDS-3).
 */
export const protectedReplicas: PolicyRule = {
  id: "PLAT-APPLY-5",
  description: "Read replicas, which lowering readReplicas deletes, are not deletion-protected",
  rationale: "Deletion protection on a resource the configuration may remove makes that edit fail at apply.",
  resourceTypes: ["aws_db_instance"],
  errorIn: ALL_TIERS,
  warnIn: [],
  controls: {},
  check: (resource) =>
    unless(!isSet(resource.attributes.replicate_source_db) || !isTrue(resource.attributes.deletion_protection), {
      problem: "a read replica has deletion_protection true",
      requirement: "a replica removed by lowering readReplicas must be deletable",
      fix: "leave deletion protection to the primary",
    }),
};
