/** The AWS names of a queue and its dead-letter queue: for the construct and for the checks that compare names. */
import { sqsName } from "../core/naming";
import { FIFO_SUFFIX } from "./schema";

/** The names of queue `name` of the environment `namePrefix`, e.g. "acme-dev-emails" and "acme-dev-emails-dlq". */
export function queueNames(namePrefix: string, name: string, fifo: boolean): { readonly queue: string; readonly deadLetterQueue: string } {
  const suffix = fifo ? FIFO_SUFFIX : "";
  return { queue: sqsName([namePrefix, name], suffix), deadLetterQueue: sqsName([namePrefix, name, "dlq"], suffix) };
}
