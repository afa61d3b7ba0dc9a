import { PolicyRule } from "../../../core/policy-rule";
import { webAclLogging } from "./web-acl-logging";

/**
 * Rules for the WAF web ACLs, which the load balancer and the frontend both make (modules/waf):
 * by id. Whether a front door has a web ACL is the front door's rule (PLAT-WAF-1 with the load
 * balancer's, PLAT-WAF-2 with the frontend's).
 */
export const WAF_RULES: readonly PolicyRule[] = [
  webAclLogging, // PLAT-WAF-3
];
