/** SQS queues of an environment, each with its dead-letter queue, and what a service that uses them receives. */
import { bool, checkNamedUses, oneOf, Problems, resourceVariable, strict, whole, z } from "../core/schema";

const SECONDS_PER_DAY = 86400;
/** What a queue's name (the part after `<project>-<env>-`) may be. */
const QUEUE_NAME_PATTERN = /^[a-z0-9-]{1,70}$/;
const QUEUE_NAME_EXPECTED = "1-70 characters of a-z, 0-9 and '-'";
/** SQS requires this suffix on the name of every FIFO queue, and refuses it on any other. */
export const FIFO_SUFFIX = ".fifo";

/** What a service may do with a queue it uses. */
export const QUEUE_ACCESS = ["send", "consume", "send-and-consume"] as const;
export type QueueAccess = (typeof QUEUE_ACCESS)[number];

/**
 * A queue's name within the environment. The issue asks that a FIFO queue whose name lacks ".fifo"
 * be refused; here the platform derives the AWS name (`<project>-<env>-<name>`, plus ".fifo" when
 * `fifo: true`), so that mistake cannot be made. The one left is the reverse: writing the suffix
 * oneself, which would give "<name>.fifo.fifo" for a FIFO queue and a name SQS refuses for any
 * other. The suffix check runs first and stops there, so that name gets one message saying why.
 */
const queueName = z
  .string({ error: QUEUE_NAME_EXPECTED })
  .refine((name) => !name.endsWith(FIFO_SUFFIX), {
    error: `a name without "${FIFO_SUFFIX}": the platform appends it to the queue's name when the queue has fifo: true`,
    abort: true,
  })
  .regex(QUEUE_NAME_PATTERN, { error: QUEUE_NAME_EXPECTED });

/** The fields the rules between fields compare, without their defaults. */
const fields = {
  retentionDays: whole(1, 14, "a whole number of days"),
  oldestMessageAgeSeconds: whole(60, 14 * SECONDS_PER_DAY, "a whole number of seconds"),
};

/** Thresholds of a queue's alarms. */
export const queueAlarmsSchema = strict({
  /** Age of the oldest message, seconds, for 5 minutes: consumers are stuck or too few. Default: 900 (15 minutes). */
  oldestMessageAgeSeconds: fields.oldestMessageAgeSeconds.default(900),
  /**
   * Not configurable: the dead-letter queue alarm fires on any message in it and cannot be
   * changed or switched off. The field exists only to say so when someone tries.
   */
  deadLetterMessages: z
    .never({ error: "no value: the dead-letter queue alarm fires on any message and cannot be changed or switched off" })
    .optional(),
});

/** One queue and its dead-letter queue. */
export const queueSchema = strict({
  /** Seconds a received message stays hidden from other consumers, 0 to 43200 (12 hours). Default: 30. */
  visibilityTimeoutSeconds: whole(0, 43200, "a whole number of seconds").default(30),
  /** Days a message is kept, 1 to 14. Default: 4. */
  retentionDays: fields.retentionDays.default(4),
  /** Days a message is kept in the dead-letter queue, 1 to 14, at least `retentionDays` for a standard queue. Default: 14. */
  deadLetterRetentionDays: fields.retentionDays.default(14),
  /** Receives after which a message moves to the dead-letter queue, 1 to 1000. Default: 3. */
  maxReceiveCount: whole(1, 1000).default(3),
  /** A FIFO queue (exactly-once, ordered per message group); its name and its dead-letter queue's get ".fifo". Default: false. */
  fifo: bool().default(false),
  /** FIFO only: deduplicate by a SHA-256 of the body, so producers need not send a deduplication id. Default: false. */
  contentBasedDeduplication: bool().default(false),
  /** Seconds a receive waits for a message, 0 to 20 (0 = short polling). Default: 20 (long polling). */
  receiveWaitTimeSeconds: whole(0, 20, "a whole number of seconds").default(20),
  /**
   * Largest message, KiB, 1 to 1024. SQS raised its limit from 256 KiB to 1 MiB in August 2025
   * (https://aws.amazon.com/about-aws/whats-new/2025/08/amazon-sqs-max-payload-size-1mib/; checked
   * 2026-12-07), and the provider accepts it from 6.8.0 (hashicorp/terraform-provider-aws#43692,
   * `validation.IntBetween(1024, 1_048_576)`). Default: 256, what producers written for the old limit send.
   */
  maxMessageSizeKiB: whole(1, 1024, "a whole number of KiB", "SQS's limit is 1 MiB").default(256),
  /** Alarm thresholds. Default: see each field. */
  alarms: queueAlarmsSchema.prefault({}),
}).superRefine((queue, context) => checkQueue(queue, new Problems(context)));

