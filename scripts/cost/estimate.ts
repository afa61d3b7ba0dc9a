/**
 * The monthly estimate of one synthesized stack: pure functions from its Terraform JSON, its
 * region's prices and the usage assumptions to itemised lines. Nothing here reads files.
 */
import { UsageAssumptions } from "./assumptions";
import { coverageLines, estimatorLines } from "./coverage";
import { EstimateContext, LineItem, Range } from "./line-items";
import { pricesFor } from "./prices";
import { blocks, num, str, TerraformStackJson } from "./terraform";

export interface StackEstimate {
  readonly stack: string;
  readonly region: string;
  /** Sum of the priced lines; with unpriced lines it is a lower bound (`complete` false). */
  readonly total: Range;
  readonly complete: boolean;
  readonly unpricedLines: number;
  readonly lines: readonly LineItem[];
  /** Costs the stack may incur that the estimate has no model for. */
  readonly notEstimated: readonly string[];
}

const ALWAYS_NOT_ESTIMATED = "data transfer out to the internet and between availability zones";

const UNKNOWN_REGION = "(the AWS provider's region is not set or not a literal)";

export function estimateContext(json: unknown, usage: UsageAssumptions): EstimateContext {
  const stack = new TerraformStackJson(json);
  const region = stack.region();
  return { stack, region: region ?? UNKNOWN_REGION, prices: region === undefined ? undefined : pricesFor(region), usage };
}

/** Every estimator's lines, then one unpriced line per resource type nothing prices or declares free. */
function linesOf(context: EstimateContext): LineItem[] {
  return [...estimatorLines(context), ...coverageLines(context.stack)];
}

export function estimateLines(json: unknown, usage: UsageAssumptions): LineItem[] {
  return linesOf(estimateContext(json, usage));
}

function containerInsightsOn(stack: TerraformStackJson): boolean {
  return stack
    .ofType("aws_ecs_cluster")
    .some((cluster) => blocks(cluster.body, "setting").some((setting) => str(setting, "name") === "containerInsights" && str(setting, "value") !== "disabled"));
}

function enhancedMonitoringOn(stack: TerraformStackJson): boolean {
  return [...stack.ofType("aws_db_instance"), ...stack.ofType("aws_rds_cluster_instance")].some(
    (instance) => (num(instance.body, "monitoring_interval") ?? 0) > 0,
  );
}

/** Costs of settings the estimate does not model (resource types it does not price are unpriced lines instead). */
export function notEstimated(stack: TerraformStackJson): string[] {
  const settings = [
    ...(containerInsightsOn(stack) ? ["ECS Container Insights metrics and performance log events"] : []),
    ...(enhancedMonitoringOn(stack) ? ["RDS enhanced monitoring (RDSOSMetrics log ingestion)"] : []),
  ];
  return [...settings, ALWAYS_NOT_ESTIMATED].sort();
}

export function totalOf(lines: readonly LineItem[]): Range {
  return lines.reduce((sum, line) => (line.monthly ? { min: sum.min + line.monthly.min, max: sum.max + line.monthly.max } : sum), { min: 0, max: 0 });
}

export function estimateStack(name: string, json: unknown, usage: UsageAssumptions): StackEstimate {
  const context = estimateContext(json, usage);
  const lines = linesOf(context);
  const unpricedLines = lines.filter((line) => line.monthly === null).length;
  return {
    stack: name,
    region: context.region,
    total: totalOf(lines),
    complete: unpricedLines === 0,
    unpricedLines,
    lines,
    notEstimated: notEstimated(context.stack),
  };
}
