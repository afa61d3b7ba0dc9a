import { PolicyRule, StackView } from "../../core/policy-rule";

/**
 * A rule's requirement as the stack's tier puts it: "production databases must run Multi-AZ" where
 * the rule fails synth, "staging databases should run Multi-AZ" where it only warns.
 */
export function requirementIn(stack: StackView, rule: Pick<PolicyRule, "errorIn">, requirement: string): string {
  return `${stack.tier} databases ${rule.errorIn.includes(stack.tier) ? "must" : "should"} ${requirement}`;
}
