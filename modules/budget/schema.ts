/** A monthly AWS Budgets budget per environment, alerting the environment's alarm topic. */
import { listOf, oneOf, Problems, strict, whole, z } from "../core/schema";
import { Tier } from "../core/tiers";

/**
 * What a budget counts:
 * - "environmentTag": costs tagged Environment=<environment> (every resource here carries the tag),
 *   for environments sharing an account. The tag must be activated once as a cost allocation tag in
 *   the organization's payer account; AWS lists a tag for activation only about a day after it was
 *   first used, so Terraform does not do it (hashicorp/terraform-provider-aws#29068);
 * - "account": everything the account spends, for an environment alone in its account.
 */
export const BUDGET_COST_SCOPES = ["environmentTag", "account"] as const;

/**
 * Monthly limit in USD an environment gets when it sets none. Production has no default: its
 * architects state what it may cost.
 */
export const DEFAULT_MONTHLY_LIMIT_USD: Readonly<Record<Tier, number | undefined>> = {
  development: 100,
  staging: 500,
  production: undefined,
};

const percent = whole(1, 1000, "a whole percentage of the limit from 1 to 1000");

export const budgetSchema = strict({
  /** Monthly limit in USD. Default: per tier (`DEFAULT_MONTHLY_LIMIT_USD`); production must set it. */
  monthlyLimitUsd: z.number({ error: "a monthly amount in USD, e.g. 500" }).positive({ error: "a monthly amount in USD above 0" }).max(10_000_000).optional(),
  /** Alert when the month's actual spend passes these shares of the limit. Default: [80, 100]. */
  actualAlertPercents: listOf(percent).default([80, 100]),
  /** Alert when AWS forecasts the month's spend past this share of the limit. Default: 100. */
  forecastAlertPercent: percent.default(100),
  /** What the budget counts (see `BUDGET_COST_SCOPES`). Default: "environmentTag". */
  costScope: oneOf(BUDGET_COST_SCOPES).default("environmentTag"),
});

export type BudgetSettings = z.output<typeof budgetSchema>;
/** The budget with its limit resolved for the environment's tier. */
export interface BudgetConfig extends BudgetSettings {
  readonly monthlyLimitUsd: number;
}

/** A production environment states its own limit. */
export function checkBudget(budget: BudgetSettings, tier: Tier, problems: Problems): void {
  problems.check(
    budget.monthlyLimitUsd !== undefined || DEFAULT_MONTHLY_LIMIT_USD[tier] !== undefined,
    "monthlyLimitUsd",
    "a monthly amount in USD: a production environment sets its own budget, e.g. budget: { monthlyLimitUsd: 2000 }",
  );
}

/** The budget with its tier's limit where it sets none (after `checkBudget` held). */
export function resolveBudget(budget: BudgetSettings, tier: Tier): BudgetConfig {
  return { ...budget, monthlyLimitUsd: budget.monthlyLimitUsd ?? DEFAULT_MONTHLY_LIMIT_USD[tier] ?? 0 };
}
