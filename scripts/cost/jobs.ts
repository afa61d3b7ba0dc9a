/**
 * Jobs: EventBridge Scheduler schedules whose target runs an ECS task. Each run is priced as
 * Fargate time (runs a month × minutes a run × the task definition's size), plus the scheduler's
 * invocations. A schedule with another target is priced for its invocations only.
 */
import { CapacityShare, isArchitecture, splitTasks, taskSize } from "./compute";
import { count, EstimateContext, LineItem, lineItem, Price, price, scaledPrice, unmodelled } from "./line-items";
import { HOURS_PER_MONTH } from "./prices";
import { Block, block, blocks, num, Resource, str } from "./terraform";

const MINUTES_PER_MONTH = HOURS_PER_MONTH * 60;
const RATE = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/;
const MINUTES_PER_UNIT: Readonly<Record<string, number>> = { minute: 1, minutes: 1, hour: 60, hours: 60, day: 1440, days: 1440 };

/** Runs a month: from a rate() expression, one for at(), else (cron) the jobRunsPerMonth assumption. */
export function runsPerMonth(expression: string | undefined, assumed: number): { readonly runs: number; readonly how: string } {
  const rate = expression === undefined ? null : RATE.exec(expression.trim());
  if (rate) return { runs: MINUTES_PER_MONTH / (Number(rate[1]) * MINUTES_PER_UNIT[rate[2]]), how: expression ?? "" };
  if (expression?.startsWith("at(")) return { runs: 1, how: "one run (at)" };
  return { runs: assumed, how: `${expression ?? "no expression"}: jobRunsPerMonth (assumption)` };
}

function shares(ecs: Block | undefined): CapacityShare[] {
  const strategy = blocks(ecs, "capacity_provider_strategy");
  if (strategy.length > 0) {
    return strategy.map((entry) => ({ provider: str(entry, "capacity_provider") ?? "", base: num(entry, "base") ?? 0, weight: num(entry, "weight") ?? 0 }));
  }
  return [{ provider: str(ecs, "launch_type") ?? "FARGATE", base: 0, weight: 1 }];
}

function fargateRate(context: EstimateContext, definition: Block, provider: string): Price {
  const size = taskSize(definition);
  if (provider !== "FARGATE" && provider !== "FARGATE_SPOT") return unmodelled(`jobs on capacity provider ${provider} are not modelled`);
  if (size.operatingSystem !== "LINUX") return unmodelled(`Fargate on ${size.operatingSystem} is not in the price table`);
  const perHour = price(
    context,
    (prices) => {
      if (!isArchitecture(size.architecture)) return undefined;
      const rates = prices.fargate[size.architecture];
      return size.vcpu * rates.vcpuHour + size.memoryGb * rates.gbHour;
    },
    `Fargate ${size.architecture}`,
  );
  return provider === "FARGATE_SPOT" ? scaledPrice(perHour, 1 - context.usage.fargateSpotDiscountPercent / 100) : perHour;
}

function jobRunLines(context: EstimateContext, schedule: Resource, ecs: Block): LineItem[] {
  const definition = context.stack.referenced(ecs.task_definition_arn);
  const { runs, how } = runsPerMonth(str(schedule.body, "schedule_expression"), context.usage.jobRunsPerMonth);
  const tasksPerRun = num(ecs, "task_count") ?? 1;
  const minutes = context.usage.jobMinutesPerRun;
  const taskHours = (runs * tasksPerRun * minutes) / 60;
  if (!definition) {
    return [lineItem({ item: "Job runs", address: schedule.address, quantity: taskHours, unit: "task-hours", price: unmodelled("the job's task definition is not a resource of this stack") })];
  }
  const strategy = shares(ecs);
  const split = splitTasks(strategy, 1);
  return strategy
    .filter((share) => (split.get(share.provider) ?? 0) > 0)
    .map((share) =>
      lineItem({
        item: `Job runs (${share.provider === "FARGATE_SPOT" ? "Fargate Spot" : share.provider === "FARGATE" ? "Fargate on-demand" : share.provider})`,
        address: schedule.address,
        quantity: taskHours * (split.get(share.provider) ?? 0),
        unit: "task-hours",
        price: fargateRate(context, definition.body, share.provider),
        note: `${count(runs)} run(s) a month (${how}) × ${tasksPerRun} task(s) × ${count(minutes)} min (jobMinutesPerRun, assumption)`,
      }),
    );
}

export function jobLines(context: EstimateContext): LineItem[] {
  const schedules = context.stack.ofType("aws_scheduler_schedule");
  const invocations = schedules.reduce((sum, schedule) => sum + runsPerMonth(str(schedule.body, "schedule_expression"), context.usage.jobRunsPerMonth).runs, 0);
  const runs = schedules.flatMap((schedule) => {
    const ecs = block(block(schedule.body, "target"), "ecs_parameters");
    return ecs ? jobRunLines(context, schedule, ecs) : [];
  });
  const invocationLine = lineItem({
    item: "EventBridge Scheduler invocations",
    address: `aws_scheduler_schedule ×${schedules.length}`,
    quantity: invocations / 1e6,
    unit: "million invocations",
    price: price(context, (prices) => prices.schedulerPerMillion, "EventBridge Scheduler"),
    note: "the account's free 14 million a month are not deducted",
  });
  return schedules.length === 0 ? [] : [...runs, invocationLine];
}
