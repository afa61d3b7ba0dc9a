import { isSet, PolicyRule, show } from "../../../core/policy-rule";

/**
 * PLAT-CW-3: every CloudWatch alarm tells someone: it has alarm actions, and they are enabled.
 * Security Hub CloudWatch.15 (actions for the ALARM state) and CloudWatch.17 (actions activated);
 * AWS Config cloudwatch-alarm-action-check; Control Tower CT.CLOUDWATCH.PR.1 and PR.4
 * (https://docs.aws.amazon.com/controltower/latest/controlreference/cloudwatch-rules.html).
 */
export const alarmActions: PolicyRule = {
  id: "PLAT-CW-3",
  description: "CloudWatch alarms have enabled alarm actions",
  rationale: "An alarm without an action changes colour in a console nobody watches: the outage it detected is found by the users.",
  resourceTypes: ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "CloudWatch.15, CloudWatch.17" },
  check: (alarm) => {
    const { alarm_actions: actions, actions_enabled: enabled } = alarm.attributes;
    const problems = [
      ...(isSet(actions) ? [] : ["alarm_actions is empty"]),
      ...(enabled === false || enabled === "false" ? [`actions_enabled is ${show(enabled)}`] : []),
    ];
    return problems.length === 0
      ? []
      : [
          {
            problem: problems.join(" and "),
            requirement: "production alarms must notify through enabled alarm actions",
            fix: "create alarms with monitor.alarm (modules/monitoring), which sends them to the alarm or paging topic",
          },
        ];
  },
};
