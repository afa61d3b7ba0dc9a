/**
 * Scaling a consumer on its queue's backlog: what the queues capability adds to a service's
 * `autoscaling` (its `scaling`), so that the service and the platform know no queue.
 */
import { PerTaskMetric, ScalingRule } from "../core/capability";
import { Problems, strict, whole, z } from "../core/schema";
import { Queues } from "./queues";
import { QueueUse } from "./schema";

export const backlogScalingFields = {
  /**
   * Scale a consumer on its queue's backlog: visible messages per running task (Container
   * Insights' RunningTaskCount), next to CPU and memory. `queue` is a queue the service consumes
   * (`uses.queues`). Default: off.
   */
  queueBacklog: strict({
    /** The environment's queue, by name. No default. */
    queue: z.string({ error: "the name of a queue the service consumes" }),
    /** Visible messages one task should have waiting, e.g. how many it handles in a minute. No default. */
    messagesPerTask: whole(1, 1000000, "a whole number of messages per task"),
  }).optional(),
};

type BacklogScaling = z.output<z.ZodObject<typeof backlogScalingFields>>;

/**
 * Backlog scaling reads a queue the service consumes, divides by running tasks (so never zero of
 * them), and takes the running-task count from Container Insights.
 */
function checkBacklogScaling(
  autoscaling: BacklogScaling & { readonly minCapacity: number },
  service: { readonly use: QueueUse; readonly containerInsights: boolean },
  problems: Problems,
): void {
  const backlog = autoscaling.queueBacklog;
  if (!backlog) return;
  problems.check(autoscaling.minCapacity >= 1, "minCapacity", "at least 1 with queueBacklog: the backlog per task is divided by the running tasks");
  const nested = problems.nested("queueBacklog");
  const consumed = Object.entries(service.use).filter(([, access]) => access !== "send").map(([name]) => name);
  nested.check(consumed.includes(backlog.queue), "queue", `a queue this service consumes (uses.queues): ${consumed.join(", ") || "none"}`);
  nested.check(service.containerInsights, [], "no queueBacklog, or cluster.containerInsights on: the running-task count comes from Container Insights");
}

/** AWS's backlog-per-task pattern: the queue's visible messages, held at `messagesPerTask` per running task. */
function backlogMetrics(autoscaling: BacklogScaling, built: unknown): PerTaskMetric[] {
  const backlog = autoscaling.queueBacklog;
  if (!backlog) return [];
  if (!(built instanceof Queues)) throw new Error("queueBacklog names a queue, and this environment has none: was the config parsed?");
  return [
    {
      policy: "queue-backlog",
      targetValue: backlog.messagesPerTask,
      total: {
        id: "visible",
        stat: "Sum",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: [{ name: "QueueName", value: built.queue(backlog.queue).queueName }],
      },
      perTask: { id: "backlog_per_task", label: "Visible messages per running task" },
    },
  ];
}

export const backlogScaling: ScalingRule<QueueUse, typeof backlogScalingFields> = {
  fields: backlogScalingFields,
  check: checkBacklogScaling,
  metrics: backlogMetrics,
};
