/**
 * What the estimate prices, and how it accounts for every resource type of a stack. The
 * estimators are the cost's own (one per AWS service they price, over the synthesized stack's
 * resources); which types cost nothing by themselves is declared by the part of the platform that
 * creates them (`freeResourceTypes` of each descriptor, `FREE_RESOURCE_TYPES` of the capability
 * list), so a new capability brings its free types with it.
 *
 * The estimate fails closed: a resource type that no estimator prices and no declaration calls
 * free is reported as a line that is not priced, naming the type, so the stack's total is marked
 * incomplete rather than silently low.
 */
import { FREE_RESOURCE_TYPES } from "../../modules/platform/capabilities";
import { budgetLines, cloudMapLines, cloudfrontFunctionLines, ecrLines, eventRuleLines, logDeliveryLines, s3Lines, snsLines, ssmParameterLines } from "./accessories";
import { fargateLines } from "./compute";
import { dynamodbLines, elasticacheLines, sqsLines } from "./data-services";
import { auroraLines, rdsLines } from "./databases";
import { jobLines } from "./jobs";
import { LineItem, EstimateContext, lineItem, summedAddress, unmodelled } from "./line-items";
import { alarmLines, dashboardLines, logGroupLines, targetTrackingAlarmLines } from "./monitoring";
import { apiGatewayLines, cloudfrontLines, elasticIpLines, hostedZoneLines, loadBalancersLines, natGatewayLines, vpcEndpointLines } from "./network";
import { kmsLines, secretLines, wafLines } from "./security";
import { TerraformStackJson } from "./terraform";

/** An estimator: the resource types it prices (a type may be priced by more than one) and its lines. */
export interface Estimator {
  /** The AWS service (or services) it prices, for the reader. */
  readonly service: string;
  readonly priced: readonly string[];
  readonly lines: (context: EstimateContext) => LineItem[];
}

/** Every estimator, in the order the report lists their lines. */
export const ESTIMATORS: readonly Estimator[] = [
  {
    service: "VPC: NAT gateways, Elastic IPs, interface endpoints, flow logs",
    priced: ["aws_nat_gateway", "aws_eip", "aws_vpc_endpoint", "aws_flow_log"],
    lines: (context) => [...natGatewayLines(context), ...elasticIpLines(context), ...vpcEndpointLines(context), ...logDeliveryLines(context, "aws_flow_log")],
  },
  {
    service: "ECS on Fargate and its target-tracking alarms",
    priced: ["aws_ecs_service", "aws_appautoscaling_policy"],
    lines: (context) => [...fargateLines(context), ...targetTrackingAlarmLines(context)],
  },
  { service: "Cloud Map services", priced: ["aws_service_discovery_service"], lines: cloudMapLines },
  { service: "Elastic Load Balancing", priced: ["aws_lb", "aws_alb"], lines: loadBalancersLines },
  {
    service: "CloudFront: distributions, functions, log delivery",
    priced: ["aws_cloudfront_distribution", "aws_cloudfront_function", "aws_cloudwatch_log_delivery"],
    lines: (context) => [...cloudfrontLines(context), ...cloudfrontFunctionLines(context), ...logDeliveryLines(context, "aws_cloudwatch_log_delivery")],
  },
  { service: "API Gateway", priced: ["aws_apigatewayv2_api", "aws_api_gateway_rest_api"], lines: apiGatewayLines },
  { service: "RDS and Aurora", priced: ["aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance"], lines: (context) => [...rdsLines(context), ...auroraLines(context)] },
  {
    service: "ElastiCache",
    priced: ["aws_elasticache_replication_group", "aws_elasticache_cluster", "aws_elasticache_serverless_cache"],
    lines: elasticacheLines,
  },
  { service: "SQS", priced: ["aws_sqs_queue"], lines: sqsLines },
  { service: "DynamoDB", priced: ["aws_dynamodb_table"], lines: dynamodbLines },
  { service: "Secrets Manager", priced: ["aws_secretsmanager_secret"], lines: secretLines },
  {
    service: "CloudWatch alarms, dashboards and logs, SNS topics",
    priced: ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm", "aws_cloudwatch_dashboard", "aws_cloudwatch_log_group", "aws_sns_topic"],
    lines: (context) => [...alarmLines(context), ...dashboardLines(context), ...logGroupLines(context), ...snsLines(context)],
  },
  { service: "EventBridge rules", priced: ["aws_cloudwatch_event_rule"], lines: eventRuleLines },
  { service: "KMS", priced: ["aws_kms_key"], lines: kmsLines },
  { service: "WAF", priced: ["aws_wafv2_web_acl"], lines: wafLines },
  {
    service: "Route 53 hosted zones (and Cloud Map's DNS namespaces, which are hosted zones)",
    priced: ["aws_route53_zone", "aws_service_discovery_private_dns_namespace", "aws_service_discovery_public_dns_namespace"],
    lines: hostedZoneLines,
  },
  { service: "ECR", priced: ["aws_ecr_repository"], lines: ecrLines },
  { service: "S3", priced: ["aws_s3_bucket"], lines: s3Lines },
  { service: "SSM Parameter Store", priced: ["aws_ssm_parameter"], lines: ssmParameterLines },
  { service: "EventBridge Scheduler and Step Functions", priced: ["aws_scheduler_schedule", "aws_sfn_state_machine"], lines: jobLines },
  { service: "AWS Budgets", priced: ["aws_budgets_budget"], lines: budgetLines },
];

