import { PolicyRule } from "../../core/policy-rule";
import { APPLY_RULES } from "./apply";
import { CONTAINER_RULES } from "./containers";
import { DATA_RULES } from "./data";
import { IAM_RULES } from "./iam";
import { JOB_RULES } from "./jobs";
import { MONITORING_RULES } from "./monitoring";
import { STORAGE_RULES } from "./storage";
import { WAF_RULES } from "./waf";

/** Ids in natural order (PLAT-RDS-2 before PLAT-RDS-10); one collator, since creating one per comparison is slow. */
const NATURAL_ORDER = new Intl.Collator("en", { numeric: true });

/**
 * The pack's own families, one folder each, named by what their rules judge: resources several
 * parts make (logs, keys, buckets, roles, tasks) and what would fail at apply. A capability's own
 * rules are in its folder and its descriptor (`rules`); the platform joins both (`POLICY_RULES` in
 * platform/capabilities.ts). A new family is a folder and a line here.
 */
const FAMILIES: readonly (readonly PolicyRule[])[] = [STORAGE_RULES, DATA_RULES, CONTAINER_RULES, WAF_RULES, APPLY_RULES, IAM_RULES, JOB_RULES, MONITORING_RULES];

/** The rules of the pack's own families. */
export const FAMILY_RULES: readonly PolicyRule[] = FAMILIES.flat();

/** `rules` in id order. */
export function byRuleId(rules: readonly PolicyRule[]): readonly PolicyRule[] {
  return [...rules].sort((a, b) => NATURAL_ORDER.compare(a.id, b.id));
}
