import { block, isSet, PolicyRule, unless } from "../../core/policy-rule";

/**
 * PLAT-APIGW-2: HTTP API stages write an access log: who called which route, from where, with what
 * answer. Security Hub APIGateway.9 ("Access logging should be configured for API Gateway V2
 * Stages"); cdk-nag AwsSolutions-APIG1.
 */
export const httpApiAccessLogs: PolicyRule = {
  id: "PLAT-APIGW-2",
  description: "HTTP API stages write access logs",
  rationale: "Without an access log, abuse, a leaked token's use and the errors clients saw cannot be traced to a caller or a time.",
  resourceTypes: ["aws_apigatewayv2_stage"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "APIGateway.9", cdkNag: "AwsSolutions-APIG1" },
  check: (stage) => {
    const settings = block(stage.attributes.access_log_settings);
    return unless(isSet(settings.destination_arn) && isSet(settings.format), {
      problem: isSet(settings.destination_arn) ? "access_log_settings.format is not set" : "access_log_settings.destination_arn is not set",
      requirement: "production HTTP APIs must write access logs",
      fix: "the platform's HTTP API logs every request as JSON to its log group (apiGateway.accessLogRetentionInDays); a stage made otherwise needs access_log_settings",
    });
  },
};
