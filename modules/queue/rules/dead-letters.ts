/** Which queues are dead-letter queues, and of what: read from the resources that send to them. */
import { block, ResourceView, StackView } from "../../core/policy-rule";
import { mentions } from "../../guardrails/rules/apply/shared";

/** SQS's default retention when message_retention_seconds is not set: 4 days. */
const DEFAULT_RETENTION_SECONDS = 345600;

/**
 * Where each resource type names the queue it dead-letters to: a queue's redrive policy, a redrive
 * allow policy (set on the dead-letter queue itself), the dead-letter config of an EventBridge
 * Scheduler schedule's target, an EventBridge target, an SNS subscription, a Lambda function.
 */
const DEAD_LETTER_ARGUMENTS: readonly (readonly [type: string, read: (resource: ResourceView) => unknown])[] = [
  ["aws_sqs_queue", (resource) => resource.attributes.redrive_policy],
  ["aws_sqs_queue_redrive_allow_policy", (resource) => resource.attributes.queue_url],
  ["aws_scheduler_schedule", (resource) => block(block(resource.attributes.target).dead_letter_config).arn],
  ["aws_cloudwatch_event_target", (resource) => block(resource.attributes.dead_letter_config).arn],
  ["aws_sns_topic_subscription", (resource) => resource.attributes.redrive_policy],
  ["aws_lambda_function", (resource) => block(resource.attributes.dead_letter_config).target_arn],
];

/** Whether some resource of the stack sends its failures to `queue`. */
export function isDeadLetterQueue(queue: ResourceView, stack: StackView): boolean {
  return DEAD_LETTER_ARGUMENTS.some(([type, read]) =>
    stack.referencing(type, queue.address).some((resource) => resource !== queue && mentions(read(resource), queue.address)),
  );
}

/** The queues whose redrive policy names `queue`. */
export function deadLetterSources(queue: ResourceView, stack: StackView): readonly ResourceView[] {
  return stack.referencing("aws_sqs_queue", queue.address).filter((source) => source !== queue && mentions(source.attributes.redrive_policy, queue.address));
}

/** A queue's redrive policy as SQS reads it, or undefined when it has none (or it is not JSON). */
export function redriveTarget(queue: ResourceView): { readonly deadLetterTargetArn?: unknown; readonly maxReceiveCount?: unknown } | undefined {
  const policy = queue.attributes.redrive_policy;
  if (typeof policy !== "string" || policy === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(policy);
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function retentionSeconds(queue: ResourceView): number {
  const value = queue.attributes.message_retention_seconds;
  return value === undefined || value === null ? DEFAULT_RETENTION_SECONDS : Number(value);
}
