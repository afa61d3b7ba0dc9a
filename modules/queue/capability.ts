/** The queues capability: its section, use by services, construction and resources. */
import { defineCapability } from "../core/capability";
import { Queues } from "./queues";
import { checkQueueUses, queuesSchema, queueUseSchema, queueVariables } from "./schema";

export const queuesCapability = defineCapability({
  key: "queues",
  section: queuesSchema.default({}),
  summary: "SQS queues, each with its dead-letter queue, by name. Default: none.",
  use: {
    /** Queues this service sends to or consumes from, by name: { emails: "consume" }. Default: none. */
    schema: queueUseSchema.default({}),
    used: (use) => Object.keys(use).length > 0,
    check: checkQueueUses,
    variables: queueVariables,
  },
  build: (placement, queues) =>
    Object.keys(queues).length > 0
      ? new Queues(placement.scope, "queues", { context: placement.context, keyArn: placement.keys.dataKeyArn, monitor: placement.monitor, queues })
      : undefined,
  alarmNames: { names: [], prefixes: ["queue-"] },
  resourceTypes: ["aws_cloudwatch_metric_alarm", "aws_sqs_queue", "aws_sqs_queue_policy", "aws_sqs_queue_redrive_allow_policy"],
  freeResourceTypes: ["aws_sqs_queue_policy", "aws_sqs_queue_redrive_allow_policy"],
  picture: { kind: "messaging", label: "SQS" },
});
