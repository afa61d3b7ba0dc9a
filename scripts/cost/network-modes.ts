/**
 * Choice by numbers: the monthly cost of each network mode an environment could use, from its
 * parsed configuration (AZs, services, what they use), its region's prices and the traffic
 * assumptions. Independent of how modules/network builds a mode: a mode it does not know is
 * reported as not estimated, never priced as zero.
 *
 * Regional NAT gateway: one gateway at the VPC level that expands into each AZ with workloads,
 * with an Elastic IP per AZ (docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html,
 * AWS::EC2::NatGateway AvailabilityZoneAddress). UNVERIFIED: that it is billed like a zonal
 * gateway per AZ it is active in, per hour; the search found no pricing statement.
 */
import type { EnvironmentConfig } from "../../modules/platform/schema";
import { endpointsOfUses } from "../../modules/platform/vpc-endpoint-needs";
import { UsageAssumptions } from "./assumptions";
import { HOURS_PER_MONTH, RegionPrices } from "./prices";

export interface NetworkModeCost {
  readonly mode: string;
  /** USD a month, or null when the mode cannot be priced or used (see `note`). */
  readonly monthly: { readonly min: number; readonly max: number } | null;
  readonly note: string;
}

/** Interface endpoints a Fargate task of this environment needs with no route to the internet, from what it uses. */
export function interfaceEndpointsFor(config: EnvironmentConfig): string[] {
  const services = config.services;
  // What the capabilities a service uses call (their descriptors' `use.interfaceEndpoints`).
  const used = new Set(services.flatMap((service) => endpointsOfUses(service.uses)));
  const usesSecrets = used.has("secretsmanager") || services.some((service) => Object.keys(service.secrets).length > 0);
  const endpoints = [
    ...(services.some((service) => service.image.source === "ecr") ? ["ecr.api", "ecr.dkr"] : []),
    ...(services.length > 0 ? ["logs"] : []),
    ...(usesSecrets ? ["secretsmanager"] : []),
    ...(services.some((service) => Object.values(service.secrets).some((arn) => arn.includes(":ssm:"))) ? ["ssm"] : []),
    ...[...used].filter((endpoint) => endpoint !== "secretsmanager").sort(),
    ...(services.some((service) => service.tracing) ? ["xray"] : []),
  ];
  return endpoints;
}

/** Free gateway endpoints: S3 (ECR's image layers live there) and those of what services use (descriptors' `use.gatewayEndpoints`). */
export function gatewayEndpointsFor(config: EnvironmentConfig): string[] {
  return ["s3", ...new Set(config.services.flatMap((service) => endpointsOfUses(service.uses, "gatewayEndpoints")))];
}

/** Why the environment's services cannot run without a route to the internet, if they cannot. */
function internetNeeds(config: EnvironmentConfig): string[] {
  const external = config.services.filter((service) => service.image.source === "uri" && !service.image.uri.includes(`.dkr.ecr.${config.region}.amazonaws.com/`));
  const tracing = config.services.filter((service) => service.tracing);
  return [
    ...external.map((service) => `service ${service.name} pulls ${service.image.source === "uri" ? service.image.uri : ""} from outside the region's ECR`),
    ...(tracing.length > 0 ? [`the tracing sidecar's image is on public.ecr.aws (services ${tracing.map((service) => service.name).join(", ")})`] : []),
    ...(config.stateBackend.region !== config.region && config.services.some((service) => service.image.source === "ecr")
      ? [`the image registries are in ${config.stateBackend.region}, not ${config.region}: endpoints reach only their own region`]
      : []),
  ];
}

/** The fewest and most tasks of all services. */
function taskRange(config: EnvironmentConfig): { readonly min: number; readonly max: number } {
  return config.services.reduce(
    (sum, service) => ({ min: sum.min + (service.autoscaling?.minCapacity ?? service.desiredCount), max: sum.max + (service.autoscaling?.maxCapacity ?? service.desiredCount) }),
    { min: 0, max: 0 },
  );
}

interface ModeFacts {
  readonly config: EnvironmentConfig;
  readonly prices: RegionPrices;
  readonly usage: UsageAssumptions;
  readonly azs: number;
}

const fixed = (value: number) => ({ min: value, max: value });

function natCost(facts: ModeFacts, gateways: number, note: string): NetworkModeCost & { readonly mode: string } {
  const { prices, usage } = facts;
  const hours = gateways * HOURS_PER_MONTH * (prices.natGateway.hour + prices.publicIpv4Hour);
  return { mode: "", monthly: fixed(hours + usage.natGbPerMonth * prices.natGateway.gbProcessed), note };
}

