/** ECS services on Fargate: vCPU and memory hours at the fewest and most tasks, on-demand and Spot, and their public IPs. */
import { countRange, EstimateContext, LineItem, lineItem, price, Range, scaledPrice, unmodelled } from "./line-items";
import { HOURS_PER_MONTH } from "./prices";
import { Block, block, blocks, bool, num, referencedAddress, Resource, str } from "./terraform";

const FARGATE = "FARGATE";
const HOURS_PER_WEEK = 168;
const WEEKS_PER_MONTH = HOURS_PER_MONTH / HOURS_PER_WEEK;
const FARGATE_SPOT = "FARGATE_SPOT";
/** Every Fargate task gets this much ephemeral storage free. */
const FREE_EPHEMERAL_GIB = 20;
const ARCHITECTURES = ["X86_64", "ARM64"] as const;
type Architecture = (typeof ARCHITECTURES)[number];

export interface CapacityShare {
  readonly provider: string;
  readonly base: number;
  readonly weight: number;
}

/**
 * Tasks per capacity provider for `tasks` tasks: each provider's base first (in order), then the
 * rest by weight. The share by weight is kept fractional: the estimate is the expected split.
 */
export function splitTasks(strategy: readonly CapacityShare[], tasks: number): ReadonlyMap<string, number> {
  const split = new Map<string, number>(strategy.map((share) => [share.provider, 0]));
  let remaining = tasks;
  for (const share of strategy) {
    const base = Math.min(remaining, share.base);
    split.set(share.provider, base);
    remaining -= base;
  }
  const totalWeight = strategy.reduce((sum, share) => sum + share.weight, 0);
  for (const share of strategy) {
    const byWeight = totalWeight > 0 ? (remaining * share.weight) / totalWeight : share === strategy[0] ? remaining : 0;
    split.set(share.provider, (split.get(share.provider) ?? 0) + byWeight);
  }
  return split;
}

function capacityShares(entries: readonly Block[]): CapacityShare[] {
  return entries.map((entry) => ({ provider: str(entry, "capacity_provider") ?? "", base: num(entry, "base") ?? 0, weight: num(entry, "weight") ?? 0 }));
}

/** The service's own strategy, its launch type, else its cluster's default strategy, else Fargate on-demand. */
export function capacityStrategy(context: EstimateContext, service: Block): CapacityShare[] {
  const own = blocks(service, "capacity_provider_strategy");
  if (own.length > 0) return capacityShares(own);
  const launchType = str(service, "launch_type");
  if (launchType !== undefined) return [{ provider: launchType, base: 0, weight: 1 }];
  const cluster = referencedAddress(service.cluster);
  const defaults = context.stack
    .ofType("aws_ecs_cluster_capacity_providers")
    .find((providers) => cluster !== undefined && referencedAddress(providers.body.cluster_name) === cluster);
  const clusterDefault = blocks(defaults?.body, "default_capacity_provider_strategy");
  return clusterDefault.length > 0 ? capacityShares(clusterDefault) : [{ provider: FARGATE, base: 0, weight: 1 }];
}

/** The Application Auto Scaling target of an ECS service: resource_id `service/<cluster>/<service>`. */
function scalingTarget(context: EstimateContext, service: Resource): Block | undefined {
  return scalingTargetResource(context, service)?.body;
}

function scalingTargetResource(context: EstimateContext, service: Resource): Resource | undefined {
  const name = str(service.body, "name");
  return context.stack.ofType("aws_appautoscaling_target").find((target) => {
    const resourceId = str(target.body, "resource_id") ?? "";
    if (str(target.body, "service_namespace") !== "ecs" || !resourceId.startsWith("service/")) return false;
    const serviceName = resourceId.slice(resourceId.lastIndexOf("/") + 1);
    const reference = resourceId.match(/\$\{aws_ecs_service\.([^.}]+)\.[^}]+\}$/);
    return reference ? `aws_ecs_service.${reference[1]}` === service.address : serviceName === name;
  });
}

