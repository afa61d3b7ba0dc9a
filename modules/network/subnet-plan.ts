import { cidrContains, cidrsOverlap, cidrSubnet, formatCidr, Ipv4Cidr, parseCidr } from "../core/cidr";
import { availabilityZonesOf, AVAILABILITY_ZONE_TABLE_DATE } from "../core/regions";
import { Problems } from "../core/schema";

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

/** What subnet planning reads of a network's settings. */
export interface SubnetSettings {
  readonly cidr: string;
  readonly azCount: number;
  readonly azs?: readonly string[];
  readonly availableAzs?: readonly string[];
  readonly publicSubnets?: readonly string[];
  readonly privateSubnets?: readonly string[];
  readonly databaseSubnets?: readonly string[];
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

/** The VPC CIDR, when it is one AWS accepts for a VPC. */
export function vpcCidrOf(network: SubnetSettings): Ipv4Cidr | undefined {
  const vpc = parseCidr(network.cidr);
  return vpc && vpc.prefix >= SUBNET_PREFIX_RANGE.min && vpc.prefix <= SUBNET_PREFIX_RANGE.max ? vpc : undefined;
}

/**
 * Checks a network's AZs and subnets and computes its subnet layout. Every tier is checked even
 * after one fails, so a config's problems are reported together.
 */
export function checkSubnets(network: SubnetSettings, region: string, problems: Problems): SubnetPlan | undefined {
  const vpc = vpcCidrOf(network);
  problems.check(
    vpc !== undefined,
    "cidr",
    "an IPv4 network CIDR such as 10.0.0.0/16 with a prefix from /16 to /28 and no host bits set",
  );
  const azs = checkAzs(network, region, problems);
  if (!vpc || !azs || !checkCarvable(network, vpc, problems)) return undefined;

  const tiers = SUBNET_TIERS.map((tier) => planTier(tier, network, vpc, azs, problems));
  if (tiers.some((tier) => tier === undefined)) return undefined;
  const subnets = Object.fromEntries(SUBNET_TIERS.map((tier, index) => [tier, tiers[index]])) as Record<
    SubnetTier,
    PlannedSubnet[]
  >;
  return checkNoOverlap(network, subnets, problems) ? { azs, subnets } : undefined;
}

/** The AZs the region offers: the network's own list, else the platform's table. */
function regionAzs(network: SubnetSettings, region: string): readonly string[] | undefined {
  return network.availableAzs ?? availabilityZonesOf(region);
}

function checkAzs(network: SubnetSettings, region: string, problems: Problems): readonly string[] | undefined {
  const offered = regionAzs(network, region);
  if (
    !problems.check(
      offered !== undefined,
      "availableAzs",
      `the availability zones of ${region}, which the platform's table (core/regions.ts, ${AVAILABILITY_ZONE_TABLE_DATE}) does not list`,
    ) ||
    !offered
  ) {
    return undefined;
  }
  const enough = problems.check(
    network.azs !== undefined || network.azCount <= offered.length,
    "azCount",
    `at most ${offered.length}, the number of availability zones ${region} has (${offered.join(", ")})`,
  );
  if (network.azs === undefined) return enough ? offered.slice(0, network.azCount) : undefined;
  const azs = network.azs;
  // azCount is required, so a list that disagrees with it leaves the intent unclear.
  let valid = problems.check(azs.length === network.azCount, "azs", `azCount (${network.azCount}) availability zones`);
  valid = problems.check(new Set(azs).size === azs.length, "azs", "each availability zone once") && valid;
  azs.forEach((az, index) => {
    valid =
      problems.check(
        offered.includes(az) && AZ_LETTERS.includes(az.slice(-1)),
        ["azs", index],
        `an availability zone of ${region}: ${offered.join(", ")}`,
      ) && valid;
  });
  return valid ? azs : undefined;
}

/** Carving needs room for /P+6 subnets; reported once, naming every tier that would be carved. */
function checkCarvable(network: SubnetSettings, vpc: Ipv4Cidr, problems: Problems): boolean {
  const carved = SUBNET_TIERS.filter((tier) => network[EXPLICIT_FIELD[tier]] === undefined);
  return problems.check(
    carved.length === 0 || vpc.prefix <= MAX_CARVED_VPC_PREFIX,
    "cidr",
    `a VPC of /${MAX_CARVED_VPC_PREFIX} or larger to carve ${carved.join(", ")} subnets from ` +
      `(or explicit ${carved.map((tier) => EXPLICIT_FIELD[tier]).join(", ")})`,
  );
}

function planTier(
  tier: SubnetTier,
  network: SubnetSettings,
  vpc: Ipv4Cidr,
  azs: readonly string[],
  problems: Problems,
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
  if (!problems.check(explicit.length === azs.length, field, `one CIDR per availability zone (${azs.length})`)) {
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
        [field, index],
        `an IPv4 CIDR from /16 to /28 with no host bits set, inside the VPC CIDR ${network.cidr}`,
      ) && valid;
  });
  return valid ? azs.map((az, index) => ({ az, cidr: explicit[index] })) : undefined;
}

/**
 * Reports each overlapping pair once, at a subnet the user wrote (a carved subnet cannot be
 * changed, so naming it would not help).
 */
function checkNoOverlap(network: SubnetSettings, subnets: Record<SubnetTier, PlannedSubnet[]>, problems: Problems): boolean {
  const all = SUBNET_TIERS.flatMap((tier) =>
    subnets[tier].map((subnet, index) => ({
      ...subnet,
      tier,
      parsed: parseCidr(subnet.cidr) as Ipv4Cidr,
      field: network[EXPLICIT_FIELD[tier]] === undefined ? undefined : [EXPLICIT_FIELD[tier], index],
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
          `subnets that do not overlap; it overlaps the ${other.tier} subnet ${other.cidr} (${other.az})`,
          { shown: reported.cidr },
        ) && valid;
    }),
  );
  return valid;
}