/** Each mode's cost; keys are the natStrategy values they correspond to where there is one. */
const MODES: Readonly<Record<string, (facts: ModeFacts) => NetworkModeCost>> = {
  perAz: (facts) => ({ ...natCost(facts, facts.azs, `${facts.azs} NAT gateways and Elastic IPs, natGbPerMonth through them`), mode: "NAT gateway per AZ (perAz)" }),
  single: (facts) => ({
    ...natCost(facts, 1, "1 NAT gateway and Elastic IP; traffic from the other AZs also pays cross-AZ transfer (not estimated), and an AZ outage cuts egress"),
    mode: "single NAT gateway (single)",
  }),
  regional: (facts) => ({
    ...natCost(facts, facts.azs, `one regional gateway active in ${facts.azs} AZs, an Elastic IP each (unverified: billed per AZ-hour like a zonal gateway)`),
    mode: "regional NAT gateway (regional)",
  }),
  none: (facts) => {
    const tasks = taskRange(facts.config);
    const perTask = HOURS_PER_MONTH * facts.prices.publicIpv4Hour;
    return { mode: "public subnets, public IPs (none)", monthly: { min: tasks.min * perTask, max: tasks.max * perTask }, note: "a public IPv4 address per running task; tasks are reachable only through their security groups" };
  },
  endpoints: (facts) => {
    const needs = internetNeeds(facts.config);
    const endpoints = interfaceEndpointsFor(facts.config);
    const gateways = gatewayEndpointsFor(facts.config).join(", ");
    const monthly = endpoints.length * facts.azs * HOURS_PER_MONTH * facts.prices.interfaceEndpoint.azHour + facts.usage.natGbPerMonth * facts.prices.interfaceEndpoint.gbProcessed;
    const note = `interface endpoints ${endpoints.join(", ") || "none"} in ${facts.azs} AZs, natGbPerMonth through them; free gateway endpoints ${gateways}`;
    return {
      mode: "private subnets, endpoints only",
      monthly: needs.length === 0 ? fixed(monthly) : null,
      note: needs.length === 0 ? `${note}; only if no service calls the internet` : `not usable as configured: ${needs.join("; ")} (would be ${monthly.toFixed(2)} $/month: ${note})`,
    };
  },
};

/** The modes compared, in the order shown. */
const COMPARED = ["perAz", "single", "regional", "endpoints", "none"] as const;

/** Every mode's monthly cost, then the environment's own natStrategy (unknown to this table: not estimated). */
export function compareNetworkModes(config: EnvironmentConfig, prices: RegionPrices | undefined, usage: UsageAssumptions): { readonly current: string; readonly modes: readonly NetworkModeCost[] } {
  const current = String(config.network.natStrategy);
  if (!prices) return { current, modes: COMPARED.map((mode) => ({ mode, monthly: null, note: `region ${config.region} is not in the price table` })) };
  const facts: ModeFacts = { config, prices, usage, azs: config.network.subnetPlan.azs.length };
  const modes = COMPARED.map((mode) => MODES[mode](facts));
  const known = Object.prototype.hasOwnProperty.call(MODES, current);
  return { current, modes: known ? modes : [...modes, { mode: `natStrategy ${current}`, monthly: null, note: `natStrategy ${current} is not known to the estimator (scripts/cost/network-modes.ts): not estimated` }] };
}

/** The markdown rows of one environment's comparison; the mode the environment uses is marked. */
export function networkModeSection(stack: string, comparison: ReturnType<typeof compareNetworkModes>): string[] {
  const money = (value: number) => value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const currentLabel = (mode: string) => (mode.endsWith(`(${comparison.current})`) || mode === `natStrategy ${comparison.current}` ? `**${mode}** (current)` : mode);
  return [
    `### ${stack}: network modes (natStrategy ${comparison.current})`,
    "",
    "| mode | min $/month | max $/month | note |",
    "| --- | ---: | ---: | --- |",
    ...comparison.modes.map((mode) => {
      const missing = mode.note.startsWith("not usable") ? "not usable" : "**not estimated**";
      const [min, max] = mode.monthly ? [money(mode.monthly.min), money(mode.monthly.max)] : [missing, missing];
      return `| ${currentLabel(mode.mode)} | ${min} | ${max} | ${mode.note.replace(/\|/g, "\\|")} |`;
    }),
    "",
  ];
}
