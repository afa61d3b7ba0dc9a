import { PolicyRule } from "../../../core/policy-rule";
import { cloudfrontOriginAccessControl } from "./cloudfront-origin-access-control";
import { cloudfrontViewerTls } from "./cloudfront-viewer-tls";
import { cloudfrontWebAcl } from "./cloudfront-waf";
import { httpApiAccessLogs } from "./http-api-access-logs";
import { httpApiCorsOrigins } from "./http-api-cors-origins";
import { httpApiThrottling } from "./http-api-throttling";
import { lbDeletionProtection } from "./lb-deletion-protection";
import { lbDropInvalidHeaders } from "./lb-drop-invalid-headers";
import { lbHttpsOnly } from "./lb-https-only";
import { lbWebAcl } from "./lb-waf";
import { webAclLogging } from "./web-acl-logging";

/** Rules for the ways in from the internet: load balancers, CloudFront, the HTTP API and their WAF web ACLs, by id. */
export const FRONT_DOOR_RULES: readonly PolicyRule[] = [
  httpApiThrottling, // PLAT-APIGW-1
  httpApiAccessLogs, // PLAT-APIGW-2
  httpApiCorsOrigins, // PLAT-APIGW-3
  cloudfrontOriginAccessControl, // PLAT-CF-1
  cloudfrontViewerTls, // PLAT-CF-2
  lbDeletionProtection, // PLAT-ELB-1
  lbDropInvalidHeaders, // PLAT-ELB-2
  lbHttpsOnly, // PLAT-ELB-3
  lbWebAcl, // PLAT-WAF-1
  cloudfrontWebAcl, // PLAT-WAF-2
  webAclLogging, // PLAT-WAF-3
];
