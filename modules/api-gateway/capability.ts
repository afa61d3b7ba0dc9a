/** The HTTP API capability: its section, tier defaults, region rule and resources. A front door, wired by the environment stack. */
import { defineCapability, resources, TierTable } from "../core/capability";
import { ApiGatewayInput, apiGatewaySchema, checkApiGatewayRegion } from "./schema";
import { SECURITY_GROUP_RESOURCES } from "../core/connect";
import { CERTIFICATE_RESOURCES } from "../core/dns-validated-certificate";
import { API_GATEWAY_RULES } from "./rules";

const API_GATEWAY_TIERS = {
  development: { accessLogRetentionInDays: 30 },
  staging: { accessLogRetentionInDays: 90 },
  production: { accessLogRetentionInDays: 365 },
} as const satisfies TierTable<ApiGatewayInput>;

export const apiGatewayCapability = defineCapability({
  key: "apiGateway",
  section: apiGatewaySchema.optional(),
  summary: "An HTTP API (API Gateway) in front of services, reaching them through a VPC link. Default: none.",
  tierDefaults: API_GATEWAY_TIERS,
  checkRegion: checkApiGatewayRegion,
  alarmNames: { names: ["http-api"], prefixes: [] },
  logRetentionFields: { "": "apiGateway.accessLogRetentionInDays" },
  rules: API_GATEWAY_RULES,
  ...resources(
    {
      priced: ["aws_apigatewayv2_api", "aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm"],
      free: [
        "aws_apigatewayv2_api_mapping",
        "aws_apigatewayv2_authorizer",
        "aws_apigatewayv2_domain_name",
        "aws_apigatewayv2_integration",
        "aws_apigatewayv2_route",
        "aws_apigatewayv2_stage",
        "aws_apigatewayv2_vpc_link",
      ],
    },
    CERTIFICATE_RESOURCES,
    SECURITY_GROUP_RESOURCES,
  ),
  picture: { kind: "front-door", label: "API Gateway" },
  settingKinds: { fields: { accessLogRetentionInDays: "retention" } },
});
