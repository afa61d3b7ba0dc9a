/**
 * Suppressions that match nothing: a mistyped path (`service-wbe`) or a rule that judges no
 * resource at or below the path suppresses nothing, and the exception it was written for is then
 * either still failing or, worse, silently covered by another one. Which constructs exist is known
 * only once the stack is built, so these are problems of the built stack, reported before anything
 * is written (synth stops as on a policy failure).
 */
import { TerraformDataSource, TerraformElement, TerraformStack } from "cdktf";
import { PolicyRule } from "../core/policy-rule";
import { EnvironmentConfig } from "./schema";

/** How many construct paths a message offers as examples. */
const SHOWN_PATHS = 8;

/** One problem line per suppression of `config` whose path or rule matches nothing in `stack`. */
export function unmatchedSuppressionProblems(stack: TerraformStack, config: EnvironmentConfig, rules: readonly PolicyRule[]): string[] {
  const root = stack.node.path;
  const constructs = stack.node.findAll();
  const scope = `environment "${config.environment}"`;
  return config.policy.suppressions.flatMap((suppression, index) => {
    const field = `policy.suppressions[${index}]`;
    const full = suppression.path ? `${root}/${suppression.path}` : root;
    const below = constructs.filter((construct) => construct.node.path === full || construct.node.path.startsWith(`${full}/`));
    if (below.length === 0) {
      const known = stack.node.children.map((child) => child.node.id).filter((id) => !id.startsWith("__")).sort().slice(0, SHOWN_PATHS);
      return [`${scope}: ${field}.path is ${JSON.stringify(suppression.path)}; expected the construct path of resources of this stack (below "${root}/"), e.g. ${known.join(", ")}`];
    }
    const rule = rules.find((candidate) => candidate.id === suppression.rule);
    if (!rule) return [];
    const judged = below.some((construct) => construct instanceof TerraformElement && rule.resourceTypes.includes(terraformType(construct)));
    if (judged) return [];
    return [
      `${scope}: ${field}.rule is ${JSON.stringify(suppression.rule)}; expected a rule that judges a resource at or below ${JSON.stringify(suppression.path || "(the whole stack)")}: ` +
        `${rule.id} judges ${rule.resourceTypes.join(", ")}, and there is none there`,
    ];
  });
}

/** The type as rules name it: "aws_lb", or "data.aws_iam_policy_document" for a data source. */
function terraformType(element: TerraformElement): string {
  const type = String((element as TerraformElement & { terraformResourceType?: string }).terraformResourceType);
  return element instanceof TerraformDataSource ? `data.${type}` : type;
}
