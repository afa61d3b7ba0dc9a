import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DefaultTokenResolver, StringConcat, TerraformStack, Testing, Tokenization } from "cdktf";
import { createAwsContext } from "../modules/core/aws-context";
import { formatIssues } from "../modules/core/problems";
import { Problems, strict, z } from "../modules/core/schema";
import { PolicyPack } from "../modules/guardrails/policy-pack";
import { POLICY_RULES } from "../modules/platform/capabilities";
import { Queues } from "../modules/queue/queues";
import { checkQueueUses, QUEUE_VARIABLE, queuesSchema, QueuesInput, QueueUse, queueUseSchema, queueVariables } from "../modules/queue/schema";
import { RecordingMonitor } from "./support/monitor";
import { dataSourceAt, FoundResource, resourceAt, resourcesOf, synthesized, SynthesizedStack } from "./support/synth";
import { CONFIG_LOCATOR } from "../modules/platform/config-locator";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
const DAY = 86400;

interface QueuesHarness {
  readonly stack: SynthesizedStack;
  readonly queues: Queues;
  readonly monitor: RecordingMonitor;
}

/** The queues of `input` on a fresh stack of project "acme", environment "test". */
function queuesOn(input: QueuesInput): QueuesHarness {
  const stack = new TerraformStack(Testing.app(), "queues-test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const monitor = new RecordingMonitor();
  const queues = new Queues(stack, "queues", {
    context: createAwsContext(stack, "acme", "test", "eu-west-1"),
    keyArn: KEY_ARN,
    monitor,
    queues: queuesSchema.parse(input),
  });
  return { stack: synthesized(stack), queues, monitor };
}

function queueAt(stack: SynthesizedStack, name: string): FoundResource {
  return resourceAt(stack, "aws_sqs_queue", `queues/${name}/queue`);
}

function deadLetterQueueAt(stack: SynthesizedStack, name: string): FoundResource {
  return resourceAt(stack, "aws_sqs_queue", `queues/${name}/dead-letter-queue`);
}

/** A value of the stack with its tokens resolved to Terraform references, e.g. "${aws_sqs_queue.x.arn}". */
function resolved<T>(harness: QueuesHarness, value: T): T {
  return Tokenization.resolve(value, {
    scope: harness.stack.stack,
    resolver: new DefaultTokenResolver(new StringConcat()),
    preparing: false,
  }) as T;
}

describe("GIVEN a standard queue with every default and a FIFO queue with settings of its own", () => {
  const harness = queuesOn({
    emails: {},
    orders: {
      fifo: true,
      contentBasedDeduplication: true,
      visibilityTimeoutSeconds: 120,
      retentionDays: 7,
      deadLetterRetentionDays: 10,
      maxReceiveCount: 5,
      receiveWaitTimeSeconds: 0,
      maxMessageSizeKiB: 64,
      alarms: { oldestMessageAgeSeconds: 300 },
    },
  });
  const { stack, monitor } = harness;

  it("THEN the standard queue is <project>-<env>-<name>, keeps messages 4 days, long-polls 20 s, hides received messages 30 s", () => {
    expect(queueAt(stack, "emails").resource).toMatchObject({
      name: "acme-test-emails",
      fifo_queue: false,
      content_based_deduplication: false,
      message_retention_seconds: 4 * DAY,
      receive_wait_time_seconds: 20,
      visibility_timeout_seconds: 30,
      max_message_size: 262144,
    });
  });

  it("THEN its dead-letter queue is <name>-dlq and keeps messages 14 days", () => {
    expect(deadLetterQueueAt(stack, "emails").resource).toMatchObject({
      name: "acme-test-emails-dlq",
      fifo_queue: false,
      message_retention_seconds: 14 * DAY,
      receive_wait_time_seconds: 20,
    });
  });

  it("THEN both FIFO queues get the .fifo suffix, and the main one deduplicates by content", () => {
    expect(queueAt(stack, "orders").resource).toMatchObject({
      name: "acme-test-orders.fifo",
      fifo_queue: true,
      content_based_deduplication: true,
      message_retention_seconds: 7 * DAY,
      visibility_timeout_seconds: 120,
      receive_wait_time_seconds: 0,
      max_message_size: 64 * 1024,
    });
    expect(deadLetterQueueAt(stack, "orders").resource).toMatchObject({
      name: "acme-test-orders-dlq.fifo",
      fifo_queue: true,
      message_retention_seconds: 10 * DAY,
    });
  });

  it("THEN every queue is encrypted with the environment's key, reusing a data key for 5 minutes", () => {
    const all = Object.values(resourcesOf(stack, "aws_sqs_queue"));
    expect(all).toHaveLength(4);
    for (const queue of all) {
      expect(queue).toMatchObject({ kms_master_key_id: KEY_ARN, kms_data_key_reuse_period_seconds: 300 });
      expect(queue.sqs_managed_sse_enabled).toBeUndefined();
    }
  });

  it.each([
    ["emails", 3],
    ["orders", 5],
  ])("THEN %s moves a message to its dead-letter queue after %i receives", (name, maxReceiveCount) => {
    expect(JSON.parse(String(queueAt(stack, name).resource.redrive_policy))).toEqual({
      deadLetterTargetArn: deadLetterQueueAt(stack, name).ref("arn"),
      maxReceiveCount,
    });
  });

  it.each(["emails", "orders"])("THEN the dead-letter queue of %s accepts messages from that queue only", (name) => {
    const allow = resourceAt(stack, "aws_sqs_queue_redrive_allow_policy", `queues/${name}/redrive-allow`).resource;
    expect(allow.queue_url).toBe(deadLetterQueueAt(stack, name).ref("url"));
    expect(JSON.parse(String(allow.redrive_allow_policy))).toEqual({
      redrivePermission: "byQueue",
      sourceQueueArns: [queueAt(stack, name).ref("arn")],
    });
    expect(deadLetterQueueAt(stack, name).resource.redrive_allow_policy).toBeUndefined();
  });

  it.each([
    ["emails", "queue"],
    ["emails", "dead-letter-queue"],
    ["orders", "queue"],
    ["orders", "dead-letter-queue"],
  ])("THEN the %s %s refuses every request made without TLS", (name, id) => {
    const queue = resourceAt(stack, "aws_sqs_queue", `queues/${name}/${id}`);
    const document = dataSourceAt(stack, "aws_iam_policy_document", `queues/${name}/${id}-policy-document`);
    expect(resourceAt(stack, "aws_sqs_queue_policy", `queues/${name}/${id}-policy`).resource).toMatchObject({
      queue_url: queue.ref("url"),
      policy: document.ref("json"),
    });
    expect(document.resource.statement).toEqual([
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["sqs:*"],
        resources: [queue.ref("arn")],
        principals: [{ type: "*", identifiers: ["*"] }],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]);
  });

  it("THEN every queue registers the dead-letter alarm: any message, 1 of 1 minute, paging", () => {
    const deadLetters = monitor.alarms.filter((alarm) => alarm.signal === "dead-letters");
    expect(deadLetters.map((alarm) => alarm.resource)).toEqual(["queue-emails", "queue-orders"]);
    expect(deadLetters[1]).toMatchObject({
      metric: {
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: "acme-test-orders-dlq.fifo" },
        statistic: "Maximum",
      },
      comparison: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      missingData: "notBreaching",
      severity: "page",
    });
  });

  it.each([
    ["emails", "acme-test-emails", 900],
    ["orders", "acme-test-orders.fifo", 300],
  ])("THEN %s notifies when its oldest message is older than the threshold for 5 minutes", (name, queueName, threshold) => {
    expect(monitor.alarms).toContainEqual({
      resource: `queue-${name}`,
      signal: "oldest-message-age-high",
      description: expect.stringContaining(`older than ${threshold} s`),
      metric: { namespace: "AWS/SQS", metricName: "ApproximateAgeOfOldestMessage", dimensions: { QueueName: queueName }, statistic: "Maximum" },
      comparison: "GreaterThanThreshold",
      threshold,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      missingData: "notBreaching",
      severity: "notify",
    });
  });

  it("THEN each queue registers exactly its two alarms and three dashboard tiles", () => {
    expect(monitor.alarms).toHaveLength(4);
    expect(monitor.tiles.filter((tile) => tile.section === "Queue acme-test-emails").map((tile) => tile.title)).toEqual([
      "Visible messages",
      "Age of oldest message (s)",
      "Dead-letter messages",
    ]);
    expect(monitor.tiles).toHaveLength(6);
  });
});

