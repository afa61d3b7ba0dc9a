import { PolicyRule } from "../../core/policy-rule";
import { httpApiAccessLogs } from "./http-api-access-logs";
import { httpApiCorsOrigins } from "./http-api-cors-origins";
import { httpApiThrottling } from "./http-api-throttling";

/** The HTTP API's policy rules, judged on every API Gateway HTTP API and stage of a stack: throttling, access logs and CORS, by id. */
export const API_GATEWAY_RULES: readonly PolicyRule[] = [
  httpApiThrottling, // PLAT-APIGW-1
  httpApiAccessLogs, // PLAT-APIGW-2
  httpApiCorsOrigins, // PLAT-APIGW-3
];
