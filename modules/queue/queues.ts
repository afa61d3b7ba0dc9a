import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { SqsQueueRedriveAllowPolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { Bindable, ServiceBinding } from "../core/binding";
import { policyDocument, PolicyStatement } from "../core/iam";
import { ALARM_MINUTES, Metric, Monitor, sustainedFor } from "../monitoring/alarm";
import { queueNames } from "./names";
import { QUEUE_VARIABLE, QueueAccess, QueueConfig, QueuesConfig, QueueUse } from "./schema";

const SECONDS_PER_DAY = 86400;
const BYTES_PER_KIB = 1024;
/** How long SQS reuses a data key before asking KMS again (its default, stated): 5 minutes. */
const DATA_KEY_REUSE_SECONDS = 300;

/**
 * What each access lets a service do with a queue. SendMessage also covers SendMessageBatch, and
 * DeleteMessage and ChangeMessageVisibility their batch forms; GetQueueAttributes lets SDKs read
 * the queue's settings. Nothing else: no purge, no attribute changes, no policy changes.
 */
const SEND_ACTIONS = ["sqs:SendMessage", "sqs:GetQueueAttributes"];
const CONSUME_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"];

/**
 * The KMS actions SQS calls on the caller's behalf (SQS Developer Guide, "Amazon SQS key
 * management"): a producer's SendMessage needs GenerateDataKey for a new data key and Decrypt to
 * verify it; a consumer's ReceiveMessage needs Decrypt.
 */
const SEND_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];
const CONSUME_KEY_ACTIONS = ["kms:Decrypt"];

export interface QueuesProps {
  readonly context: AwsContext;
  /** The customer key the queues are encrypted with: the environment's data key. No default. */
  readonly keyArn: string;
  /** Where the queues' alarms and dashboard tiles go. No default. */
  readonly monitor: Monitor;
  /** The parsed queues, by name. */
  readonly queues: QueuesConfig;
}

/** One queue as services see it. */
export interface Queue {
  /** The AWS name, e.g. "acme-dev-emails" or "acme-dev-orders.fifo". */
  readonly queueName: string;
  readonly url: string;
  readonly arn: string;
  /** The AWS name of its dead-letter queue, e.g. "acme-dev-emails-dlq". */
  readonly deadLetterQueueName: string;
  readonly deadLetterQueueArn: string;
}

/**
 * The environment's SQS queues. Each has a dead-letter queue that only it may use, receives its
 * messages after `maxReceiveCount` failed receives, and alarms on any message. Both are encrypted
 * with the environment's data key and refuse requests without TLS. Services reach them over
 * HTTPS like any AWS API, so a binding opens no network path.
 */
export class Queues extends Construct implements Bindable<QueueUse> {
  private readonly props: QueuesProps;
  private readonly byName = new Map<string, Queue>();

  constructor(scope: Construct, id: string, props: QueuesProps) {
    super(scope, id);
    this.props = props;
    for (const [name, config] of Object.entries(props.queues)) {
      this.byName.set(name, this.createQueue(name, config));
    }
  }

  /** The queue named `name` in the config. */
  queue(name: string): Queue {
    const queue = this.byName.get(name);
    if (!queue) throw new Error(`a service uses queue ${name}, which this environment does not have: was the config parsed?`);
    return queue;
  }

  /**
   * For each queue used, its URL in QUEUE_<NAME>_URL; on the task role, sending to the queues it
   * sends to, receiving from and deleting from those it consumes, and the key actions they need.
   */
  bindingFor(_serviceName: string, use: QueueUse): ServiceBinding {
    const names = Object.keys(use).sort();
    const sendsTo = names.filter((name) => sends(use[name]));
    const consumes = names.filter((name) => consumesFrom(use[name]));
    return {
      environment: Object.fromEntries(names.map((name) => [QUEUE_VARIABLE(name), this.queue(name).url])),
      taskRoleStatements: [
        ...this.queueStatement("SendToQueues", SEND_ACTIONS, sendsTo),
        ...this.queueStatement("ConsumeFromQueues", CONSUME_ACTIONS, consumes),
        ...this.keyStatement("UseKeyOfQueuesSentTo", SEND_KEY_ACTIONS, sendsTo),
        ...this.keyStatement("UseKeyOfQueuesConsumed", CONSUME_KEY_ACTIONS, consumes),
      ],
    };
  }

  private queueStatement(sid: string, actions: readonly string[], names: readonly string[]): PolicyStatement[] {
    return names.length > 0 ? [{ sid, actions, resources: names.map((name) => this.queue(name).arn) }] : [];
  }

  /**
   * The data key's use for these queues only: through SQS in this region (kms:ViaService), and for
   * these queues (SQS passes the queue's ARN as encryption context `aws:sqs:arn`, the key AWS's own
   * examples and AWS CDK's grants scope SQS keys by), so the role cannot use the key for anything else.
   */
  private keyStatement(sid: string, actions: readonly string[], names: readonly string[]): PolicyStatement[] {
    if (names.length === 0) return [];
    return [
      {
        sid,
        actions,
        resources: [this.props.keyArn],
        conditions: [
          { test: "StringEquals", variable: "kms:ViaService", values: [`sqs.${this.props.context.region}.amazonaws.com`] },
          { test: "StringEquals", variable: "kms:EncryptionContext:aws:sqs:arn", values: names.map((name) => this.queue(name).arn) },
        ],
      },
    ];
  }