describe("GIVEN queues in a production stack", () => {
  const { stack } = queuesOn({ emails: {}, orders: { fifo: true } });

  it("THEN every rule of the policy pack passes over them", () => {
    const results = new PolicyPack(stack.stack, { tier: "production", rules: POLICY_RULES, locator: CONFIG_LOCATOR, suppressions: [] }).evaluate();
    expect(results.filter((result) => result.status !== "pass")).toEqual([]);
    expect(results.map((result) => result.rule)).toContain("PLAT-SQS-1");
  });
});

describe("GIVEN a queue whose name makes the AWS name longer than SQS allows", () => {
  const name = "a".repeat(70);
  const { stack } = queuesOn({ [name]: { fifo: true } });

  it("THEN both names are shortened with a stable hash to 80 characters, keeping the .fifo suffix", () => {
    for (const queue of [queueAt(stack, name), deadLetterQueueAt(stack, name)]) {
      const awsName = String(queue.resource.name);
      expect(awsName).toMatch(/^acme-test-a+-[0-9a-f]{8}\.fifo$/);
      expect(awsName).toHaveLength(80);
    }
    expect(queueAt(stack, name).resource.name).not.toBe(deadLetterQueueAt(stack, name).resource.name);
  });
});

describe("GIVEN a service bound to the queues", () => {
  const harness = queuesOn({ emails: {}, orders: { fifo: true }, "email-jobs": {} });
  const { stack, queues } = harness;
  const arnOf = (name: string) => queueAt(stack, name).ref("arn");
  const bound = (use: QueueUse) => resolved(harness, queues.bindingFor("worker", use));
  const SEND = ["sqs:SendMessage", "sqs:GetQueueAttributes"];
  const CONSUME = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"];
  /** The key's use, only through SQS and only for these queues (their ARNs are SQS's encryption context). */
  const keyUse = (sid: string, actions: string[], names: string[]) => ({
    sid,
    actions,
    resources: [KEY_ARN],
    conditions: [
      { test: "StringEquals", variable: "kms:ViaService", values: ["sqs.eu-west-1.amazonaws.com"] },
      { test: "StringEquals", variable: "kms:EncryptionContext:aws:sqs:arn", values: names.map(arnOf) },
    ],
  });

  it("WHEN it sends to a queue THEN it may send and read attributes there, generate and verify data keys, and gets the URL", () => {
    expect(bound({ emails: "send" })).toEqual({
      environment: { QUEUE_EMAILS_URL: queueAt(stack, "emails").ref("url") },
      taskRoleStatements: [
        { sid: "SendToQueues", actions: SEND, resources: [arnOf("emails")] },
        keyUse("UseKeyOfQueuesSentTo", ["kms:GenerateDataKey", "kms:Decrypt"], ["emails"]),
      ],
    });
  });

  it("WHEN it consumes a queue THEN it may receive, delete and change visibility there, and decrypt", () => {
    expect(bound({ orders: "consume" })).toEqual({
      environment: { QUEUE_ORDERS_URL: queueAt(stack, "orders").ref("url") },
      taskRoleStatements: [
        { sid: "ConsumeFromQueues", actions: CONSUME, resources: [arnOf("orders")] },
        keyUse("UseKeyOfQueuesConsumed", ["kms:Decrypt"], ["orders"]),
      ],
    });
  });

  it("WHEN it sends to and consumes one queue THEN it gets both, on that queue only", () => {
    expect(bound({ "email-jobs": "send-and-consume" }).taskRoleStatements).toEqual([
      { sid: "SendToQueues", actions: SEND, resources: [arnOf("email-jobs")] },
      { sid: "ConsumeFromQueues", actions: CONSUME, resources: [arnOf("email-jobs")] },
      keyUse("UseKeyOfQueuesSentTo", ["kms:GenerateDataKey", "kms:Decrypt"], ["email-jobs"]),
      keyUse("UseKeyOfQueuesConsumed", ["kms:Decrypt"], ["email-jobs"]),
    ]);
  });

  it("WHEN it uses several queues THEN each statement lists the queues of its access, and each URL has its variable", () => {
    const binding = bound({ orders: "consume", emails: "send", "email-jobs": "consume" });
    expect(binding.taskRoleStatements).toEqual([
      { sid: "SendToQueues", actions: SEND, resources: [arnOf("emails")] },
      { sid: "ConsumeFromQueues", actions: CONSUME, resources: [arnOf("email-jobs"), arnOf("orders")] },
      keyUse("UseKeyOfQueuesSentTo", ["kms:GenerateDataKey", "kms:Decrypt"], ["emails"]),
      keyUse("UseKeyOfQueuesConsumed", ["kms:Decrypt"], ["email-jobs", "orders"]),
    ]);
    expect(Object.keys(binding.environment ?? {})).toEqual(["QUEUE_EMAIL_JOBS_URL", "QUEUE_EMAILS_URL", "QUEUE_ORDERS_URL"]);
  });

  it("WHEN it is bound THEN it gets no secrets, no execution-role grants and no network path (SQS is an HTTPS API)", () => {
    const binding = queues.bindingFor("worker", { emails: "send-and-consume" });
    expect(binding.secrets).toBeUndefined();
    expect(binding.executionRoleSecretArns).toBeUndefined();
    expect(binding.executionRoleStatements).toBeUndefined();
    expect(binding.connection).toBeUndefined();
  });

  it("WHEN it names a queue the environment does not have THEN binding fails, pointing at validation", () => {
    expect(() => queues.bindingFor("worker", { emailz: "send" })).toThrow(/queue emailz, which this environment does not have/);
  });
});

