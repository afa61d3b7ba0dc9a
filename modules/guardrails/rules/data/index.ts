import { PolicyRule } from "../../../core/policy-rule";
import { secretCustomerManagedKey } from "./secret-customer-managed-key";
import { snsCustomerManagedKey } from "./sns-customer-managed-key";

/**
 * Rules for the data the platform keeps and passes on outside one capability (Secrets Manager's
 * secrets, made by the secrets, the database's users and the delivery; SNS topics): encryption
 * with the environment's keys, by id. The cache's, queues' and tables' rules are theirs
 * (`modules/<capability>/rules/`); RDS and S3 have families of their own: rds/, storage/.
 */
export const DATA_RULES: readonly PolicyRule[] = [
  secretCustomerManagedKey, // PLAT-SM-1
  snsCustomerManagedKey, // PLAT-SNS-1
];
