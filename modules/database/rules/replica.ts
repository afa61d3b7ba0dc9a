import { isSet, ResourceView } from "../../core/policy-rule";

/**
 * A read replica: an `aws_db_instance` with `replicate_source_db`. It inherits engine, storage and
 * encryption from its source, and RDS for PostgreSQL replicas keep no automated backups.
 */
export function isReplica(resource: ResourceView): boolean {
  return resource.type === "aws_db_instance" && isSet(resource.attributes.replicate_source_db);
}
