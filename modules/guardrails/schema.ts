/** What an environment says about the policy pack: the rules it knowingly breaks, and why. */
import { listOf, matching, strict, textWhere, z } from "../core/schema";
import { POLICY_RULE_IDS } from "./rules";
import { MIN_REASON_LENGTH } from "./suppressions";

export const policySuppressionSchema = strict({
  /** The rule, e.g. "PLAT-ECS-1". No default. */
  rule: textWhere((id) => POLICY_RULE_IDS.includes(id), 'a rule of the policy pack (see README, "Policy pack"), e.g. PLAT-ECS-1'),
  /**
   * Construct path below the stack of the resources it covers, e.g. "service-web" for a service
   * and everything in it. Default: "" (the whole environment).
   */
  path: matching(/^(?:[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*)?$/, 'a construct path such as "service-web" or "database/instance"').default(""),
  /** Why breaking the rule is acceptable here; read in review. No default. */
  reason: textWhere((reason) => reason.trim().length >= MIN_REASON_LENGTH, `a written reason of at least ${MIN_REASON_LENGTH} characters`),
});

export const policySchema = strict({
  /** Rules this environment breaks on purpose, each with its reason. Default: none. */
  suppressions: listOf(policySuppressionSchema).default([]),
});

export type PolicyConfig = z.output<typeof policySchema>;
