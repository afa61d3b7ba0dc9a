/** Alarm notifications, the dashboard, tracing, and the alarm thresholds services share. */
import { bool, listOf, matching, strict, textWhere, whole, z } from "../core/schema";
import { CREDENTIALS_IN_URL } from "../core/problems";

const email = matching(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "an email address such as oncall@example.com");

/** Where alarms are sent: one SNS topic, and its subscribers. */
export const notificationsSchema = strict({
  /** Email subscribers; each confirms once by the link AWS sends. Default: none. */
  emails: listOf(email).default([]),
  /**
   * HTTPS subscribers, e.g. an incident tool's SNS endpoint. The URL is kept in the Terraform
   * state like any subscription, so it must not carry a password. Default: none.
   */
  httpsEndpoints: listOf(
    strict({
      url: textWhere(
        (url) => /^https:\/\/[^\s/]+(\/\S*)?$/.test(url) && !CREDENTIALS_IN_URL.test(url),
        "an https:// URL without a user or password in it",
      ),
      /** The endpoint confirms the subscription by itself (PagerDuty, Opsgenie). Default: false. */
      autoConfirms: bool().default(false),
    }),
  ).default([]),
  /**
   * A Slack channel through AWS Chatbot. The Slack workspace must first be authorised once in the
   * AWS Chatbot console, which gives the team id. Default: none.
   */
  slack: strict({
    /** Slack workspace (team) id, e.g. "T0123ABCD". */
    teamId: matching(/^T[A-Z0-9]{8,}$/, 'a Slack team id such as "T0123ABCD"'),
    /** Slack channel id, e.g. "C0123ABCD". */
    channelId: matching(/^[CG][A-Z0-9]{8,}$/, 'a Slack channel id such as "C0123ABCD"'),
  }).optional(),
});

/** What each service alarm threshold may be. */
const serviceAlarmFields = {
  cpuPercent: whole(1, 100, "a whole percentage"),
  memoryPercent: whole(1, 100, "a whole percentage"),
  target5xxPercent: z.number({ error: "a percentage from 0.1 to 100" }).min(0.1).max(100),
  targetResponseTimeP99Seconds: z.number({ error: "seconds from 0.01 to 60" }).min(0.01).max(60),
};

/** Thresholds of every service's alarms; a service may override any of them under its own `alarms`. */
export const serviceAlarmsSchema = strict({
  /** Average CPU of the service's tasks, percent, over 5 minutes. Default: 90. */
  cpuPercent: serviceAlarmFields.cpuPercent.default(90),
  /** Average memory of the service's tasks, percent, over 5 minutes. Default: 90. */
  memoryPercent: serviceAlarmFields.memoryPercent.default(90),
  /** Share of requests a routed service answers with 5xx, percent, in 3 of 5 minutes. Default: 5. */
  target5xxPercent: serviceAlarmFields.target5xxPercent.default(5),
  /** 99th percentile response time of a routed service, seconds, over 5 minutes. Default: 2. */
  targetResponseTimeP99Seconds: serviceAlarmFields.targetResponseTimeP99Seconds.default(2),
});

/** The same thresholds, each optional and without defaults: what a service sets to differ from the environment's. */
export const serviceAlarmOverridesSchema = strict(serviceAlarmFields).partial();

export const monitoringSchema = strict({
  /** Where every alarm and deployment failure goes. Default: a topic with no subscribers. */
  notifications: notificationsSchema.prefault({}),
  /**
   * A second, high-urgency topic for the alarms that mean users are affected now (service down,
   * error rate, database storage). Default: none, those alarms go to `notifications` too.
   */
  paging: notificationsSchema.optional(),
  /** Thresholds of every service's alarms. Default: see each field. */
  serviceAlarms: serviceAlarmsSchema.prefault({}),
  /** One CloudWatch dashboard for the environment. Default: per tier (see `platform/tiers.ts`). */
  dashboard: bool(),
  /** Tracing (an AWS Distro for OpenTelemetry sidecar exporting to X-Ray) for every service; a service can override it. Default: false. */
  tracing: bool().default(false),
});

export type MonitoringInput = z.input<typeof monitoringSchema>;
export type MonitoringConfig = z.output<typeof monitoringSchema>;
export type NotificationsConfig = z.output<typeof notificationsSchema>;
export type ServiceAlarmThresholds = z.output<typeof serviceAlarmsSchema>;
