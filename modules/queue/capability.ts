/** The queues capability: its section, use by services, backlog scaling, construction and resources. */
import { dataAtRest, defineCapability, namedUse, resources, whenAny } from "../core/capability";
import { byName } from "../core/picture";
import { SQS_NAMESPACE } from "../core/naming";
import { formatPath } from "../core/problems";
import { queueNames } from "./names";
import { backlogScaling } from "./backlog-scaling";
import { Queues } from "./queues";
import { checkQueueUses, queuesSchema, queueUseSchema, queueVariables } from "./schema";
import { QUEUE_RULES } from "./rules";

/** Whether `value` is a plain record (a section as written may be anything). */
function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Each queue's name and its dead-letter queue's, as the construct makes them. */
function generatedQueueNames(section: unknown, namePrefix: string) {
  return Object.entries(isRecord(section) ? section : {}).flatMap(([name, queue]) => {
    const names = queueNames(namePrefix, name, isRecord(queue) && queue.fifo === true);
    const field = formatPath(["queues", name]);
    return [
      { namespace: SQS_NAMESPACE, name: names.queue, field, written: name, what: `queue "${name}"` },
      { namespace: SQS_NAMESPACE, name: names.deadLetterQueue, field, written: name, what: `queue "${name}"'s dead-letter queue` },
    ];
  });
}

export const queuesCapability = defineCapability({
  key: "queues",
  section: queuesSchema.default({}),
  summary: "SQS queues, each with its dead-letter queue, by name. Default: none.",
  /** Queues this service sends to or consumes from, by name: { emails: "consume" }. Default: none. */
  use: namedUse(queueUseSchema.default({}), checkQueueUses, queueVariables, ["sqs"]),
  scaling: backlogScaling,
  build: (placement, queues) => whenAny(queues, () => new Queues(placement.scope, "queues", { ...dataAtRest(placement), queues })),
  alarmNames: { names: [], prefixes: ["queue-"] },
  namedEntries: true,
  rules: QUEUE_RULES,
  generatedNames: generatedQueueNames,
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
