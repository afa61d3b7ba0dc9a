/** The queues capability: its section, use by services, backlog scaling, construction and resources. */
import { dataAtRest, defineCapability, namedUse, resources, whenAny } from "../core/capability";
import { byName } from "../core/picture";
import { backlogScaling } from "./backlog-scaling";
import { Queues } from "./queues";
import { checkQueueUses, queuesSchema, queueUseSchema, queueVariables } from "./schema";

export const queuesCapability = defineCapability({
  key: "queues",
  section: queuesSchema.default({}),
  summary: "SQS queues, each with its dead-letter queue, by name. Default: none.",
  /** Queues this service sends to or consumes from, by name: { emails: "consume" }. Default: none. */
  use: namedUse(queueUseSchema.default({}), checkQueueUses, queueVariables, ["sqs"]),
  scaling: backlogScaling,
  build: (placement, queues) => whenAny(queues, () => new Queues(placement.scope, "queues", { ...dataAtRest(placement), queues })),
  alarmNames: { names: [], prefixes: ["queue-"] },
  ...resources({
    priced: ["aws_cloudwatch_metric_alarm", "aws_sqs_queue"],
    free: ["aws_sqs_queue_policy", "aws_sqs_queue_redrive_allow_policy"],
  }),
  picture: { kind: "messaging", label: "SQS" },
  diagram: {
    node: "queue",
    group: "regional",
    shape: "queue",
    nodes: (queues) => byName(queues).map(([name, queue]) => ({ name, label: [`SQS ${name}${queue.fifo ? " (FIFO)" : ""}`, "with dead-letter queue"] })),
    uses: (use) => byName(use),
  },
  settingKinds: { entries: { retentionDays: "retention", deadLetterRetentionDays: "retention" } },
});
