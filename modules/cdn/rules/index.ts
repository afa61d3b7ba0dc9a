import { PolicyRule } from "../../core/policy-rule";
import { cloudfrontOriginAccessControl } from "./cloudfront-origin-access-control";
import { cloudfrontViewerTls } from "./cloudfront-viewer-tls";
import { cloudfrontWebAcl } from "./cloudfront-waf";

/** The frontend's policy rules, judged on every CloudFront distribution of a stack: origin access, viewer TLS and its web ACL, by id. */
export const FRONTEND_RULES: readonly PolicyRule[] = [
  cloudfrontOriginAccessControl, // PLAT-CF-1
  cloudfrontViewerTls, // PLAT-CF-2
  cloudfrontWebAcl, // PLAT-WAF-2
];