/** The fewest and most running tasks: the autoscaling target's bounds, else the desired count (Terraform's default 0). */
export function taskCounts(context: EstimateContext, service: Resource): Range {
  const target = scalingTarget(context, service);
  const desired = taskCount(service.body, "desired_count") ?? 0;
  return target ? { min: taskCount(target, "min_capacity") ?? desired, max: taskCount(target, "max_capacity") ?? desired } : { min: desired, max: desired };
}

/**
 * A count, or the count a service runs once its secrets have values: a service that reads a secret
 * not yet set is held at zero by `${length(...versions) > 0 ? N : 0}`, and is priced at N.
 */
function taskCount(body: Block | undefined, key: string): number | undefined {
  const held = /\?\s*(\d+)\s*:\s*0\s*\}$/.exec(str(body, key) ?? "");
  return held ? Number(held[1]) : num(body, key);
}

export interface TaskSize {
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly architecture: string;
  readonly operatingSystem: string;
  readonly ephemeralGib: number;
}

export function taskSize(definition: Block): TaskSize {
  const platform = block(definition, "runtime_platform");
  return {
    vcpu: (num(definition, "cpu") ?? 0) / 1024,
    memoryGb: (num(definition, "memory") ?? 0) / 1024,
    architecture: str(platform, "cpu_architecture") ?? "X86_64",
    operatingSystem: str(platform, "operating_system_family") ?? "LINUX",
    ephemeralGib: num(block(definition, "ephemeral_storage"), "size_in_gib") ?? FREE_EPHEMERAL_GIB,
  };
}

export function isArchitecture(value: string): value is Architecture {
  return (ARCHITECTURES as readonly string[]).includes(value);
}

function tasksOn(strategy: readonly CapacityShare[], counts: Range, provider: string): Range {
  return { min: splitTasks(strategy, counts.min).get(provider) ?? 0, max: splitTasks(strategy, counts.max).get(provider) ?? 0 };
}

function hoursOf(tasks: Range, perTask: number): Range {
  return { min: tasks.min * perTask * HOURS_PER_MONTH, max: tasks.max * perTask * HOURS_PER_MONTH };
}

function computeLines(context: EstimateContext, address: string, size: TaskSize, tasks: Range, spot: boolean): LineItem[] {
  const architecture = size.architecture;
  const label = `${architecture}, ${spot ? "Spot" : "on-demand"}`;
  const discount = context.usage.fargateSpotDiscountPercent;
  const factor = spot ? 1 - discount / 100 : 1;
  const rates = (pick: "vcpuHour" | "gbHour") =>
    size.operatingSystem === "LINUX"
      ? scaledPrice(
          price(context, (prices) => (isArchitecture(architecture) ? prices.fargate[architecture][pick] : undefined), `Fargate ${architecture}`),
          factor,
        )
      : unmodelled(`Fargate on ${size.operatingSystem} (with its OS licence fee) is not in the price table`);
  const note = `${countRange(tasks)} task(s) × 730 h${spot ? `; Spot at ${discount}% off on-demand (assumption)` : ""}`;
  return [
    lineItem({ item: `Fargate vCPU (${label})`, address, quantity: hoursOf(tasks, size.vcpu), unit: "vCPU-hours", price: rates("vcpuHour"), note }),
    lineItem({ item: `Fargate memory (${label})`, address, quantity: hoursOf(tasks, size.memoryGb), unit: "GB-hours", price: rates("gbHour"), note }),
  ];
}

function ephemeralStorageLine(context: EstimateContext, address: string, size: TaskSize, tasks: Range): LineItem[] {
  const extra = size.ephemeralGib - FREE_EPHEMERAL_GIB;
  if (extra <= 0) return [];
  return [
    lineItem({
      item: "Fargate ephemeral storage beyond 20 GiB",
      address,
      quantity: hoursOf(tasks, extra),
      unit: "GB-hours",
      price: price(context, (prices) => prices.fargate.ephemeralGbHour, "Fargate ephemeral storage"),
    }),
  ];
}

function publicIpLine(context: EstimateContext, service: Resource, tasks: Range): LineItem[] {
  if (bool(block(service.body, "network_configuration"), "assign_public_ip") !== true) return [];
  return [
    lineItem({
      item: "Public IPv4 addresses of tasks",
      address: service.address,
      quantity: hoursOf(tasks, 1),
      unit: "IP-hours",
      price: price(context, (prices) => prices.publicIpv4Hour, "public IPv4"),
      note: "assign_public_ip: one address per running task",
    }),
  ];
}

