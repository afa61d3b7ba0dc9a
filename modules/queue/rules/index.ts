import { PolicyRule } from "../../core/policy-rule";
import { sqsCustomerManagedKey } from "./sqs-customer-managed-key";
import { sqsDeadLetterQueue } from "./sqs-dead-letter-queue";
import { sqsDeadLetterRetention } from "./sqs-dead-letter-retention";

/** The queues' policy rules, judged on every SQS queue of a stack (a job's dead-letter queue too): encryption and dead letters, by id. */
export const QUEUE_RULES: readonly PolicyRule[] = [
  sqsCustomerManagedKey, // PLAT-SQS-1
  sqsDeadLetterQueue, // PLAT-SQS-2
  sqsDeadLetterRetention, // PLAT-SQS-3
];
