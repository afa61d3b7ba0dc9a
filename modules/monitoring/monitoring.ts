import { ChatbotSlackChannelConfiguration } from "@cdktf/provider-aws/lib/chatbot-slack-channel-configuration";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmMetricQuery } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Lazy, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { KMS_DELETION_WINDOW_DAYS } from "../core/encryption-keys";
import { policyDocument, serviceTrustPolicy } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";
import { AlarmSpec, DashboardTile, isExpression, Metric, MetricExpression, Monitor } from "./alarm";
import { MonitoringConfig, NotificationsConfig } from "./schema";

/** CloudWatch evaluates every alarm here on one-minute datapoints. */
const PERIOD_SECONDS = 60;

export interface EnvironmentMonitoringProps extends MonitoringConfig {
  readonly context: AwsContext;
}

/**
 * The environment's monitoring, which every module plugs into: an SNS topic for alarms (and, when
 * configured, a second one for paging) encrypted with a key CloudWatch and EventBridge may use,
 * its subscribers, the alarms modules register through `alarm()`, EventBridge rules through
 * `notifyOn()`, and a dashboard of the tiles registered through `tile()`, whose body is rendered
 * at synth (a lazy value), so no capability has to be built before it nor call anything after.
 */
export class EnvironmentMonitoring extends Construct implements Monitor {
  readonly topicArn: string;
  /** The paging topic; the main topic when there is none. */
  readonly pagingTopicArn: string;
  /** The topics' policies: a publisher that checks its permission when it is created (AWS Budgets) waits for them. */
  readonly topicPolicies: SnsTopicPolicy[] = [];
  private readonly props: EnvironmentMonitoringProps;
  private readonly tiles: DashboardTile[] = [];
  private readonly alarmArns: string[] = [];
  private readonly alarmNames = new Set<string>();

  constructor(scope: Construct, id: string, props: EnvironmentMonitoringProps) {
    super(scope, id);
    this.props = props;
    const keyArn = this.createKey();
    this.topicArn = this.createTopic("alarms", props.notifications, keyArn);
    this.pagingTopicArn = props.paging ? this.createTopic("paging", props.paging, keyArn) : this.topicArn;
    new TerraformOutput(this, "alarm_topic_arn", { value: this.topicArn, staticId: true });
    if (props.dashboard) this.createDashboard();
  }

  alarm(scope: Construct, spec: AlarmSpec): string {
    const alarmName = `${this.props.context.namePrefix}-${spec.resource}-${spec.signal}`;
    // CloudWatch upserts by name: a second alarm of the same name would silently replace the first on every apply.
    if (this.alarmNames.has(alarmName)) throw new Error(`two alarms named ${alarmName}: a service is named like a platform resource`);
    this.alarmNames.add(alarmName);
    const topics = spec.severity === "page" ? [this.pagingTopicArn] : [this.topicArn];
    const alarm = new CloudwatchMetricAlarm(scope, `alarm-${spec.signal}`, {
      alarmName,
      alarmDescription: spec.description,
      comparisonOperator: spec.comparison,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm,
      treatMissingData: spec.missingData,
      alarmActions: topics,
      okActions: topics,
      ...metricArguments(spec.metric),
    });
    this.alarmArns.push(alarm.arn);
    return alarm.alarmName;
  }

  tile(tile: DashboardTile): void {
    this.tiles.push(tile);
  }

  /** An EventBridge rule in `scope` that sends the events matching `pattern` to the alarm topic. */
  notifyOn(scope: Construct, id: string, description: string, pattern: Readonly<Record<string, unknown>>): void {
    const rule = new CloudwatchEventRule(scope, id, {
      name: awsName([this.props.context.namePrefix, id], NAME_LIMITS.eventRule),
      description,
      eventPattern: JSON.stringify(pattern),
    });
    new CloudwatchEventTarget(scope, `${id}-target`, { rule: rule.name, arn: this.topicArn });
  }

  /** The dashboard; its body is produced at synth, once every capability has registered its alarms and tiles. */
  private createDashboard(): void {
    new CloudwatchDashboard(this, "dashboard", {
      dashboardName: this.props.context.namePrefix,
      dashboardBody: Lazy.stringValue({ produce: () => JSON.stringify(dashboardBody(this.props.context.region, this.alarmArns, this.tiles)) }),
    });
  }

