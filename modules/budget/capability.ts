/**
 * The budget capability: its section and resources. Built by the environment stack after the
 * monitoring (it alerts the alarm topic); its tier-dependent limit is resolved by `resolveBudget`.
 */
import { defineCapability, resources } from "../core/capability";
import { budgetSchema } from "./schema";

export const budgetCapability = defineCapability({
  key: "budget",
  section: budgetSchema.prefault({}),
  summary: "A monthly AWS Budgets budget alerting the alarm topic. Default: per tier's limit; production sets its own.",
  // Two budgets per account are free; beyond that AWS Budgets charges per budget-day, which the estimator may price.
  ...resources({ priced: ["aws_budgets_budget"], free: [] }),
  picture: { kind: "observability", label: "AWS Budgets" },
});
