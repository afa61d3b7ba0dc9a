import { configField, Finding, PolicyRule, ResourceView, show, StackView } from "../../core/policy-rule";
import { deadLetterSources, isDeadLetterQueue, retentionSeconds } from "./dead-letters";

const SECONDS_PER_DAY = 86400;
/** A week: a message that failed on Friday evening is still there after a long weekend. */
const MIN_DEAD_LETTER_DAYS = 7;

/**
 * PLAT-SQS-3: dead-letter queues keep messages long enough to be looked at: at least a week, and
 * for a standard queue no shorter than its source, since a moved message keeps its original
 * enqueue time and would expire on arrival (SQS Developer Guide, "Using dead-letter queues":
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
 */
export const sqsDeadLetterRetention: PolicyRule = {
  id: "PLAT-SQS-3",
  description: `Dead-letter queues keep messages at least ${MIN_DEAD_LETTER_DAYS} days, and standard ones no shorter than their source`,
  rationale: "The dead-letter queue is the only record of work that failed; it must outlive the time it takes to notice, fix and redrive.",
  resourceTypes: ["aws_sqs_queue"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: {},
  reference: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html",
  check: (queue, stack) => (isDeadLetterQueue(queue, stack) ? retentionFindings(queue, stack) : []),
};

function retentionFindings(queue: ResourceView, stack: StackView): readonly Finding[] {
  const seconds = retentionSeconds(queue);
  const fifo = queue.attributes.fifo_queue === true || queue.attributes.fifo_queue === "true";
  const longestSource = fifo ? 0 : Math.max(0, ...deadLetterSources(queue, stack).map(retentionSeconds));
  const needed = Math.max(MIN_DEAD_LETTER_DAYS * SECONDS_PER_DAY, longestSource);
  if (seconds >= needed) return [];
  // Only the platform's queues have the setting; a job's dead-letter queue always keeps 14 days.
  const field = queue.section?.startsWith("queues.") ? configField(queue, "queues.<name>", "deadLetterRetentionDays") : undefined;
  return [
    {
      problem: `message_retention_seconds is ${show(queue.attributes.message_retention_seconds)} (${seconds / SECONDS_PER_DAY} days)`,
      requirement: `production dead-letter queues must keep messages for at least ${needed / SECONDS_PER_DAY} days`,
      fix: field ? `set ${field}: ${Math.ceil(needed / SECONDS_PER_DAY)} or more` : `set message_retention_seconds to ${needed} or more`,
      ...(field ? { field } : {}),
    },
  ];
}
