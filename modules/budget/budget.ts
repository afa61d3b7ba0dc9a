import { BudgetsBudget, BudgetsBudgetNotification } from "@cdktf/provider-aws/lib/budgets-budget";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { BudgetConfig } from "./schema";

export interface EnvironmentBudgetProps extends BudgetConfig {
  readonly context: AwsContext;
  /** Environment name, the value of the Environment tag the budget filters on. */
  readonly environment: string;
  /** The alarm topic; its policy and key must let budgets.amazonaws.com publish. */
  readonly topicArn: string;
  /** What must exist before the budget's notifications are created: the topic's policy. Default: none. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A monthly cost budget with alerts on actual and forecast spend to the alarm topic. Budgets are
 * global to the account (no region); `costScope` says whether this one counts the environment's
 * tagged costs or the whole account's.
 */
export class EnvironmentBudget extends Construct {
  readonly budget: BudgetsBudget;

  constructor(scope: Construct, id: string, props: EnvironmentBudgetProps) {
    super(scope, id);
    const alert = (notificationType: "ACTUAL" | "FORECASTED", threshold: number): BudgetsBudgetNotification => ({
      notificationType,
      comparisonOperator: "GREATER_THAN",
      threshold,
      thresholdType: "PERCENTAGE",
      subscriberSnsTopicArns: [props.topicArn],
    });
    this.budget = new BudgetsBudget(this, "monthly", {
      name: `${props.context.namePrefix}-monthly`,
      budgetType: "COST",
      dependsOn: props.dependsOn,
      timeUnit: "MONTHLY",
      // AWS returns the amount with a decimal ("100.0"); written the same way, the next plan has nothing to compare
      // (hashicorp/terraform-provider-aws#10692).
      limitAmount: props.monthlyLimitUsd.toFixed(1),
      limitUnit: "USD",
      costFilter:
        props.costScope === "environmentTag" ? [{ name: "TagKeyValue", values: [`user:Environment$${props.environment}`] }] : undefined,
      notification: [
        ...[...new Set(props.actualAlertPercents)].sort((a, b) => a - b).map((percent) => alert("ACTUAL", percent)),
        alert("FORECASTED", props.forecastAlertPercent),
      ],
    });
  }
}