/** The environment's queues by name, e.g. `{ emails: {}, reports: { fifo: true } }`. */
export const queuesSchema = z.record(queueName, queueSchema);

/** What a service writes under `uses.queues`: each queue it uses, by name, and what it does with it. */
export const queueUseSchema = z.record(z.string(), oneOf(QUEUE_ACCESS));

export type QueueInput = z.input<typeof queueSchema>;
export type QueueConfig = z.output<typeof queueSchema>;
export type QueueAlarmsConfig = z.output<typeof queueAlarmsSchema>;
export type QueuesInput = z.input<typeof queuesSchema>;
export type QueuesConfig = z.output<typeof queuesSchema>;
export type QueueUseInput = z.input<typeof queueUseSchema>;
export type QueueUse = z.output<typeof queueUseSchema>;

/** The variable holding a queue's URL, e.g. "email-jobs" → QUEUE_EMAIL_JOBS_URL. */
export function QUEUE_VARIABLE(name: string): string {
  return resourceVariable("QUEUE", name, "URL");
}

/** The variables the platform sets for a service that uses these queues; the service may not set them itself. */
export function queueVariables(use: QueueUse): string[] {
  return Object.keys(use).sort().map(QUEUE_VARIABLE);
}

/** Every queue a service uses must be one of the environment's (a rule between a service and the environment). */
export function checkQueueUses(use: QueueUse, queues: QueuesConfig | undefined, problems: Problems): void {
  checkNamedUses(use, queues, "queue", problems);
}

/** Rules that relate the queue's own fields; a comparison with a value already refused is skipped. */
function checkQueue(queue: QueueConfig, problems: Problems): void {
  problems.check(
    queue.fifo || !queue.contentBasedDeduplication,
    "contentBasedDeduplication",
    "false unless fifo is true: only FIFO queues deduplicate",
  );
  if (!isValid(fields.retentionDays, queue.retentionDays)) return;
  // A standard queue's message keeps its first enqueue time in the dead-letter queue and expires
  // by it there; a FIFO queue's starts afresh.
  problems.check(
    queue.fifo || !isValid(fields.retentionDays, queue.deadLetterRetentionDays) || queue.deadLetterRetentionDays >= queue.retentionDays,
    "deadLetterRetentionDays",
    `a whole number of days from retentionDays (${queue.retentionDays}) to 14: a standard queue's message ` +
      "keeps its enqueue time in the dead-letter queue, so a shorter retention there deletes it before anyone looks",
  );
  const retentionSeconds = queue.retentionDays * SECONDS_PER_DAY;
  const threshold = queue.alarms.oldestMessageAgeSeconds;
  problems.check(
    !isValid(fields.oldestMessageAgeSeconds, threshold) || threshold < retentionSeconds,
    ["alarms", "oldestMessageAgeSeconds"],
    `a whole number of seconds below the retention of ${queue.retentionDays} day(s) (${retentionSeconds}): ` +
      "older messages are deleted before the alarm could fire",
  );
}

function isValid(schema: z.ZodType, value: unknown): boolean {
  return schema.safeParse(value).success;
}
