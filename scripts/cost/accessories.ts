/**
 * Small, usage-driven costs around the main resources: S3 storage, ECR images, SNS publishes,
 * vended log delivery, CloudFront Functions, Cloud Map instances, EventBridge rules, SSM
 * parameters and AWS Budgets. Each line multiplies an assumption (assumptions.ts) by a price.
 */
import { taskCounts } from "./compute";
import { count, EstimateContext, LineItem, lineItem, price, Range, summedAddress, unmodelled } from "./line-items";
import { Block, blocks, isBlock, list, referencedAddress, Resource, str } from "./terraform";

const DAYS_PER_MONTH = 365 / 12;

export function s3Lines(context: EstimateContext): LineItem[] {
  const buckets = context.stack.ofType("aws_s3_bucket");
  if (buckets.length === 0) return [];
  const gb = context.usage.s3GbPerBucket;
  return [
    lineItem({
      item: "S3 Standard storage",
      address: summedAddress("aws_s3_bucket", buckets.length),
      quantity: buckets.length * gb,
      unit: "GB-months",
      price: price(context, (prices) => prices.s3StandardGbMonth, "S3 Standard storage"),
      note: `s3GbPerBucket ${count(gb)} GB a bucket (assumption); requests not included`,
    }),
  ];
}

export function ecrLines(context: EstimateContext): LineItem[] {
  const repositories = context.stack.ofType("aws_ecr_repository");
  if (repositories.length === 0) return [];
  const gb = context.usage.ecrGbPerRepository;
  return [
    lineItem({
      item: "ECR image storage",
      address: summedAddress("aws_ecr_repository", repositories.length),
      quantity: repositories.length * gb,
      unit: "GB-months",
      price: price(context, (prices) => prices.ecrGbMonth, "ECR storage"),
      note: `ecrGbPerRepository ${count(gb)} GB a repository (assumption); pulls inside the region are free`,
    }),
  ];
}

export function snsLines(context: EstimateContext): LineItem[] {
  const topics = context.stack.ofType("aws_sns_topic");
  if (topics.length === 0) return [];
  const publishes = context.usage.snsPublishesPerTopicPerMonth;
  return [
    lineItem({
      item: "SNS publishes",
      address: summedAddress("aws_sns_topic", topics.length),
      quantity: (topics.length * publishes) / 1e6,
      unit: "million requests",
      price: price(context, (prices) => prices.snsPerMillion, "SNS requests"),
      note: `snsPublishesPerTopicPerMonth ${count(publishes)} (assumption); the account's free first million is not deducted`,
    }),
  ];
}

/** Where a vended log delivery writes: S3 is billed per GB delivered, a log group through its ingestion. */
function deliveryTarget(context: EstimateContext, resource: Resource): "s3" | "logs" | "other" {
  if (resource.type === "aws_flow_log") {
    const type = str(resource.body, "log_destination_type") ?? "cloud-watch-logs";
    return type === "s3" ? "s3" : type === "cloud-watch-logs" ? "logs" : "other";
  }
  const destination = context.stack.referenced(resource.body.delivery_destination_arn);
  const configuration = blocks(destination?.body, "delivery_destination_configuration")[0];
  const arn = configuration?.destination_resource_arn;
  const target = referencedAddress(arn) ?? (typeof arn === "string" ? arn : "");
  if (target.startsWith("aws_s3_bucket.") || target.startsWith("arn:aws:s3:")) return "s3";
  if (target.startsWith("aws_cloudwatch_log_group.") || target.includes(":logs:")) return "logs";
  return "other";
}

/** Vended logs (flow logs, CloudFront standard logs v2) delivered to S3; those to a log group are priced on the group. */
export function logDeliveryLines(context: EstimateContext, type: "aws_flow_log" | "aws_cloudwatch_log_delivery"): LineItem[] {
  const gb = context.usage.vendedLogGbPerDeliveryPerMonth;
  return context.stack.ofType(type).flatMap((resource) => {
    const target = deliveryTarget(context, resource);
    if (target === "logs") return [];
    return [
      lineItem({
        item: type === "aws_flow_log" ? "VPC flow logs delivered to S3" : "Vended logs delivered to S3",
        address: resource.address,
        quantity: gb,
        unit: "GB",
        price:
          target === "s3"
            ? price(context, (prices) => prices.cloudwatch.vendedLogsToS3Gb, "vended log delivery to S3")
            : unmodelled(`log delivery to a destination other than S3 or CloudWatch Logs is not in the price table`),
        note: `vendedLogGbPerDeliveryPerMonth ${count(gb)} GB (assumption); the bucket's storage is on its S3 line`,
      }),
    ];
  });
}

