/** What an environment says about the policy pack: the rules it knowingly breaks, and why. */
import { listOf, matching, strict, textWhere } from "../core/schema";
import { MIN_REASON_LENGTH } from "./suppressions";

/** What an environment says about the policy pack whose rules have `ruleIds` (the platform's, composed from its families and capabilities). */
export function policySchema(ruleIds: readonly string[]) {
  return strict({
    /** Rules this environment breaks on purpose, each with its reason. Default: none. */
    suppressions: listOf(policySuppressionSchema(ruleIds)).default([]),
  });
}

function policySuppressionSchema(ruleIds: readonly string[]) {
  return strict({
    /** The rule, e.g. "PLAT-ECS-1". No default. */
    rule: textWhere((id) => ruleIds.includes(id), 'a rule of the policy pack (see README, "Policy pack"), e.g. PLAT-ECS-1'),
    /**
     * Construct path below the stack of the resources it covers, e.g. "service-web" for a service
     * and everything in it. Default: "" (the whole environment).
     */
    path: matching(/^(?:[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*)?$/, 'a construct path such as "service-web" or "database/instance"').default(""),
    /** Why breaking the rule is acceptable here; read in review. No default. */
    reason: textWhere((reason) => reason.trim().length >= MIN_REASON_LENGTH, `a written reason of at least ${MIN_REASON_LENGTH} characters`),
  });
}
