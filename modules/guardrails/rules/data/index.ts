import { PolicyRule } from "../../rule";
import { dynamodbCustomerManagedKey } from "./dynamodb-customer-managed-key";
import { dynamodbDeletionProtection } from "./dynamodb-deletion-protection";
import { dynamodbPointInTimeRecovery } from "./dynamodb-point-in-time-recovery";
import { elasticacheAuthentication } from "./elasticache-authentication";
import { elasticacheAutomaticFailover } from "./elasticache-automatic-failover";
import { elasticacheEncryptionAtRest } from "./elasticache-encryption-at-rest";
import { elasticacheEncryptionInTransit } from "./elasticache-encryption-in-transit";
import { secretCustomerManagedKey } from "./secret-customer-managed-key";
import { elasticacheSnapshotRetention } from "./elasticache-snapshot-retention";
import { snsCustomerManagedKey } from "./sns-customer-managed-key";
import { sqsCustomerManagedKey } from "./sqs-customer-managed-key";
import { sqsDeadLetterQueue } from "./sqs-dead-letter-queue";
import { sqsDeadLetterRetention } from "./sqs-dead-letter-retention";

/**
 * Rules for the data the services keep and pass on (DynamoDB, ElastiCache, Secrets Manager, SNS,
 * SQS): encryption with the environment's keys, protection from loss, by id. (RDS and S3 have
 * families of their own: rds/, storage/.)
 */
export const DATA_RULES: readonly PolicyRule[] = [
  dynamodbCustomerManagedKey, // PLAT-DDB-1
  dynamodbDeletionProtection, // PLAT-DDB-2
  dynamodbPointInTimeRecovery, // PLAT-DDB-3
  elasticacheEncryptionAtRest, // PLAT-EC-1
  elasticacheEncryptionInTransit, // PLAT-EC-2
  elasticacheAutomaticFailover, // PLAT-EC-3
  elasticacheSnapshotRetention, // PLAT-EC-4
  elasticacheAuthentication, // PLAT-EC-5
  secretCustomerManagedKey, // PLAT-SM-1
  snsCustomerManagedKey, // PLAT-SNS-1
  sqsCustomerManagedKey, // PLAT-SQS-1
  sqsDeadLetterQueue, // PLAT-SQS-2
  sqsDeadLetterRetention, // PLAT-SQS-3
];
