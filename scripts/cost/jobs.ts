/**
 * Jobs: EventBridge Scheduler schedules whose target runs an ECS task, directly or through a Step
 * Functions state machine (a job's skip-if-running guard). Each run is priced as Fargate time (runs
 * a month × minutes a run × the task definition's size), plus the scheduler's invocations and, for
 * a state machine, its state transitions. A schedule with another target is priced for its
 * invocations only.
 */
import { CapacityShare, isArchitecture, splitTasks, taskSize } from "./compute";
import { count, EstimateContext, LineItem, lineItem, Price, price, scaledPrice, unmodelled } from "./line-items";
import { HOURS_PER_MONTH } from "./prices";
import { Block, block, blocks, isBlock, num, Resource, str } from "./terraform";

const MINUTES_PER_MONTH = HOURS_PER_MONTH * 60;
const RATE = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/;
const MINUTES_PER_UNIT: Readonly<Record<string, number>> = { minute: 1, minutes: 1, hour: 60, hours: 60, day: 1440, days: 1440 };

const CRON = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/;
const DAYS_PER_MONTH = 365 / 12;
const WEEKS_PER_MONTH = DAYS_PER_MONTH / 7;
const DAY_NAMES: Readonly<Record<string, number>> = { SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };

/**
 * How many values a cron field of `first`..`last` matches: "*", "?", a number, a range "a-b",
 * steps "*\/n" or "a/n", and comma lists of those; undefined for anything else (L, W, #, names of
 * months), which the caller leaves to the assumption.
 */
function fieldCount(field: string, first: number, last: number): number | undefined {
  if (field === "*" || field === "?") return last - first + 1;
  let total = 0;
  for (const part of field.split(",")) {
    const named = part.replace(/[A-Z]{3}/g, (name) => String(DAY_NAMES[name] ?? NaN));
    const match = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(named);
    if (!match) return undefined;
    const start = match[1] === "*" ? first : Number(match[1]);
    const end = match[2] !== undefined ? Number(match[2]) : match[3] !== undefined || match[1] === "*" ? last : start;
    const step = match[3] !== undefined ? Number(match[3]) : 1;
    if (!(start >= first && end <= last && start <= end && step >= 1)) return undefined;
    total += Math.floor((end - start) / step) + 1;
  }
  return total;
}