/** Types that can cost money the estimate has no model for: their presence makes the total incomplete, with the reason. */
export const NOT_ESTIMATED: Readonly<Record<string, string>> = {
  aws_lambda_function: "Lambda invocations and duration",
  aws_budgets_budget_action: "action-enabled budgets are billed at a higher daily rate that the price table does not have",
};

export type TypeCoverage = { readonly status: "priced" | "free" } | { readonly status: "not estimated" | "unknown"; readonly reason: string };

/** Where the estimate's coverage comes from: its estimators, the declared free types, the types it knows it cannot price. */
export interface Coverage {
  readonly estimators: readonly Estimator[];
  readonly free: ReadonlySet<string>;
  readonly notEstimated: Readonly<Record<string, string>>;
}

const PLATFORM_COVERAGE: Coverage = { estimators: ESTIMATORS, free: FREE_RESOURCE_TYPES, notEstimated: NOT_ESTIMATED };

/** How the estimate accounts for a resource type: priced, free (declared so by the part that creates it), listed as not estimated, or unknown. */
export function coverageOf(type: string, coverage: Coverage = PLATFORM_COVERAGE): TypeCoverage {
  if (coverage.estimators.some((estimator) => estimator.priced.includes(type))) return { status: "priced" };
  if (coverage.free.has(type)) return { status: "free" };
  if (Object.prototype.hasOwnProperty.call(coverage.notEstimated, type)) return { status: "not estimated", reason: coverage.notEstimated[type] };
  return {
    status: "unknown",
    reason: "is not known to the estimator: price it in scripts/cost/coverage.ts, or declare it free in the descriptor of the part that creates it",
  };
}

/** Every estimator's lines. */
export function estimatorLines(context: EstimateContext, estimators: readonly Estimator[] = ESTIMATORS): LineItem[] {
  return estimators.flatMap((estimator) => estimator.lines(context));
}

/** One unpriced line per resource type the estimate does not price or declare free: the total is then incomplete, naming it. */
export function coverageLines(stack: TerraformStackJson, coverage: Coverage = PLATFORM_COVERAGE): LineItem[] {
  return stack.types().flatMap((type) => {
    const resources = stack.ofType(type);
    const covered = coverageOf(type, coverage);
    if (resources.length === 0 || !("reason" in covered)) return [];
    const why = covered.status === "unknown" ? `resource type ${type} ${covered.reason}` : `resource type ${type} is not estimated: ${covered.reason}`;
    return [lineItem({ item: `Resources of type ${type}`, address: summedAddress(type, resources.length), quantity: resources.length, unit: "resources", price: unmodelled(why) })];
  });
}
