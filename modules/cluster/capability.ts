/** The cluster capability: its section, tier defaults and resources. Wired by the environment stack (services run on it). */
import { defineCapability, resources, TierTable } from "../core/capability";
import { ClusterInput, clusterSchema } from "./schema";

/** Spot is up to 70% cheaper but interruptible: development mostly Spot, production at least two on-demand tasks. */
const CLUSTER_TIERS = {
  development: {
    capacityProviderStrategy: { fargateBase: 0, fargateWeight: 1, fargateSpotWeight: 4 },
    serviceLogRetentionInDays: 30,
    execLogRetentionInDays: 90,
  },
  staging: {
    capacityProviderStrategy: { fargateBase: 1, fargateWeight: 1, fargateSpotWeight: 1 },
    serviceLogRetentionInDays: 90,
    execLogRetentionInDays: 90,
  },
  production: {
    // At least two tasks on on-demand capacity; beyond that three in four on-demand.
    capacityProviderStrategy: { fargateBase: 2, fargateWeight: 3, fargateSpotWeight: 1 },
    serviceLogRetentionInDays: 365,
    execLogRetentionInDays: 365,
  },
} as const satisfies TierTable<ClusterInput>;

export const clusterCapability = defineCapability({
  key: "cluster",
  logRetentionFields: { "exec-logs": "cluster.execLogRetentionInDays" },
  section: clusterSchema,
  summary: "The shared ECS cluster. No default.",
  tierDefaults: CLUSTER_TIERS,
  ...resources({
    priced: ["aws_cloudwatch_event_rule", "aws_cloudwatch_log_group", "aws_service_discovery_private_dns_namespace"],
    free: ["aws_cloudwatch_event_target", "aws_ecs_cluster", "aws_ecs_cluster_capacity_providers"],
  }),
  picture: { kind: "compute", label: "ECS cluster" },
  settingKinds: { fields: { capacityProviderStrategy: "availability", execLogRetentionInDays: "retention", serviceLogRetentionInDays: "retention" } },
});