/** Runs a month of a six-field cron expression (minutes hours day-of-month month day-of-week year), or undefined when a field is beyond fieldCount. */
export function cronRunsPerMonth(expression: string): number | undefined {
  const fields = CRON.exec(expression.trim());
  if (!fields) return undefined;
  const [, minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields;
  const perHour = fieldCount(minutes, 0, 59);
  const perDay = fieldCount(hours, 0, 23);
  const months = fieldCount(month, 1, 12);
  const everyDay = (field: string) => field === "*" || field === "?";
  // One of day-of-month and day-of-week is "?" (Scheduler's rule); the other picks the days.
  const days = everyDay(dayOfWeek) ? (everyDay(dayOfMonth) ? DAYS_PER_MONTH : fieldCount(dayOfMonth, 1, 31)) : mapped(fieldCount(dayOfWeek, 1, 7), (count) => count * WEEKS_PER_MONTH);
  if (year !== "*" || perHour === undefined || perDay === undefined || months === undefined || days === undefined) return undefined;
  return perHour * perDay * days * (months / 12);
}

function mapped(value: number | undefined, map: (value: number) => number): number | undefined {
  return value === undefined ? undefined : map(value);
}

/** Runs a month: from a rate() or a plain cron() expression, one for at(), else the jobRunsPerMonth assumption. */
export function runsPerMonth(expression: string | undefined, assumed: number): { readonly runs: number; readonly how: string } {
  const rate = expression === undefined ? null : RATE.exec(expression.trim());
  if (rate) return { runs: MINUTES_PER_MONTH / (Number(rate[1]) * MINUTES_PER_UNIT[rate[2]]), how: expression ?? "" };
  if (expression?.startsWith("at(")) return { runs: 1, how: "one run (at)" };
  const cron = expression === undefined ? undefined : cronRunsPerMonth(expression);
  if (cron !== undefined) return { runs: cron, how: expression ?? "" };
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

/**
 * The task definition a family ARN (no revision: the latest active one, so a job runs the release
 * the workflow registered) names, by its `family`.
 */
function definitionByFamily(context: EstimateContext, arn: unknown): Resource | undefined {
  const family = typeof arn === "string" ? /:task-definition\/([^:/]+)(?::\d+)?$/.exec(arn)?.[1] : undefined;
  return family === undefined ? undefined : context.stack.ofType("aws_ecs_task_definition").find((definition) => str(definition.body, "family") === family);
}

function jobRunLines(context: EstimateContext, schedule: Resource, ecs: Block): LineItem[] {
  const definition = context.stack.referenced(ecs.task_definition_arn) ?? definitionByFamily(context, ecs.task_definition_arn);
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

type States = Readonly<Record<string, Block>>;

function statesOf(machine: Resource): { readonly startAt: string; readonly states: States } | undefined {
  try {
    const definition: unknown = JSON.parse(str(machine.body, "definition") ?? "");
    if (!isBlock(definition) || !isBlock(definition.States) || typeof definition.StartAt !== "string") return undefined;
    return { startAt: definition.StartAt, states: definition.States as States };
  } catch {
    return undefined;
  }
}

/** States an execution enters along its default path (each Choice's Default, each Next) to its end: the transitions of one run. */
export function transitionsPerRun(machine: Resource): number | undefined {
  const parsed = statesOf(machine);
  if (!parsed) return undefined;
  const seen = new Set<string>();
  for (let name: unknown = parsed.startAt; typeof name === "string" && !seen.has(name); ) {
    const state = parsed.states[name];
    if (!state) return undefined;
    seen.add(name);
    name = state.Type === "Choice" ? state.Default : state.End === true ? undefined : state.Next;
  }
  return seen.size;
}

/** The ECS run a state machine's RunTask state makes, in the shape of a schedule's ecs_parameters. */
function runTaskParameters(machine: Resource): Block | undefined {
  const parsed = statesOf(machine);
  const state = Object.values(parsed?.states ?? {}).find((candidate) => typeof candidate.Resource === "string" && /:states:::ecs:runTask(?:\.sync)?$/.test(candidate.Resource));
  const parameters = isBlock(state?.Parameters) ? state.Parameters : undefined;
  if (!parameters) return undefined;
  const strategy = Array.isArray(parameters.CapacityProviderStrategy) ? parameters.CapacityProviderStrategy.filter(isBlock) : [];
  return {
    task_definition_arn: parameters.TaskDefinition,
    task_count: typeof parameters.Count === "number" ? parameters.Count : 1,
    ...(strategy.length > 0
      ? { capacity_provider_strategy: strategy.map((entry) => ({ capacity_provider: entry.CapacityProvider, weight: entry.Weight, base: entry.Base })) }
      : { launch_type: parameters.LaunchType }),
  };
}

/** The state machines schedules start, with their runs a month, and a line for each machine no schedule starts. */
function stateMachineLines(context: EstimateContext, schedules: readonly Resource[]): LineItem[] {
  const machines = context.stack.ofType("aws_sfn_state_machine");
  if (machines.length === 0) return [];
  const started = schedules.flatMap((schedule) => {
    const machine = context.stack.referenced(block(schedule.body, "target")?.arn);
    return machine?.type === "aws_sfn_state_machine" ? [{ schedule, machine }] : [];
  });
  const transitions = started.map(({ schedule, machine }) => ({
    machine,
    runs: runsPerMonth(str(schedule.body, "schedule_expression"), context.usage.jobRunsPerMonth).runs,
    each: transitionsPerRun(machine),
  }));
  const unreadable = transitions.filter((entry) => entry.each === undefined);
  const total = transitions.reduce((sum, entry) => sum + entry.runs * (entry.each ?? 0), 0);
  const lines: LineItem[] = [
    lineItem({
      item: "Step Functions state transitions",
      address: `aws_sfn_state_machine ×${started.length}`,
      quantity: total / 1000,
      unit: "thousand transitions",
      price:
        unreadable.length > 0
          ? unmodelled(`the definition of ${unreadable[0].machine.address} could not be read`)
          : price(context, (prices) => prices.stepFunctionsPerThousandTransitions, "Step Functions"),
      note: "each run enters the states of its path to the end (a started run's); the account's free 4,000 a month are not deducted",
    }),
  ];
  const unstarted = machines.filter((machine) => !started.some((entry) => entry.machine.address === machine.address));
  return [
    ...lines,
    ...unstarted.map((machine) =>
      lineItem({ item: "State machine executions", address: machine.address, quantity: 1, unit: "state machines", price: unmodelled("executions of a state machine no schedule starts are not modelled") }),
    ),
  ];
}

/** What a schedule's target runs: its own ecs_parameters, or those of the RunTask state of the state machine it starts. */
function ecsRunOf(context: EstimateContext, schedule: Resource): Block | undefined {
  const target = block(schedule.body, "target");
  const ecs = block(target, "ecs_parameters");
  if (ecs) return ecs;
  const machine = context.stack.referenced(target?.arn);
  return machine?.type === "aws_sfn_state_machine" ? runTaskParameters(machine) : undefined;
}

export function jobLines(context: EstimateContext): LineItem[] {
  const schedules = context.stack.ofType("aws_scheduler_schedule");
  const invocations = schedules.reduce((sum, schedule) => sum + runsPerMonth(str(schedule.body, "schedule_expression"), context.usage.jobRunsPerMonth).runs, 0);
  const runs = schedules.flatMap((schedule) => {
    const ecs = ecsRunOf(context, schedule);
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
  return [...(schedules.length === 0 ? [] : [...runs, invocationLine]), ...stateMachineLines(context, schedules)];
}
