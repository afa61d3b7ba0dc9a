import { block, configField, PolicyRule, show, unless } from "../../core/policy-rule";
import { strings } from "../../guardrails/rules/storage/helpers";

/**
 * PLAT-APIGW-3: an HTTP API's CORS configuration names the origins it lets in, not "*". With "*",
 * any web page a user visits may call the API from the user's browser and read the answers
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html).
 */
export const httpApiCorsOrigins: PolicyRule = {
  id: "PLAT-APIGW-3",
  description: 'HTTP APIs allow cross-origin requests only from named origins, not "*"',
  rationale: "A wildcard origin lets every site on the internet script the API from its visitors' browsers, a step to data theft and request forgery.",
  resourceTypes: ["aws_apigatewayv2_api"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: {},
  reference: "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html",
  check: (api) => {
    const origins = strings(block(api.attributes.cors_configuration).allow_origins);
    const field = configField(api, "apiGateway", "cors.allowOrigins");
    return unless(!origins.includes("*"), {
      problem: `cors_configuration.allow_origins is ${show(origins)}`,
      requirement: "production HTTP APIs must allow cross-origin requests only from named origins",
      fix: `set ${field} to the origins of the frontends that call it, e.g. ["https://app.example.com"]`,
      field,
    });
  },
};
