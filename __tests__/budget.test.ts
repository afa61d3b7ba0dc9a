import { DEFAULT_MONTHLY_LIMIT_USD } from "../modules/budget/schema";
import { changed, Json, minimalEnvironment, onlyResource, resourceAt, synthEnvironment, validationMessage } from "./support/synth";

const topicRef = (stack: ReturnType<typeof synthEnvironment>) => resourceAt(stack, "aws_sns_topic", "monitoring/alarms").ref("arn");

describe("budget", () => {
  describe("GIVEN a development environment that sets no budget", () => {
    const stack = synthEnvironment(minimalEnvironment());

    it("WHEN synthesized THEN a monthly cost budget of the tier's limit counts the costs tagged with the environment", () => {
      expect(onlyResource(stack, "aws_budgets_budget")).toMatchObject({
        name: "acme-test-monthly",
        budget_type: "COST",
        time_unit: "MONTHLY",
        limit_amount: `${DEFAULT_MONTHLY_LIMIT_USD.development}.0`,
        limit_unit: "USD",
        cost_filter: [{ name: "TagKeyValue", values: ["user:Environment$test"] }],
      });
    });

    it("WHEN synthesized THEN actual spend past 80% and 100%, and a forecast past 100%, alert the alarm topic", () => {
      const budget = onlyResource(stack, "aws_budgets_budget");
      const alerts = (budget.notification as unknown as Json[]).map((alert) => [alert.notification_type, alert.threshold, alert.subscriber_sns_topic_arns]);
      expect(alerts).toEqual([
        ["ACTUAL", 80, [topicRef(stack)]],
        ["ACTUAL", 100, [topicRef(stack)]],
        ["FORECASTED", 100, [topicRef(stack)]],
      ]);
    });

    it("WHEN synthesized THEN the budget waits for the topic policy that lets AWS Budgets of this account publish, and the topic key lets it encrypt", () => {
      const budget = onlyResource(stack, "aws_budgets_budget");
      const policy = resourceAt(stack, "aws_sns_topic_policy", "monitoring/alarms-policy");
      expect(budget.depends_on).toContain(`aws_sns_topic_policy.${policy.name}`);
      const document = JSON.parse(JSON.stringify(stack.json.data.aws_iam_policy_document)) as Record<string, { statement: { sid: string; principals: { identifiers: string[] }[]; condition?: { variable: string; values: string[] }[] }[] }>;
      const statements = Object.values(document).flatMap((doc) => doc.statement);
      const publish = statements.find((statement) => statement.sid === "BudgetsOfThisAccountPublish");
      expect(publish?.principals[0].identifiers).toEqual(["budgets.amazonaws.com"]);
      expect(publish?.condition?.map((condition) => condition.variable)).toEqual(["aws:SourceAccount", "aws:SourceArn"]);
      const key = statements.find((statement) => statement.sid === "AlarmsAndEventsPublishToEncryptedTopics");
      expect(key?.principals[0].identifiers).toContain("budgets.amazonaws.com");
    });
  });

  describe("GIVEN an environment alone in its account", () => {
    it("WHEN its budget counts the account THEN there is no tag filter, and its own limit and thresholds are used", () => {
      const stack = synthEnvironment(minimalEnvironment({ budget: { monthlyLimitUsd: 250, costScope: "account", actualAlertPercents: [100, 50], forecastAlertPercent: 120 } }));
      const budget = onlyResource(stack, "aws_budgets_budget");
      expect(budget.limit_amount).toBe("250.0");
      expect(budget.cost_filter).toBeUndefined();
      expect((budget.notification as unknown as Json[]).map((alert) => [alert.notification_type, alert.threshold])).toEqual([
        ["ACTUAL", 50],
        ["ACTUAL", 100],
        ["FORECASTED", 120],
      ]);
    });
  });

  describe("GIVEN a production environment", () => {
    it("WHEN it sets no budget THEN the problem asks for its monthly limit", () => {
      const withoutBudget = changed(minimalEnvironment({ tier: "production" }), (config) => void delete config.budget);
      expect(validationMessage(withoutBudget)).toContain(
        'environment "test": budget.monthlyLimitUsd is not set; expected a monthly amount in USD: a production environment sets its own budget',
      );
    });

    it("WHEN the limit is not a positive amount THEN it is refused", () => {
      expect(validationMessage(minimalEnvironment({ budget: { monthlyLimitUsd: 0 } }))).toContain("budget.monthlyLimitUsd is 0; expected a monthly amount in USD above 0");
    });
  });
});
