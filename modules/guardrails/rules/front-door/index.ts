import { PolicyRule } from "../../rule";
import { cloudfrontWebAcl } from "./cloudfront-waf";
import { lbDeletionProtection } from "./lb-deletion-protection";
import { lbDropInvalidHeaders } from "./lb-drop-invalid-headers";
import { lbHttpsOnly } from "./lb-https-only";
import { lbWebAcl } from "./lb-waf";
import { webAclLogging } from "./web-acl-logging";

/** Rules for the ways in from the internet: load balancers, CloudFront and their WAF web ACLs, by id. */
export const FRONT_DOOR_RULES: readonly PolicyRule[] = [
  lbDeletionProtection, // PLAT-ELB-1
  lbDropInvalidHeaders, // PLAT-ELB-2
  lbHttpsOnly, // PLAT-ELB-3
  lbWebAcl, // PLAT-WAF-1
  cloudfrontWebAcl, // PLAT-WAF-2
  webAclLogging, // PLAT-WAF-3
];
