import { Finding, isSet, PolicyRule, ResourceView } from "../../core/policy-rule";
import { isDeadLetterQueue, redriveTarget } from "./dead-letters";

/**
 * PLAT-SQS-2: every queue that is not itself a dead-letter queue moves messages its consumers
 * keep failing to one (a redrive policy with a target and a maxReceiveCount). cdk-nag
 * AwsSolutions-SQS3, AWS Config sqs-queue-dlq-check, Control Tower CT.SQS.PR.1
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
 */
export const sqsDeadLetterQueue: PolicyRule = {
  id: "PLAT-SQS-2",
  description: "SQS queues that are not dead-letter queues have one (a redrive policy)",
  rationale: "A message that always fails is received again and again until it expires: it blocks FIFO groups, costs receives, and is lost without trace.",
  resourceTypes: ["aws_sqs_queue"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { cdkNag: "AwsSolutions-SQS3" },
  check: (queue, stack) => (isDeadLetterQueue(queue, stack) ? [] : redriveFindings(queue)),
};

function redriveFindings(queue: ResourceView): readonly Finding[] {
  const target = redriveTarget(queue);
  if (target !== undefined && isSet(target.deadLetterTargetArn) && Number(target.maxReceiveCount) >= 1) return [];
  const problem =
    target === undefined
      ? "redrive_policy is not set and no resource uses the queue as a dead-letter queue"
      : `redrive_policy has deadLetterTargetArn ${JSON.stringify(target.deadLetterTargetArn)} and maxReceiveCount ${JSON.stringify(target.maxReceiveCount)}`;
  return [
    {
      problem,
      requirement: "production queues must move messages that keep failing to a dead-letter queue",
      fix: "declare it under queues (each gets a dead-letter queue); a queue made otherwise needs redrive_policy { deadLetterTargetArn, maxReceiveCount }",
    },
  ];
}
