/** The network capability: its section, tier defaults and resources. Built first: its subnets are the placement's. */
import { defineCapability, resources, TierTable } from "../core/capability";
import { NetworkInput, networkSchema } from "./schema";
import { SECURITY_GROUP_RESOURCES } from "../core/connect";

/** A NAT gateway costs about 35 USD a month each: development has none, production one per AZ. */
const NETWORK_TIERS = {
  // No NAT gateway: services run in public subnets with public IPs, reachable only through their security groups.
  development: { natStrategy: "none", flowLogs: { retentionInDays: 30 }, endpoints: { interface: false } },
  staging: { natStrategy: "single", flowLogs: { retentionInDays: 90 }, endpoints: { interface: false } },
  production: { natStrategy: "perAz", flowLogs: { retentionInDays: 365 }, endpoints: { interface: true } },
} as const satisfies TierTable<NetworkInput>;

export const networkCapability = defineCapability({
  key: "network",
  logRetentionFields: { "flow-log": "network.flowLogs.retentionInDays" },
  section: networkSchema,
  summary: "VPC and subnets. No default.",
  tierDefaults: NETWORK_TIERS,
  ...resources(
    {
      priced: ["aws_cloudwatch_log_group", "aws_eip", "aws_nat_gateway", "aws_vpc_endpoint"],
      free: [
        "aws_db_subnet_group",
        "aws_default_security_group",
        "aws_flow_log",
        "aws_iam_role",
        "aws_iam_role_policy",
        "aws_internet_gateway",
        "aws_route",
        "aws_route_table",
        "aws_route_table_association",
        "aws_subnet",
        "aws_vpc",
      ],
    },
    SECURITY_GROUP_RESOURCES,
  ),
  passesRolesTo: ["vpc-flow-logs.amazonaws.com"],
  picture: { kind: "network", label: "VPC" },
  settingKinds: { fields: { natStrategy: "availability", azCount: "availability", azs: "availability", flowLogs: { retentionInDays: "retention" } } },
});