function otherProviderLines(service: Resource, strategy: readonly CapacityShare[], counts: Range): LineItem[] {
  return strategy
    .filter((share) => share.provider !== FARGATE && share.provider !== FARGATE_SPOT)
    .map((share) =>
      lineItem({
        item: `Tasks on capacity provider ${share.provider}`,
        address: service.address,
        quantity: tasksOn(strategy, counts, share.provider),
        unit: "tasks",
        price: unmodelled(`capacity provider ${share.provider} is not Fargate: its instances are not modelled`),
      }),
    );
}

/**
 * Scheduled scaling actions on the service's scaling target that set its capacity to zero: the
 * service has an off-hours schedule (matched by the target's reference or its resource_id).
 */
export function scalesToZero(context: EstimateContext, service: Resource): boolean {
  const target = scalingTargetResource(context, service);
  if (!target) return false;
  const resourceId = str(target.body, "resource_id");
  return context.stack.ofType("aws_appautoscaling_scheduled_action").some((action) => {
    const reference = referencedAddress(action.body.resource_id);
    const sameTarget = reference !== undefined ? reference === target.address : resourceId !== undefined && action.body.resource_id === resourceId;
    return sameTarget && num(block(action.body, "scalable_target_action"), "max_capacity") === 0;
  });
}

/** What the off-hours schedule takes off the service's compute: the share of the week it runs no task. */
function offHoursLine(context: EstimateContext, service: Resource, lines: readonly LineItem[]): LineItem[] {
  if (!scalesToZero(context, service)) return [];
  const share = context.usage.offHoursPerWeek / HOURS_PER_WEEK;
  const compute = lines.filter((line) => line.item.startsWith("Fargate") && line.monthly !== null);
  const saved = compute.reduce((sum, line) => ({ min: sum.min + (line.monthly?.min ?? 0) * share, max: sum.max + (line.monthly?.max ?? 0) * share }), { min: 0, max: 0 });
  return [
    {
      item: "Off-hours schedule: tasks scaled to zero (saving)",
      address: service.address,
      quantity: { min: context.usage.offHoursPerWeek * WEEKS_PER_MONTH, max: context.usage.offHoursPerWeek * WEEKS_PER_MONTH },
      unit: "hours at zero tasks",
      unitPrice: null,
      monthly: { min: -saved.min, max: -saved.max },
      unpriced: null,
      note: `offHoursPerWeek ${context.usage.offHoursPerWeek} of 168 h (assumption) off the Fargate lines above`,
    },
  ];
}

/** Every line of one ECS service: compute per capacity provider, extra storage, public IPs, and what an off-hours schedule saves. */
export function serviceLines(context: EstimateContext, service: Resource): LineItem[] {
  const lines = serviceCostLines(context, service);
  return [...lines, ...offHoursLine(context, service, lines)];
}

function serviceCostLines(context: EstimateContext, service: Resource): LineItem[] {
  const definition = context.stack.referenced(service.body.task_definition);
  const counts = taskCounts(context, service);
  if (!definition) {
    const missing = unmodelled("its task definition is not a resource of this stack");
    return [lineItem({ item: "ECS service tasks", address: service.address, quantity: counts, unit: "tasks", price: missing })];
  }
  const size = taskSize(definition.body);
  const strategy = capacityStrategy(context, service.body);
  const onDemand = tasksOn(strategy, counts, FARGATE);
  const spot = tasksOn(strategy, counts, FARGATE_SPOT);
  return [
    ...(onDemand.max > 0 ? computeLines(context, service.address, size, onDemand, false) : []),
    ...(spot.max > 0 ? computeLines(context, service.address, size, spot, true) : []),
    ...ephemeralStorageLine(context, service.address, size, counts),
    ...publicIpLine(context, service, counts),
    ...otherProviderLines(service, strategy, counts),
  ];
}

export function fargateLines(context: EstimateContext): LineItem[] {
  return context.stack.ofType("aws_ecs_service").flatMap((service) => serviceLines(context, service));
}