export function cloudfrontFunctionLines(context: EstimateContext): LineItem[] {
  return context.stack.ofType("aws_cloudfront_function").map((fn) =>
    lineItem({
      item: "CloudFront Functions invocations",
      address: fn.address,
      quantity: context.usage.requestsPerMonth / 1e6,
      unit: "million invocations",
      price: price(context, (prices) => prices.cloudfront.functionPerMillion, "CloudFront Functions"),
      note: "requestsPerMonth (assumption): one invocation per viewer request",
    }),
  );
}

/** ECS services registering into a Cloud Map service: one registered instance per running task. */
function registeredTasks(context: EstimateContext, discovery: Resource): Range {
  const services = context.stack
    .ofType("aws_ecs_service")
    .filter((service) => blocks(service.body, "service_registries").some((registry) => referencedAddress(registry.registry_arn) === discovery.address));
  return services.reduce((sum, service) => {
    const tasks = taskCounts(context, service);
    return { min: sum.min + tasks.min, max: sum.max + tasks.max };
  }, { min: 0, max: 0 });
}

export function cloudMapLines(context: EstimateContext): LineItem[] {
  return context.stack.ofType("aws_service_discovery_service").map((discovery) =>
    lineItem({
      item: "Cloud Map registered instances",
      address: discovery.address,
      quantity: registeredTasks(context, discovery),
      unit: "instance-months",
      price: price(context, (prices) => prices.cloudMapInstanceMonth, "Cloud Map instances"),
      note: "one registered instance per running task; discovery API calls not included",
    }),
  );
}

/** Event sources of a rule's pattern: events from AWS services ("aws.*") are free to match. */
function patternSources(rule: Block): readonly string[] {
  const pattern = str(rule, "event_pattern");
  if (pattern === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(pattern);
    return isBlock(parsed) ? list(parsed, "source").filter((source): source is string => typeof source === "string") : [];
  } catch {
    return [];
  }
}

export function eventRuleLines(context: EstimateContext): LineItem[] {
  return context.stack.ofType("aws_cloudwatch_event_rule").flatMap((rule) => {
    const sources = patternSources(rule.body);
    const awsEvents = sources.length > 0 && sources.every((source) => source.startsWith("aws."));
    if (awsEvents && str(rule.body, "schedule_expression") === undefined) return [];
    return [
      lineItem({
        item: "EventBridge rule",
        address: rule.address,
        quantity: 1,
        unit: "rules",
        price: unmodelled("EventBridge custom events and scheduled rules are not in the price table (events from AWS services are free)"),
      }),
    ];
  });
}

/** Standard parameters are free; advanced ones are billed a month each. */
export function ssmParameterLines(context: EstimateContext): LineItem[] {
  const advanced = context.stack.ofType("aws_ssm_parameter").filter((parameter) => (str(parameter.body, "tier") ?? "Standard") !== "Standard");
  if (advanced.length === 0) return [];
  return [
    lineItem({
      item: "SSM advanced parameters",
      address: summedAddress("aws_ssm_parameter", advanced.length),
      quantity: advanced.length,
      unit: "parameters",
      price: price(context, (prices) => prices.ssmAdvancedParameterMonth, "SSM advanced parameters"),
      note: "standard parameters are free",
    }),
  ];
}

/** AWS Budgets: the account's first two budgets are free, each further one is billed by the day. */
export function budgetLines(context: EstimateContext): LineItem[] {
  const budgets = context.stack.ofType("aws_budgets_budget");
  if (budgets.length === 0) return [];
  const free = context.usage.freeBudgets;
  return [
    lineItem({
      item: "AWS Budgets",
      address: summedAddress("aws_budgets_budget", budgets.length),
      quantity: Math.max(0, budgets.length - free) * DAYS_PER_MONTH,
      unit: "budget-days",
      price: price(context, (prices) => prices.budgetDay, "AWS Budgets"),
      note: `${budgets.length} budget(s) less freeBudgets ${free} (assumption: AWS's 2 free per account are shared by every stack)`,
    }),
  ];
}
