import { block, configField, PolicyRule, show } from "../../core/policy-rule";

/**
 * PLAT-APIGW-1: HTTP API stages set their own throttling for every route. Unset, a stage has only
 * the account's region-wide quota (10,000 requests per second, shared by every API), so one client
 * can starve the others and the services behind; 0 refuses every request
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html).
 */
export const httpApiThrottling: PolicyRule = {
  id: "PLAT-APIGW-1",
  description: "HTTP API stages throttle every route to a burst and a rate above 0",
  rationale: "A flood, a retry storm or a scraper must be turned away with 429s by API Gateway before it overwhelms the services and the database.",
  resourceTypes: ["aws_apigatewayv2_stage"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: {},
  reference: "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html",
  check: (stage) => {
    const settings = block(stage.attributes.default_route_settings);
    const limits = { throttling_burst_limit: settings.throttling_burst_limit, throttling_rate_limit: settings.throttling_rate_limit };
    const bad = Object.entries(limits).filter(([, value]) => !(Number(value) > 0));
    if (bad.length === 0) return [];
    const field = configField(stage, "apiGateway", "throttling");
    return [
      {
        problem: bad.map(([name, value]) => `default_route_settings.${name} is ${show(value)}`).join(", "),
        requirement: "production HTTP APIs must throttle every route, to limits above 0",
        fix: `set ${field}.burstLimit and ${field}.rateLimit above 0 (0 refuses every request)`,
        field,
      },
    ];
  },
};
