/** The monitoring capability: its section, tier defaults and resources. Built before the others: it is the placement's monitor. */
import { defineCapability, resources, TierTable } from "../core/capability";
import { MonitoringInput, monitoringSchema } from "./schema";

/** Dashboards cost 3 USD a month each beyond the account's first three. */
const MONITORING_TIERS = {
  development: { dashboard: false },
  staging: { dashboard: true },
  production: { dashboard: true },
} as const satisfies TierTable<MonitoringInput>;

export const monitoringCapability = defineCapability({
  key: "monitoring",
  section: monitoringSchema,
  summary: "Alarm notifications, thresholds, dashboard and tracing. Default: see each field.",
  tierDefaults: MONITORING_TIERS,
  ...resources({
    priced: ["aws_cloudwatch_dashboard", "aws_cloudwatch_event_rule", "aws_cloudwatch_metric_alarm", "aws_kms_key", "aws_sns_topic"],
    free: [
      "aws_chatbot_slack_channel_configuration",
      "aws_cloudwatch_event_target",
      "aws_iam_role",
      "aws_iam_role_policy_attachment",
      "aws_kms_alias",
      "aws_sns_topic_policy",
      "aws_sns_topic_subscription",
    ],
  }),
  passesRolesTo: ["chatbot.amazonaws.com"],
  picture: { kind: "observability", label: "CloudWatch" },
});
