/** The ECS cluster every service of an environment shares. */
import { bool, DNS_NAME_PATTERN, logRetentionInDays, matching, oneOf, strict, whole, z } from "../core/schema";

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
});

export type ClusterInput = z.input<typeof clusterSchema>;
export type ClusterConfig = z.output<typeof clusterSchema>;
