import { NetworkConfig } from "../../environments/types";
import { cidrContains, cidrsOverlap, cidrSubnet, formatCidr, Ipv4Cidr, parseCidr } from "./cidr";
import { ProblemList } from "./problem";

export const SUBNET_TIERS = ["public", "private", "database"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

export interface PlannedSubnet {
  readonly az: string;
  readonly cidr: string;
}

export interface SubnetPlan {
  /** Availability zones in configuration order. */
  readonly azs: readonly string[];
  readonly subnets: Readonly<Record<SubnetTier, readonly PlannedSubnet[]>>;
}

/** AZ letters whose carved slot exists; no region has more. */
const AZ_LETTERS = "abcdefgh";
export const MIN_AZS = 2;
export const MAX_AZS = 6;
/** AWS accepts subnets from /16 to /28. */
const SUBNET_PREFIX_RANGE = { min: 16, max: 28 } as const;

/**
 * Carving layout, keyed by AZ letter (a = 0 ... h = 7) rather than list position, so adding or
 * removing an AZ never moves another AZ's subnets. For a VPC of prefix /P:
 *   private  = cidrsubnet(vpc, 4, slot)        the first half of the VPC (/20 each in a /16)
 *   public   = cidrsubnet(vpc, 6, 32 + slot)   (/22 each in a /16)
 *   database = cidrsubnet(vpc, 6, 40 + slot)   (/22 each in a /16)
 * The last quarter of the VPC stays free for later tiers.
 */
const CARVING: Readonly<Record<SubnetTier, { newBits: number; firstSlot: number }>> = {
  private: { newBits: 4, firstSlot: 0 },
  public: { newBits: 6, firstSlot: 32 },
  database: { newBits: 6, firstSlot: 40 },
};
/** The largest VPC prefix whose carved /P+6 subnets are still /28 or larger. */
export const MAX_CARVED_VPC_PREFIX = SUBNET_PREFIX_RANGE.max - 6;

type ExplicitSubnetsField = "publicSubnets" | "privateSubnets" | "databaseSubnets";
const EXPLICIT_FIELD: Readonly<Record<SubnetTier, ExplicitSubnetsField>> = {
  public: "publicSubnets",
  private: "privateSubnets",
  database: "databaseSubnets",
};

/** The AZs a network uses: the explicit list, or the first `azCount` letters of the region. */
export function resolveAzs(network: NetworkConfig, region: string): readonly string[] {
  return network.azs ?? [...AZ_LETTERS.slice(0, network.azCount)].map((letter) => `${region}${letter}`);
}

/**
 * Checks a network's AZs and subnets and computes its subnet layout; problems go to `problems`.
 * Every tier is checked even after one fails, so a config's problems are reported together.
 */
export function planSubnets(network: NetworkConfig, region: string, problems: ProblemList): SubnetPlan | undefined {
  const vpc = parseCidr(network.cidr);
  const vpcValid = problems.check(
    vpc !== undefined && vpc.prefix >= SUBNET_PREFIX_RANGE.min && vpc.prefix <= SUBNET_PREFIX_RANGE.max,
    "cidr",
    network.cidr,
    "an IPv4 network CIDR such as 10.0.0.0/16 with a prefix from /16 to /28 and no host bits set",
  );
  const azs = checkAzs(network, region, problems);
  if (!vpc || !vpcValid || !azs || !checkCarvable(network, vpc, problems)) return undefined;

  const tiers = SUBNET_TIERS.map((tier) => planTier(tier, network, vpc, azs, problems));
  if (tiers.some((tier) => tier === undefined)) return undefined;
  const subnets = Object.fromEntries(SUBNET_TIERS.map((tier, index) => [tier, tiers[index]])) as Record<
    SubnetTier,
    PlannedSubnet[]
  >;
  return checkNoOverlap(network, subnets, problems) ? { azs, subnets } : undefined;
}

function checkAzs(network: NetworkConfig, region: string, problems: ProblemList): readonly string[] | undefined {
  const countValid = problems.check(
    Number.isInteger(network.azCount) && network.azCount >= MIN_AZS && network.azCount <= MAX_AZS,
    "azCount",
    network.azCount,
    `a whole number of availability zones from ${MIN_AZS} to ${MAX_AZS}`,
  );
  if (network.azs === undefined) return countValid ? resolveAzs(network, region) : undefined;
  const azs = network.azs;
  // azCount is required, so a list that disagrees with it leaves the intent unclear.
  let valid = problems.check(
    !countValid || azs.length === network.azCount,
    "azs",
    azs,
    `azCount (${network.azCount}) availability zones`,
  );
  valid = problems.check(new Set(azs).size === azs.length, "azs", azs, "each availability zone once") && valid;
  azs.forEach((az, index) => {
    valid =
      problems.check(
        az.length === region.length + 1 && az.startsWith(region) && AZ_LETTERS.includes(az.slice(-1)),
        `azs[${index}]`,
        az,
        `an availability zone of ${region}: ${region} followed by one letter from a to h`,
      ) && valid;
  });
  return valid && countValid ? azs : undefined;
}

/** Carving needs room for /P+6 subnets; reported once, naming every tier that would be carved. */
function checkCarvable(network: NetworkConfig, vpc: Ipv4Cidr, problems: ProblemList): boolean {
  const carved = SUBNET_TIERS.filter((tier) => network[EXPLICIT_FIELD[tier]] === undefined);
  return problems.check(
    carved.length === 0 || vpc.prefix <= MAX_CARVED_VPC_PREFIX,
    "cidr",
    network.cidr,
    `a VPC of /${MAX_CARVED_VPC_PREFIX} or larger to carve ${carved.join(", ")} subnets from ` +
      `(or explicit ${carved.map((tier) => EXPLICIT_FIELD[tier]).join(", ")})`,
  );
}

function planTier(
  tier: SubnetTier,
  network: NetworkConfig,
  vpc: Ipv4Cidr,
  azs: readonly string[],
  problems: ProblemList,
): PlannedSubnet[] | undefined {
  const field = EXPLICIT_FIELD[tier];
  const explicit = network[field];
  if (explicit === undefined) {
    const { newBits, firstSlot } = CARVING[tier];
    return azs.map((az) => ({
      az,
      cidr: formatCidr(cidrSubnet(vpc, newBits, firstSlot + AZ_LETTERS.indexOf(az.slice(-1)))),
    }));
  }
  if (!problems.check(explicit.length === azs.length, field, explicit, `one CIDR per availability zone (${azs.length})`)) {
    return undefined;
  }
  let valid = true;
  explicit.forEach((text, index) => {
    const subnet = parseCidr(text);
    valid =
      problems.check(
        subnet !== undefined &&
          subnet.prefix >= SUBNET_PREFIX_RANGE.min &&
          subnet.prefix <= SUBNET_PREFIX_RANGE.max &&
          cidrContains(vpc, subnet),
        `${field}[${index}]`,
        text,
        `an IPv4 CIDR from /16 to /28 with no host bits set, inside the VPC CIDR ${network.cidr}`,
      ) && valid;
  });
  return valid ? azs.map((az, index) => ({ az, cidr: explicit[index] })) : undefined;
}

/**
 * Reports each overlapping pair once, at a subnet the user wrote (a carved subnet cannot be
 * changed, so naming it would not help).
 */
function checkNoOverlap(network: NetworkConfig, subnets: Record<SubnetTier, PlannedSubnet[]>, problems: ProblemList): boolean {
  const all = SUBNET_TIERS.flatMap((tier) =>
    subnets[tier].map((subnet, index) => ({
      ...subnet,
      tier,
      parsed: parseCidr(subnet.cidr) as Ipv4Cidr,
      field: network[EXPLICIT_FIELD[tier]] === undefined ? undefined : `${EXPLICIT_FIELD[tier]}[${index}]`,
    })),
  );
  let valid = true;
  all.forEach((a, i) =>
    all.slice(i + 1).forEach((b) => {
      const [reported, other] = b.field !== undefined ? [b, a] : [a, b];
      valid =
        problems.check(
          !cidrsOverlap(a.parsed, b.parsed),
          reported.field ?? EXPLICIT_FIELD[reported.tier],
          reported.cidr,
          `subnets that do not overlap; it overlaps the ${other.tier} subnet ${other.cidr} (${other.az})`,
        ) && valid;
    }),
  );
  return valid;
}
