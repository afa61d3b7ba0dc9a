import { PolicyRule } from "../../core/policy-rule";
import { dynamodbCustomerManagedKey } from "./dynamodb-customer-managed-key";
import { dynamodbDeletionProtection } from "./dynamodb-deletion-protection";
import { dynamodbPointInTimeRecovery } from "./dynamodb-point-in-time-recovery";

/** The tables' policy rules, judged on every DynamoDB table of a stack (the state backend's lock table too): encryption and protection from loss, by id. */
export const TABLE_RULES: readonly PolicyRule[] = [
  dynamodbCustomerManagedKey, // PLAT-DDB-1
  dynamodbDeletionProtection, // PLAT-DDB-2
  dynamodbPointInTimeRecovery, // PLAT-DDB-3
];
