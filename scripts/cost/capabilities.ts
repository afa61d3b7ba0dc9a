/**
 * What each capability contributes to the estimate, in one place: the resource types its
 * estimator prices, the types it creates that cost nothing by themselves (each with the reason),
 * and the types that may cost money the estimate has no model for. A capability descriptor can
 * later supply its own entry; until then this table is the one list.
 *
 * The estimate fails closed: a resource type that no entry names is reported as a line that is
 * not priced, naming the type, so the stack's total is marked incomplete rather than silently low.
 */
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

export interface CostContribution {
  readonly capability: string;
  /** Resource types its estimator prices (a type may be priced by more than one estimator). */
  readonly priced: readonly string[];
  /** Types that cost nothing by themselves, with the reason (their cost, if any, is priced elsewhere). */
  readonly free?: Readonly<Record<string, string>>;
  /** Types that can cost money the estimate has no model for: their presence makes the total incomplete. */
  readonly notEstimated?: Readonly<Record<string, string>>;
  readonly lines: (context: EstimateContext) => LineItem[];
}

const none = (): LineItem[] => [];

const IAM_FREE = "IAM has no charge";
const CONFIGURATION = "configuration of a priced resource, no charge of its own";

export const COST_CONTRIBUTIONS: readonly CostContribution[] = [
  {
    capability: "network",
    priced: ["aws_nat_gateway", "aws_eip", "aws_vpc_endpoint", "aws_flow_log"],
    free: {
      aws_vpc: "VPCs have no charge",
      aws_subnet: "subnets have no charge",
      aws_route_table: "route tables have no charge",
      aws_route_table_association: "route tables have no charge",
      aws_route: "routes have no charge",
      aws_internet_gateway: "internet gateways have no charge (data transfer out is not estimated)",
      aws_egress_only_internet_gateway: "egress-only internet gateways have no charge",
      aws_default_security_group: "security groups have no charge",
      aws_security_group: "security groups have no charge",
      aws_vpc_security_group_ingress_rule: "security groups have no charge",
      aws_vpc_security_group_egress_rule: "security groups have no charge",
      aws_network_acl: "network ACLs have no charge",
      aws_default_network_acl: "network ACLs have no charge",
      aws_default_route_table: "route tables have no charge",
    },
    lines: (context) => [...natGatewayLines(context), ...elasticIpLines(context), ...vpcEndpointLines(context), ...logDeliveryLines(context, "aws_flow_log")],
  },
  {
    capability: "cluster and services",
    priced: ["aws_ecs_service", "aws_appautoscaling_policy"],
    free: {
      aws_ecs_cluster: "ECS has no charge for the cluster; Fargate tasks are priced on their service",
      aws_ecs_cluster_capacity_providers: CONFIGURATION,
      aws_ecs_task_definition: "task definitions have no charge; their tasks are priced on the service or job that runs them",
      aws_appautoscaling_target: "Application Auto Scaling has no charge; the task counts it allows are priced on the service",
      aws_appautoscaling_scheduled_action: "scheduled scaling has no charge; the off-hours saving shows on the service",
      aws_service_discovery_private_dns_namespace: "priced as a Route 53 hosted zone",
      aws_service_discovery_public_dns_namespace: "priced as a Route 53 hosted zone",
    },
    lines: (context) => [...fargateLines(context), ...targetTrackingAlarmLines(context)],
  },
  { capability: "service discovery", priced: ["aws_service_discovery_service"], lines: cloudMapLines },
  {
    capability: "load balancer",
    priced: ["aws_lb", "aws_alb"],
    free: {
      aws_lb_listener: "priced in the load balancer's hours and capacity units",
      aws_alb_listener: "priced in the load balancer's hours and capacity units",
      aws_lb_listener_rule: "priced in the load balancer's capacity units (rule evaluations beyond 10 are not modelled)",
      aws_lb_listener_certificate: CONFIGURATION,
      aws_lb_target_group: "priced in the load balancer's hours and capacity units",
      aws_alb_target_group: "priced in the load balancer's hours and capacity units",
      aws_lb_target_group_attachment: CONFIGURATION,
    },
    lines: loadBalancersLines,
  },
  {
    capability: "cdn",
    priced: ["aws_cloudfront_distribution", "aws_cloudfront_function", "aws_cloudwatch_log_delivery"],
    free: {
      aws_cloudfront_origin_access_control: CONFIGURATION,
      aws_cloudfront_response_headers_policy: CONFIGURATION,
      aws_cloudfront_cache_policy: CONFIGURATION,
      aws_cloudfront_origin_request_policy: CONFIGURATION,
      aws_cloudfront_vpc_origin: "VPC origins have no additional charge (https://aws.amazon.com/cloudfront/pricing/)",
      terraform_data: "Terraform's own resource: nothing in AWS",
      aws_cloudwatch_log_delivery_source: "priced on its aws_cloudwatch_log_delivery",
      aws_cloudwatch_log_delivery_destination: "priced on its aws_cloudwatch_log_delivery",
    },
    lines: (context) => [...cloudfrontLines(context), ...cloudfrontFunctionLines(context), ...logDeliveryLines(context, "aws_cloudwatch_log_delivery")],
  },
  {
    capability: "api gateway",
    priced: ["aws_apigatewayv2_api", "aws_api_gateway_rest_api"],
    free: {
      aws_apigatewayv2_stage: "priced per request on its API",
      aws_apigatewayv2_route: "priced per request on its API",
      aws_apigatewayv2_integration: "priced per request on its API",
      aws_apigatewayv2_authorizer: "JWT authorizers have no charge of their own",
      aws_apigatewayv2_domain_name: "custom domain names have no charge",
      aws_apigatewayv2_api_mapping: CONFIGURATION,
      aws_apigatewayv2_vpc_link: "VPC links for HTTP APIs have no charge (https://aws.amazon.com/api-gateway/pricing/)",
    },
    lines: apiGatewayLines,
  },
  {
    capability: "database",
    priced: ["aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance"],
    free: {
      aws_db_parameter_group: CONFIGURATION,
      aws_db_subnet_group: CONFIGURATION,
      aws_rds_cluster_parameter_group: CONFIGURATION,
      aws_db_option_group: CONFIGURATION,
      // checked: Standard workflows "$0.025 per 1,000 state transitions", the first 4,000 a month free
      // (aws.amazon.com/step-functions/pricing): a rotation is about 8 transitions a month or less.
      aws_sfn_state_machine: "a password rotation's few state transitions a month are inside Step Functions' free 4,000 (its schedule is priced with the jobs')",
    },
    lines: (context) => [...rdsLines(context), ...auroraLines(context)],
  },
  {
    capability: "cache",
    priced: ["aws_elasticache_replication_group", "aws_elasticache_cluster", "aws_elasticache_serverless_cache"],
    free: {
      aws_elasticache_parameter_group: CONFIGURATION,
      aws_elasticache_subnet_group: CONFIGURATION,
      aws_elasticache_user: "ElastiCache users have no charge",
      aws_elasticache_user_group: "ElastiCache user groups have no charge",
    },
    lines: elasticacheLines,
  },
  {
    capability: "queues",
    priced: ["aws_sqs_queue"],
    free: { aws_sqs_queue_policy: CONFIGURATION, aws_sqs_queue_redrive_policy: CONFIGURATION, aws_sqs_queue_redrive_allow_policy: CONFIGURATION },
    lines: sqsLines,
  },
  { capability: "tables", priced: ["aws_dynamodb_table"], lines: dynamodbLines },
  { capability: "secrets", priced: ["aws_secretsmanager_secret"], free: { aws_secretsmanager_secret_rotation: CONFIGURATION, aws_secretsmanager_secret_version: "a secret's value; the secret itself is priced" }, lines: secretLines },
  {
    capability: "monitoring",
    priced: ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm", "aws_cloudwatch_dashboard", "aws_cloudwatch_log_group", "aws_sns_topic"],
    free: {
      aws_sns_topic_policy: CONFIGURATION,
      aws_sns_topic_subscription: "email and HTTPS deliveries of alarm volumes stay in SNS's free tier (1,000 emails, 100,000 HTTP a month)",
      aws_cloudwatch_log_resource_policy: CONFIGURATION,
      aws_chatbot_slack_channel_configuration: "AWS Chatbot has no charge",
    },
    lines: (context) => [...alarmLines(context), ...dashboardLines(context), ...logGroupLines(context), ...snsLines(context)],
  },
  {
    capability: "events",
    priced: ["aws_cloudwatch_event_rule"],
    free: { aws_cloudwatch_event_target: "priced on its rule" },
    lines: eventRuleLines,
  },
  {
    capability: "keys",
    priced: ["aws_kms_key"],
    free: { aws_kms_alias: "aliases have no charge", aws_kms_key_policy: CONFIGURATION },
    lines: kmsLines,
  },
  {
    capability: "edge protection",
    priced: ["aws_wafv2_web_acl"],
    free: {
      aws_wafv2_web_acl_association: CONFIGURATION,
      aws_wafv2_web_acl_logging_configuration: "the logs are priced on their log group's ingestion",
    },
    lines: wafLines,
  },
  {
    capability: "dns and certificates",
    priced: ["aws_route53_zone", "aws_service_discovery_private_dns_namespace", "aws_service_discovery_public_dns_namespace"],
    free: {
      aws_route53_record: "records have no charge; queries to them are not estimated (alias queries to AWS resources are free)",
      aws_acm_certificate: "public ACM certificates have no charge",
      aws_acm_certificate_validation: "a wait, not a resource AWS bills",
    },
    lines: hostedZoneLines,
  },
  {
    capability: "image registries",
    priced: ["aws_ecr_repository"],
    free: { aws_ecr_lifecycle_policy: CONFIGURATION, aws_ecr_repository_policy: CONFIGURATION, aws_ecr_registry_scanning_configuration: CONFIGURATION },
    lines: ecrLines,
  },
  {
    capability: "storage",
    priced: ["aws_s3_bucket"],
    free: {
      aws_s3_bucket_policy: CONFIGURATION,
      aws_s3_bucket_public_access_block: CONFIGURATION,
      aws_s3_bucket_ownership_controls: CONFIGURATION,
      aws_s3_bucket_server_side_encryption_configuration: "SSE-KMS requests to the key are not estimated (bucket keys keep them few)",
      aws_s3_bucket_versioning: "older versions are storage, counted in s3GbPerBucket",
      aws_s3_bucket_lifecycle_configuration: CONFIGURATION,
      aws_s3_bucket_logging: CONFIGURATION,
      aws_s3_bucket_notification: CONFIGURATION,
      aws_s3_bucket_acl: CONFIGURATION,
    },
    lines: s3Lines,
  },
  {
    capability: "parameters",
    priced: ["aws_ssm_parameter"],
    lines: ssmParameterLines,
  },
  {
    capability: "delivery and identity",
    priced: [],
    free: {
      aws_iam_role: IAM_FREE,
      aws_iam_role_policy: IAM_FREE,
      aws_iam_role_policy_attachment: IAM_FREE,
      aws_iam_policy: IAM_FREE,
      aws_iam_openid_connect_provider: IAM_FREE,
      aws_iam_service_linked_role: IAM_FREE,
      aws_iam_user: IAM_FREE,
      random_id: "a value Terraform generates, not an AWS resource",
      random_password: "a value Terraform generates, not an AWS resource",
    },
    notEstimated: { aws_lambda_function: "Lambda invocations and duration" },
    lines: none,
  },
  {
    capability: "jobs",
    priced: ["aws_scheduler_schedule", "aws_sfn_state_machine"],
    free: { aws_scheduler_schedule_group: "schedule groups have no charge" },
    lines: jobLines,
  },
  {
    capability: "budgets",
    priced: ["aws_budgets_budget"],
    notEstimated: { aws_budgets_budget_action: "action-enabled budgets are billed at a higher daily rate that the price table does not have" },
    lines: budgetLines,
  },
];