  /** A key for the topics: SNS encrypts with it, and CloudWatch and EventBridge may use it to publish. */
  private createKey(): string {
    const { accountId, partition, namePrefix } = this.props.context;
    const key = new KmsKey(this, "key", {
      description: `Alarm notifications of ${namePrefix}`,
      enableKeyRotation: true,
      deletionWindowInDays: KMS_DELETION_WINDOW_DAYS,
      policy: policyDocument(this, "key-policy", [
        {
          sid: "AccountAdministers",
          actions: ["kms:*"],
          resources: ["*"],
          principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${accountId}:root`] }],
        },
        {
          // The AWS managed aws/sns key cannot grant this, which is why alarm topics need their own key.
          sid: "AlarmsAndEventsPublishToEncryptedTopics",
          actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
          resources: ["*"],
          principals: [{ type: "Service", identifiers: ["budgets.amazonaws.com", "cloudwatch.amazonaws.com", "events.amazonaws.com"] }],
        },
      ]).json,
    });
    new KmsAlias(this, "key-alias", { name: `alias/${namePrefix}-alarms`, targetKeyId: key.keyId });
    return key.arn;
  }

  private createTopic(id: string, subscribers: NotificationsConfig, keyArn: string): string {
    const { accountId, partition, region, namePrefix } = this.props.context;
    const topic = new SnsTopic(this, id, { name: `${namePrefix}-${id}`, kmsMasterKeyId: keyArn });
    const topicPolicy = new SnsTopicPolicy(this, `${id}-policy`, {
      arn: topic.arn,
      policy: policyDocument(this, `${id}-policy-document`, [
        {
          sid: "AccountManages",
          actions: ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:ListSubscriptionsByTopic"],
          resources: [topic.arn],
          principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${accountId}:root`] }],
        },
        {
          sid: "AlarmsOfThisAccountPublish",
          actions: ["sns:Publish"],
          resources: [topic.arn],
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
          conditions: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*`] },
          ],
        },
        {
          // AWS Cost Management user guide, "Creating an Amazon SNS topic for budget notifications".
          sid: "BudgetsOfThisAccountPublish",
          actions: ["sns:Publish"],
          resources: [topic.arn],
          principals: [{ type: "Service", identifiers: ["budgets.amazonaws.com"] }],
          conditions: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${partition}:budgets::${accountId}:*`] },
          ],
        },
        {
          sid: "EventRulesOfThisAccountPublish",
          actions: ["sns:Publish"],
          resources: [topic.arn],
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
          conditions: [
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${partition}:events:${region}:${accountId}:rule/*`] },
          ],
        },
      ]).json,
    });
    this.topicPolicies.push(topicPolicy);
    subscribers.emails.forEach(
      (endpoint, index) => new SnsTopicSubscription(this, `${id}-email-${index}`, { topicArn: topic.arn, protocol: "email", endpoint }),
    );
    subscribers.httpsEndpoints.forEach(
      (endpoint, index) =>
        new SnsTopicSubscription(this, `${id}-https-${index}`, {
          topicArn: topic.arn,
          protocol: "https",
          endpoint: endpoint.url,
          endpointAutoConfirms: endpoint.autoConfirms,
        }),
    );
    if (subscribers.slack) this.createSlackChannel(id, topic.arn, subscribers.slack);
    return topic.arn;
  }

  /** AWS Chatbot posts the topic's alarms to Slack, through a role that may only read CloudWatch. */
  private createSlackChannel(id: string, topicArn: string, slack: NonNullable<NotificationsConfig["slack"]>): void {
    const { accountId, partition, namePrefix } = this.props.context;
    const role = new IamRole(this, `${id}-chatbot-role`, {
      name: awsName([namePrefix, id, "chatbot"], NAME_LIMITS.iamRole),
      assumeRolePolicy: serviceTrustPolicy(this, `${id}-chatbot-trust`, "chatbot.amazonaws.com", accountId).json,
      maxSessionDuration: 3600,
    });
    const readOnly = `arn:${partition}:iam::aws:policy/CloudWatchReadOnlyAccess`;
    new IamRolePolicyAttachment(this, `${id}-chatbot-read-only`, { role: role.name, policyArn: readOnly });
    new ChatbotSlackChannelConfiguration(this, `${id}-slack`, {
      configurationName: `${namePrefix}-${id}`,
      iamRoleArn: role.arn,
      slackTeamId: slack.teamId,
      slackChannelId: slack.channelId,
      snsTopicArns: [topicArn],
      guardrailPolicyArns: [readOnly],
      loggingLevel: "ERROR",
    });
  }
}

/** The alarm's metric arguments: one metric, or metric math over several. */
function metricArguments(metric: Metric | MetricExpression): Partial<ConstructorParameters<typeof CloudwatchMetricAlarm>[2]> {
  if (!isExpression(metric)) {
    const percentile = /^p\d+(\.\d+)?$/.test(metric.statistic);
    return {
      namespace: metric.namespace,
      metricName: metric.metricName,
      dimensions: { ...metric.dimensions },
      period: PERIOD_SECONDS,
      statistic: percentile ? undefined : metric.statistic,
      extendedStatistic: percentile ? metric.statistic : undefined,
    };
  }
  const queries: CloudwatchMetricAlarmMetricQuery[] = [
    { id: "result", expression: metric.expression, label: metric.label, returnData: true },
    ...Object.entries(metric.metrics).map(([id, input]) => ({
      id,
      returnData: false,
      metric: {
        namespace: input.namespace,
        metricName: input.metricName,
        dimensions: { ...input.dimensions },
        stat: input.statistic,
        period: PERIOD_SECONDS,
      },
    })),
  ];
  return { metricQuery: queries };
}

/** Dashboard grid: 24 columns; tiles are half-width, six rows high. */
const TILE = { width: 12, height: 6 } as const;

/** The dashboard body: the alarms' states first, then each section's tiles in registration order. */
export function dashboardBody(region: string, alarmArns: readonly string[], tiles: readonly DashboardTile[]): object {
  const widgets: object[] = [];
  let y = 0;
  // An alarm-status widget holds at most 100 alarms.
  for (let first = 0; first < alarmArns.length; first += 100) {
    widgets.push({ type: "alarm", x: 0, y, width: 24, height: 4, properties: { title: "Alarms", alarms: alarmArns.slice(first, first + 100) } });
    y += 4;
  }
  const sections = [...new Set(tiles.map((tile) => tile.section))];
  for (const section of sections) {
    widgets.push({ type: "text", x: 0, y, width: 24, height: 1, properties: { markdown: `## ${section}` } });
    y += 1;
    tiles
      .filter((tile) => tile.section === section)
      .forEach((tile, index) => {
        widgets.push({
          type: "metric",
          x: (index % 2) * TILE.width,
          y: y + Math.floor(index / 2) * TILE.height,
          ...TILE,
          properties: tileProperties(region, tile),
        });
      });
    y += Math.ceil(tiles.filter((tile) => tile.section === section).length / 2) * TILE.height;
  }
  return { widgets };
}

function tileProperties(region: string, tile: DashboardTile): object {
  const rows: unknown[][] = [];
  tile.metrics.forEach((metric, index) => {
    if (!isExpression(metric)) {
      rows.push(metricRow(metric, { stat: metric.statistic }));
      return;
    }
    for (const [id, input] of Object.entries(metric.metrics)) {
      rows.push(metricRow(input, { id: `${id}${index}`, stat: input.statistic, visible: false }));
    }
    const expression = Object.keys(metric.metrics).reduce(
      (text, id) => text.replace(new RegExp(`\\b${id}\\b`, "g"), `${id}${index}`),
      metric.expression,
    );
    rows.push([{ expression, label: metric.label, id: `e${index}` }]);
  });
  return {
    title: tile.title,
    region,
    view: "timeSeries",
    period: PERIOD_SECONDS,
    metrics: rows,
    ...(tile.threshold === undefined ? {} : { annotations: { horizontal: [{ value: tile.threshold, label: "alarm" }] } }),
  };
}

function metricRow(metric: Metric, rendering: object): unknown[] {
  return [
    metric.namespace,
    metric.metricName,
    ...Object.entries(metric.dimensions).flatMap(([name, value]) => [name, value]),
    rendering,
  ];
}
