/**
 * Availability zone letters per region, as AWS lists them (the union across accounts: AZ names map
 * to physical zones per account, and a few regions show each account only some of them).
 *
 * As of 2026-11-01, from the AWS "Regions and Availability Zones" documentation. A region or zone
 * opened later is unknown here: name it in the environment's `network.availableAzs` to go on.
 */
export const AVAILABILITY_ZONE_TABLE_DATE = "2026-11-01";

export const AVAILABILITY_ZONE_LETTERS: Readonly<Record<string, string>> = {
  "us-east-1": "abcdef",
  "us-east-2": "abc",
  // Each account sees two of the three.
  "us-west-1": "abc",
  "us-west-2": "abcd",
  "ca-central-1": "abd",
  "ca-west-1": "abc",
  "mx-central-1": "abc",
  "sa-east-1": "abc",
  "eu-west-1": "abc",
  "eu-west-2": "abc",
  "eu-west-3": "abc",
  "eu-central-1": "abc",
  "eu-central-2": "abc",
  "eu-north-1": "abc",
  "eu-south-1": "abc",
  "eu-south-2": "abc",
  "il-central-1": "abc",
  "me-south-1": "abc",
  "me-central-1": "abc",
  "af-south-1": "abc",
  "ap-east-1": "abc",
  "ap-east-2": "abc",
  "ap-south-1": "abc",
  "ap-south-2": "abc",
  // ap-northeast-1b is closed to accounts created since 2012.
  "ap-northeast-1": "acd",
  "ap-northeast-2": "abcd",
  "ap-northeast-3": "abc",
  "ap-southeast-1": "abc",
  "ap-southeast-2": "abc",
  "ap-southeast-3": "abc",
  "ap-southeast-4": "abc",
  "ap-southeast-5": "abc",
  "ap-southeast-7": "abc",
  "us-gov-west-1": "abc",
  "us-gov-east-1": "abc",
};

export const KNOWN_REGIONS = Object.keys(AVAILABILITY_ZONE_LETTERS).sort();

/** The AZ names of `region` per the table, or undefined for a region it does not list. */
export function availabilityZonesOf(region: string): readonly string[] | undefined {
  const letters = AVAILABILITY_ZONE_LETTERS[region];
  return letters === undefined ? undefined : [...letters].map((letter) => `${region}${letter}`);
}

/** The partition of a region, for ARNs Terraform needs before any data source is read (provider configuration). */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