export type TypeCoverage = { readonly status: "priced" | "free"; readonly reason?: string } | { readonly status: "not estimated" | "unknown"; readonly reason: string };

/** How the estimate accounts for a resource type: priced, free (and why), listed as not estimated, or unknown. */
export function coverageOf(type: string, contributions: readonly CostContribution[] = COST_CONTRIBUTIONS): TypeCoverage {
  const own = (record: Readonly<Record<string, string>> | undefined) => (record && Object.prototype.hasOwnProperty.call(record, type) ? record[type] : undefined);
  if (contributions.some((entry) => entry.priced.includes(type))) return { status: "priced" };
  for (const entry of contributions) {
    const free = own(entry.free);
    if (free !== undefined) return { status: "free", reason: free };
  }
  for (const entry of contributions) {
    const missing = own(entry.notEstimated);
    if (missing !== undefined) return { status: "not estimated", reason: missing };
  }
  return { status: "unknown", reason: "is not known to the estimator: price it or declare it free in scripts/cost/capabilities.ts" };
}

/** Every line of every capability. */
export function capabilityLines(context: EstimateContext, contributions: readonly CostContribution[] = COST_CONTRIBUTIONS): LineItem[] {
  return contributions.flatMap((entry) => entry.lines(context));
}

/** One unpriced line per resource type the estimate does not price or declare free: the total is then incomplete, naming it. */
export function coverageLines(stack: TerraformStackJson, contributions: readonly CostContribution[] = COST_CONTRIBUTIONS): LineItem[] {
  return stack.types().flatMap((type) => {
    const resources = stack.ofType(type);
    const coverage = coverageOf(type, contributions);
    if (resources.length === 0 || coverage.status === "priced" || coverage.status === "free") return [];
    const why = coverage.status === "unknown" ? `resource type ${type} ${coverage.reason}` : `resource type ${type} is not estimated: ${coverage.reason}`;
    return [lineItem({ item: `Resources of type ${type}`, address: summedAddress(type, resources.length), quantity: resources.length, unit: "resources", price: unmodelled(why) })];
  });
}
