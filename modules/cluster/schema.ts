/** The ECS cluster every service of an environment shares. */
import { bool, DNS_NAME_PATTERN, logRetentionInDays, matching, oneOf, Problems, strict, textWhere, whole, z } from "../core/schema";

export const CONTAINER_INSIGHTS_MODES = ["enabled", "enhanced", "disabled"] as const;

/** How the cluster splits tasks between on-demand Fargate and Fargate Spot. */
export const capacityProviderStrategySchema = strict({
  /** Tasks always placed on on-demand FARGATE before weights apply. No default. */
  fargateBase: whole(0, 100000),
  /** Relative weight of on-demand FARGATE beyond the base. No default. */
  fargateWeight: whole(0, 1000),
  /** Relative weight of FARGATE_SPOT beyond the base. No default. */
  fargateSpotWeight: whole(0, 1000),
}).refine((strategy) => strategy.fargateWeight + strategy.fargateSpotWeight > 0, {
  path: ["fargateWeight"],
  error: "fargateWeight or fargateSpotWeight above 0, so tasks beyond the base can be placed",
});

/** An Application Auto Scaling schedule: cron with six fields (minutes hours day month weekday year). */
const scalingCron = matching(
  /^cron\((\S+ ){5}\S+\)$/,
  'a cron expression of six fields, e.g. "cron(0 20 ? * MON-FRI *)" (20:00 on weekdays)',
);

/** An IANA time zone name the runtime (and so AWS) knows, e.g. "Europe/Dublin". */
const timeZone = textWhere(isTimeZone, 'an IANA time zone such as "Europe/Dublin" or "UTC"');

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return /^[A-Za-z]/.test(name);
  } catch {
    return false;
  }
}

/**
 * Scales every service of a non-production environment to zero tasks and back on a schedule
 * (scheduled Application Auto Scaling actions): a development environment nobody uses at night
 * costs its always-on resources only.
 */
export const offHoursSchema = strict({
  /** Time zone of both schedules. No default. */
  timeZone,
  /** When services scale to zero, e.g. "cron(0 20 ? * MON-FRI *)". No default. */
  scaleDownAt: scalingCron,
  /** When they come back to their configured capacity, e.g. "cron(0 7 ? * MON-FRI *)". No default. */
  scaleUpAt: scalingCron,
});

export const clusterSchema = strict({
  /** Default capacity provider strategy of the cluster, used by every service. Default: per tier (see `platform/tiers.ts`). */
  capacityProviderStrategy: capacityProviderStrategySchema,
  /** CloudWatch Container Insights mode. Default: "enabled". */
  containerInsights: oneOf(CONTAINER_INSIGHTS_MODES).default("enabled"),
  /** Allow ECS Exec (`aws ecs execute-command`) into tasks; sessions are logged and encrypted. No default. */
  enableExecuteCommand: bool(),
  /** Days to keep ECS Exec session logs. Default: per tier (see `platform/tiers.ts`). */
  execLogRetentionInDays: logRetentionInDays(),
  /** Days to keep the services' container logs. Default: per tier (see `platform/tiers.ts`). */
  serviceLogRetentionInDays: logRetentionInDays(),
  /** Private DNS namespace (Cloud Map) for service-to-service discovery, e.g. "dev.acme.internal". Default: none. */
  serviceDiscoveryNamespace: matching(DNS_NAME_PATTERN, "a lowercase DNS name with at least two labels, e.g. dev.acme.internal").optional(),
  /** Scale every service to zero outside working hours; refused in production. Default: none (always on). */
  offHours: offHoursSchema.optional(),
});

export type OffHoursConfig = z.output<typeof offHoursSchema>;

/** Off-hours scaling is for environments that may be down: never production's. */
export function checkOffHours(cluster: ClusterConfig, tier: string, problems: Problems): void {
  problems.check(
    cluster.offHours === undefined || tier !== "production",
    "offHours",
    "no off-hours schedule in a production environment (its services stay up); scale a development or staging environment instead",
  );
}

export type ClusterInput = z.input<typeof clusterSchema>;
export type ClusterConfig = z.output<typeof clusterSchema>;
