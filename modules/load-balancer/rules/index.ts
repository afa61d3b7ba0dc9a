import { PolicyRule } from "../../core/policy-rule";
import { lbDeletionProtection } from "./lb-deletion-protection";
import { lbDropInvalidHeaders } from "./lb-drop-invalid-headers";
import { lbHttpsOnly } from "./lb-https-only";
import { lbWebAcl } from "./lb-waf";

/** The load balancer's policy rules, judged on every load balancer and listener of a stack: protection, headers, HTTPS and its web ACL, by id. */
export const LOAD_BALANCER_RULES: readonly PolicyRule[] = [
  lbDeletionProtection, // PLAT-ELB-1
  lbDropInvalidHeaders, // PLAT-ELB-2
  lbHttpsOnly, // PLAT-ELB-3
  lbWebAcl, // PLAT-WAF-1
];