  /** The queue and its dead-letter queue in a scope named after it, with their policies and alarms. */
  private createQueue(name: string, config: QueueConfig): Queue {
    const scope = new Construct(this, name);
    const names = queueNames(this.props.context.namePrefix, name, config.fifo);
    const deadLetterQueue = new SqsQueue(scope, "dead-letter-queue", {
      ...this.sharedSettings(config),
      name: names.deadLetterQueue,
      messageRetentionSeconds: config.deadLetterRetentionDays * SECONDS_PER_DAY,
    });
    const queue = new SqsQueue(scope, "queue", {
      ...this.sharedSettings(config),
      name: names.queue,
      messageRetentionSeconds: config.retentionDays * SECONDS_PER_DAY,
      visibilityTimeoutSeconds: config.visibilityTimeoutSeconds,
      contentBasedDeduplication: config.contentBasedDeduplication,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterQueue.arn, maxReceiveCount: config.maxReceiveCount }),
    });
    // A resource of its own: as an argument of the dead-letter queue, it and the redrive policy would refer to each other.
    new SqsQueueRedriveAllowPolicy(scope, "redrive-allow", {
      queueUrl: deadLetterQueue.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [queue.arn] }),
    });
    requireTls(scope, "queue", queue);
    requireTls(scope, "dead-letter-queue", deadLetterQueue);
    const created: Queue = {
      queueName: names.queue,
      url: queue.url,
      arn: queue.arn,
      deadLetterQueueName: names.deadLetterQueue,
      deadLetterQueueArn: deadLetterQueue.arn,
    };
    this.watch(scope, name, created, config);
    return created;
  }

  /** What a queue and its dead-letter queue share: FIFO or not, the key, long polling, message size. */
  private sharedSettings(config: QueueConfig) {
    return {
      fifoQueue: config.fifo,
      kmsMasterKeyId: this.props.keyArn,
      kmsDataKeyReusePeriodSeconds: DATA_KEY_REUSE_SECONDS,
      receiveWaitTimeSeconds: config.receiveWaitTimeSeconds,
      maxMessageSize: config.maxMessageSizeKiB * BYTES_PER_KIB,
    };
  }

  /**
   * Any message in the dead-letter queue pages (it is a message the application failed to handle,
   * `maxReceiveCount` times); a message older than the threshold notifies (consumers are stuck or
   * too few). Plus the dashboard's tiles for the queue.
   */
  private watch(scope: Construct, name: string, queue: Queue, config: QueueConfig): void {
    const { monitor } = this.props;
    const resource = `queue-${name}`;
    const threshold = config.alarms.oldestMessageAgeSeconds;
    const deadLetters = sqsMetric(queue.deadLetterQueueName, "ApproximateNumberOfMessagesVisible");
    const oldestAge = sqsMetric(queue.queueName, "ApproximateAgeOfOldestMessage");
    monitor.alarm(scope, {
      resource,
      signal: "dead-letters",
      description:
        `Messages in ${queue.deadLetterQueueName}: ${queue.queueName}'s consumers failed them ${config.maxReceiveCount} time(s). ` +
        "Read them and the consumer's logs, fix the cause, then redrive them to the source queue.",
      metric: deadLetters,
      comparison: "GreaterThanThreshold",
      threshold: 0,
      ...sustainedFor(1),
      missingData: "notBreaching",
      severity: "page",
    });
    monitor.alarm(scope, {
      resource,
      signal: "oldest-message-age-high",
      description:
        `The oldest message in ${queue.queueName} is older than ${threshold} s for 5 minutes: consumers are stuck, failing ` +
        "or too few; look at their logs and count, and at the visible messages.",
      metric: oldestAge,
      comparison: "GreaterThanThreshold",
      threshold,
      ...sustainedFor(ALARM_MINUTES),
      missingData: "notBreaching",
      severity: "notify",
    });
    const section = `Queue ${queue.queueName}`;
    monitor.tile({ section, title: "Visible messages", metrics: [sqsMetric(queue.queueName, "ApproximateNumberOfMessagesVisible")] });
    monitor.tile({ section, title: "Age of oldest message (s)", metrics: [oldestAge], threshold });
    monitor.tile({ section, title: "Dead-letter messages", metrics: [deadLetters], threshold: 0 });
  }
}

function sends(access: QueueAccess | undefined): boolean {
  return access === "send" || access === "send-and-consume";
}

function consumesFrom(access: QueueAccess | undefined): boolean {
  return access === "consume" || access === "send-and-consume";
}

function sqsMetric(name: string, metricName: string): Metric {
  return { namespace: "AWS/SQS", metricName, dimensions: { QueueName: name }, statistic: "Maximum" };
}

/** A queue policy refusing every request made without TLS. */
function requireTls(scope: Construct, id: string, queue: SqsQueue): void {
  new SqsQueuePolicy(scope, `${id}-policy`, {
    queueUrl: queue.url,
    policy: policyDocument(scope, `${id}-policy-document`, [
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["sqs:*"],
        resources: [queue.arn],
        principals: [{ type: "*", identifiers: ["*"] }],
        conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]).json,
  });
}
