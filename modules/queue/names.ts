/** The AWS names of a queue and its dead-letter queue: for the construct and for the checks that compare names. */
import { awsName } from "../core/naming";
import { FIFO_SUFFIX } from "./schema";

/** SQS's longest queue name, ".fifo" included (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html). */
export const SQS_NAME_LIMIT = 80;

/** The names of queue `name` of the environment `namePrefix`, e.g. "acme-dev-emails" and "acme-dev-emails-dlq". */
export function queueNames(namePrefix: string, name: string, fifo: boolean): { readonly queue: string; readonly deadLetterQueue: string } {
  const suffix = fifo ? FIFO_SUFFIX : "";
  return { queue: sqsName([namePrefix, name], suffix), deadLetterQueue: sqsName([namePrefix, name, "dlq"], suffix) };
}

/** An SQS name from `parts`, shortened with a stable hash when too long, then `suffix` (".fifo" or ""). */
export function sqsName(parts: readonly string[], suffix = ""): string {
  return `${awsName(parts, SQS_NAME_LIMIT - suffix.length)}${suffix}`;
}