describe("GIVEN queue names and the variables they give", () => {
  it.each([
    ["emails", "QUEUE_EMAILS_URL"],
    ["email-jobs", "QUEUE_EMAIL_JOBS_URL"],
    ["2fa-codes", "QUEUE_2FA_CODES_URL"],
  ])("WHEN the queue is %s THEN the variable is %s", (name, variable) => {
    expect(QUEUE_VARIABLE(name)).toBe(variable);
  });

  it("WHEN a service uses queues THEN queueVariables lists their variables, sorted", () => {
    expect(queueVariables({ orders: "consume", emails: "send" })).toEqual(["QUEUE_EMAILS_URL", "QUEUE_ORDERS_URL"]);
  });
});

/** The problem lines of an environment's `queues` section ("" when valid). */
function problemsOf(queues: unknown): string {
  const input = { queues };
  const result = strict({ queues: queuesSchema }).safeParse(input);
  return result.success ? "" : formatIssues('environment "test"', input, result.error.issues).join("\n");
}

describe("GIVEN an environment's queues section", () => {
  it("WHEN a queue sets nothing THEN every default is filled in", () => {
    expect(queuesSchema.parse({ emails: {} })).toEqual({
      emails: {
        visibilityTimeoutSeconds: 30,
        retentionDays: 4,
        deadLetterRetentionDays: 14,
        maxReceiveCount: 3,
        fifo: false,
        contentBasedDeduplication: false,
        receiveWaitTimeSeconds: 20,
        maxMessageSizeKiB: 256,
        alarms: { oldestMessageAgeSeconds: 900 },
      },
    });
  });

  it.each(["orders.fifo", "jobs.fifo"])("WHEN a name is %s THEN it is refused: fifo: true appends the suffix", (name) => {
    expect(problemsOf({ [name]: { fifo: true } })).toBe(
      `environment "test": queues has the key "${name}"; expected a name without ".fifo": ` +
        "the platform appends it to the queue's name when the queue has fifo: true",
    );
  });

  it.each(["Emails", "email_jobs", "", "a".repeat(71)])("WHEN a name is %j THEN it is refused, saying what names may be", (name) => {
    expect(problemsOf({ [name]: {} })).toBe(
      `environment "test": queues has the key ${JSON.stringify(name)}; expected 1-70 characters of a-z, 0-9 and '-'`,
    );
  });

  it("WHEN a standard queue asks for content-based deduplication THEN it is refused", () => {
    expect(problemsOf({ emails: { contentBasedDeduplication: true } })).toBe(
      'environment "test": queues.emails.contentBasedDeduplication is true; expected false unless fifo is true: only FIFO queues deduplicate',
    );
  });

  it.each([
    ["visibilityTimeoutSeconds", 43201, "a whole number of seconds from 0 to 43200"],
    ["visibilityTimeoutSeconds", 1.5, "a whole number of seconds from 0 to 43200"],
    ["retentionDays", 0, "a whole number of days from 1 to 14"],
    ["retentionDays", 15, "a whole number of days from 1 to 14"],
    ["deadLetterRetentionDays", 15, "a whole number of days from 1 to 14"],
    ["maxReceiveCount", 0, "a whole number from 1 to 1000"],
    ["maxReceiveCount", 1001, "a whole number from 1 to 1000"],
    ["receiveWaitTimeSeconds", 21, "a whole number of seconds from 0 to 20"],
    ["maxMessageSizeKiB", 1025, "a whole number of KiB from 1 to 1024 (SQS's limit is 1 MiB)"],
    ["fifo", "yes", "true or false"],
  ])("WHEN %s is %j THEN it is refused", (field, value, expected) => {
    expect(problemsOf({ emails: { [field]: value } })).toBe(
      `environment "test": queues.emails.${field} is ${JSON.stringify(value)}; expected ${expected}`,
    );
  });

  it("WHEN the age alarm's threshold is out of range THEN it is refused", () => {
    expect(problemsOf({ emails: { alarms: { oldestMessageAgeSeconds: 30 } } })).toBe(
      'environment "test": queues.emails.alarms.oldestMessageAgeSeconds is 30; expected a whole number of seconds from 60 to 1209600',
    );
  });

  it("WHEN the age alarm's threshold is at or past the retention THEN it is refused: it could never fire", () => {
    expect(problemsOf({ emails: { retentionDays: 1, alarms: { oldestMessageAgeSeconds: DAY } } })).toBe(
      'environment "test": queues.emails.alarms.oldestMessageAgeSeconds is 86400; expected a whole number of seconds below ' +
        "the retention of 1 day(s) (86400): older messages are deleted before the alarm could fire",
    );
  });

  it.each([0, 5, false])("WHEN deadLetterMessages is set to %j THEN it is refused: the dead-letter alarm cannot be changed or switched off", (value) => {
    expect(problemsOf({ emails: { alarms: { deadLetterMessages: value } } })).toBe(
      `environment "test": queues.emails.alarms.deadLetterMessages is ${JSON.stringify(value)}; ` +
        "expected no value: the dead-letter queue alarm fires on any message and cannot be changed or switched off",
    );
  });

  it("WHEN a standard queue's dead-letter queue keeps messages for less time than the queue THEN it is refused", () => {
    expect(problemsOf({ emails: { retentionDays: 7, deadLetterRetentionDays: 3 } })).toBe(
      'environment "test": queues.emails.deadLetterRetentionDays is 3; expected a whole number of days from retentionDays (7) to 14: ' +
        "a standard queue's message keeps its enqueue time in the dead-letter queue, so a shorter retention there deletes it before anyone looks",
    );
  });

  it("WHEN a FIFO queue's does THEN it is accepted: moving a FIFO message restarts its retention", () => {
    expect(problemsOf({ orders: { fifo: true, retentionDays: 7, deadLetterRetentionDays: 3 } })).toBe("");
  });

  it("WHEN a queue has an unknown field THEN it is refused, suggesting the nearest", () => {
    expect(problemsOf({ emails: { retentionDay: 4 } })).toBe(
      'environment "test": queues.emails.retentionDay is not a known field; did you mean retentionDays?',
    );
  });
});

