/** The VPC of an environment: subnets per tier and AZ, NAT, flow logs, endpoints. */
import { bool, listOf, logRetentionInDays, matching, oneOf, Problems, strict, whole, z } from "../core/schema";
import { checkSubnets, MAX_AZS, MIN_AZS, SubnetPlan } from "./subnet-plan";

/**
 * How services reach the internet and AWS:
 * - "none": no NAT gateway; services run in the public subnets with public IPs, admitted only by their security groups;
 * - "endpoints": no NAT gateway and no public IP; services run in the private subnets and reach AWS
 *   only through VPC endpoints, derived from what the environment uses (no internet at all);
 * - "single": one zonal NAT gateway in the first AZ (its AZ failing cuts every AZ's egress);
 * - "perAz": one zonal NAT gateway per AZ;
 * - "regional": one regional NAT gateway that spans the AZs where the VPC has subnets (AWS adds and
 *   removes its zonal addresses; no public subnet hosts it), billed per AZ it is active in.
 */
export const NAT_STRATEGIES = ["none", "endpoints", "single", "perAz", "regional"] as const;
export const FLOW_LOG_DESTINATIONS = ["cloud-watch-logs", "s3"] as const;
export const FLOW_LOG_TRAFFIC_TYPES = ["ACCEPT", "REJECT", "ALL"] as const;

const cidrList = listOf(z.string(), "a list of IPv4 CIDRs, one per availability zone");
const azName = matching(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, "an availability zone name such as eu-west-1a");

export const flowLogsSchema = strict({
  /** Record flow logs. Default: true. */
  enabled: bool().default(true),
  /** Destination: CloudWatch Logs or an S3 bucket created for them. Default: "cloud-watch-logs". */
  destination: oneOf(FLOW_LOG_DESTINATIONS).default("cloud-watch-logs"),
  /**
   * Days to keep flow logs: a CloudWatch Logs retention value, or any whole number of days for S3.
   * Default: per tier (see `platform/tiers.ts`).
   */
  retentionInDays: whole(1, 36500, "a whole number of days"),
  /** Which traffic to record. Default: "ALL". */
  trafficType: oneOf(FLOW_LOG_TRAFFIC_TYPES).default("ALL"),
}).superRefine((flowLogs, context) => {
  if (flowLogs.destination !== "cloud-watch-logs") return;
  const retention = logRetentionInDays().safeParse(flowLogs.retentionInDays);
  if (!retention.success) new Problems(context).check(false, "retentionInDays", retention.error.issues[0].message);
});

export const endpointsSchema = strict({
  /** Gateway endpoints for S3 and DynamoDB (free). Default: true. */
  gateway: bool().default(true),
  /**
   * Interface endpoints (billed per hour per AZ) for what the environment uses: ECR (api, dkr) and
   * CloudWatch Logs always, Secrets Manager, SQS, X-Ray, SSM messages and KMS when services need
   * them (see `platform/vpc-endpoint-needs.ts`). Always on with natStrategy "endpoints". Default:
   * per tier (see `platform/tiers.ts`).
   */
  interface: bool(),
  /**
   * More interface endpoints, by service name (e.g. "sns", "sts", "email-smtp"), for AWS APIs the
   * applications call themselves. Default: none.
   */
  additionalInterface: listOf(matching(/^[a-z0-9][a-z0-9.-]{1,62}$/, 'an AWS service endpoint name such as "sns" or "ecr.api"')).default([]),
});

export const networkSchema = strict({
  /** IPv4 CIDR of the VPC, a /16 to /28 (carved subnets need /22 or larger). No default. */
  cidr: z.string(),
  /** Number of availability zones, 2 to 6; must equal the length of `azs` when both are given. No default. */
  azCount: whole(MIN_AZS, MAX_AZS, "a whole number of availability zones"),
  /** Explicit availability zones. Default: the first `azCount` zones of the region (see `core/regions.ts`). */
  azs: listOf(azName).optional(),
  /**
   * The region's availability zones, when the platform's dated table (`core/regions.ts`) does not
   * know the region or a new zone yet. Default: the table's.
   */
  availableAzs: listOf(azName).optional(),
  /** Egress: "none", "endpoints", "single", "perAz" or "regional" (see `NAT_STRATEGIES`). Default: per tier (see `platform/tiers.ts`). */
  natStrategy: oneOf(NAT_STRATEGIES),
  /** Public subnet CIDRs, one per AZ in `azs` order. Default: carved from the VPC CIDR. */
  publicSubnets: cidrList.optional(),
  /** Private subnet CIDRs, one per AZ in `azs` order. Default: carved from the VPC CIDR. */
  privateSubnets: cidrList.optional(),
  /** Database subnet CIDRs, one per AZ in `azs` order. Default: carved from the VPC CIDR. */
  databaseSubnets: cidrList.optional(),
  /** VPC flow logs. Default: on, to CloudWatch Logs, kept per tier. */
  flowLogs: flowLogsSchema,
  /** VPC endpoints. Default: gateway endpoints, interface endpoints per tier. */
  endpoints: endpointsSchema,
});

export type NatStrategy = (typeof NAT_STRATEGIES)[number];
export type NetworkInput = z.input<typeof networkSchema>;
export type NetworkSettings = z.output<typeof networkSchema>;
/** The parsed network with its subnet layout resolved: what the Network construct builds. */
export interface NetworkConfig extends NetworkSettings {
  readonly subnetPlan: SubnetPlan;
}

/**
 * Resolves the network's AZs and subnets in `region` (a cross-field rule: the AZs belong to the
 * environment's region); problems go to `problems`, and then there is no plan.
 */
export function resolveNetwork(network: NetworkSettings, region: string, problems: Problems): NetworkConfig | undefined {
  const subnetPlan = checkSubnets(network, region, problems);
  return subnetPlan ? { ...network, subnetPlan } : undefined;
}
