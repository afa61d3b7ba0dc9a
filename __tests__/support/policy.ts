import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { Tier } from "../../modules/core/tiers";
import { PolicyPack, RuleResult } from "../../modules/guardrails/policy-pack";
import { PolicyRule } from "../../modules/core/policy-rule";
import { Suppression } from "../../modules/guardrails/suppressions";
import { CONFIG_LOCATOR } from "../../modules/platform/config-locator";

/**
 * cdk-nag's test pattern: GIVEN resources built on a fresh stack WHEN one rule runs over it
 * THEN the results of that rule, one per resource of its types.
 */
export function resultsOf(
  rule: PolicyRule,
  tier: Tier,
  build: (stack: TerraformStack) => void,
  suppressions: readonly Suppression[] = [],
): RuleResult[] {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  build(stack);
  return [...new PolicyPack(stack, { tier, rules: [rule], locator: CONFIG_LOCATOR, suppressions }).evaluate()];
}

/** The statuses of a rule's results, in path order. */
export function statusesOf(rule: PolicyRule, tier: Tier, build: (stack: TerraformStack) => void): string[] {
  return resultsOf(rule, tier, build).map((result) => result.status);
}