/** An environment's queues and one service's uses, checked together as the platform schema does. */
const withUses = strict({ queues: queuesSchema, uses: queueUseSchema }).superRefine((config, context) =>
  checkQueueUses(config.uses, config.queues, new Problems(context).nested("uses")),
);

function useProblemsOf(input: { queues: unknown; uses: unknown }): string {
  const result = withUses.safeParse(input);
  return result.success ? "" : formatIssues('environment "test"', input, result.error.issues).join("\n");
}

describe("GIVEN a service's uses.queues", () => {
  it.each(["send", "consume", "send-and-consume"])("WHEN its access to a queue of the environment is %s THEN it is accepted", (access) => {
    expect(useProblemsOf({ queues: { emails: {} }, uses: { emails: access } })).toBe("");
  });

  it("WHEN it names a queue the environment does not have THEN it is refused, listing the queues there are", () => {
    expect(useProblemsOf({ queues: { emails: {}, reports: {} }, uses: { emails: "send", emailz: "consume" } })).toBe(
      'environment "test": uses.emailz is "emailz"; expected a queue of this environment: emails, reports',
    );
  });

  it("WHEN the environment has no queues THEN it says so", () => {
    expect(useProblemsOf({ queues: {}, uses: { emails: "send" } })).toBe(
      'environment "test": uses.emails is "emails"; expected a queue of this environment: none configured',
    );
  });

  it("WHEN it names a property every object has THEN it is still refused", () => {
    expect(useProblemsOf({ queues: { emails: {} }, uses: { constructor: "send" } })).toContain("uses.constructor");
  });

  it.each(["read", "receive", true])("WHEN the access is %j THEN it is refused, listing the accesses", (access) => {
    expect(z.safeParse(queueUseSchema, { emails: access }).success).toBe(false);
    expect(useProblemsOf({ queues: { emails: {} }, uses: { emails: access } })).toBe(
      `environment "test": uses.emails is ${JSON.stringify(access)}; expected one of send, consume, send-and-consume`,
    );
  });
});
