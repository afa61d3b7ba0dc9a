/**
 * The availability zone IDs where API Gateway places VPC links V2 (HTTP APIs), per region, as the
 * API Gateway Developer Guide lists them ("Set up VPC links V2 in API Gateway", section
 * "Availability by Region", https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vpc-links.html),
 * read 2026-12-07. AWS lists the zones it supports, not those it does not: a zone missing here
 * (use1-az3, usw1-az2, cac1-az4, euw3-az2, ape1-az1, apne1-az3 ...) refuses a VPC link subnet with
 * "Subnet is in Availability Zone '<id>' where service is not available" (aws-cdk#13569,
 * sst#5374). Zone names map to these IDs differently per account, so the platform checks IDs, not
 * names: see `HttpApi` (subnets chosen by zone ID) and PLAT-APPLY-10.
 */
export const VPC_LINK_ZONE_TABLE_DATE = "2026-12-07";

export const VPC_LINK_ZONE_IDS: Readonly<Record<string, readonly string[]>> = {
  "us-east-2": ["use2-az1", "use2-az2", "use2-az3"],
  "us-east-1": ["use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"],
  "us-west-1": ["usw1-az1", "usw1-az3"],
  "us-west-2": ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"],
  "ap-east-1": ["ape1-az2", "ape1-az3"],
  "ap-south-1": ["aps1-az1", "aps1-az2", "aps1-az3"],
  "ap-northeast-2": ["apne2-az1", "apne2-az2", "apne2-az3"],
  "ap-southeast-1": ["apse1-az1", "apse1-az2", "apse1-az3"],
  "ap-southeast-2": ["apse2-az1", "apse2-az2", "apse2-az3"],
  "ap-northeast-1": ["apne1-az1", "apne1-az2", "apne1-az4"],
  "ca-central-1": ["cac1-az1", "cac1-az2"],
  "eu-central-1": ["euc1-az1", "euc1-az2", "euc1-az3"],
  "eu-west-1": ["euw1-az1", "euw1-az2", "euw1-az3"],
  "eu-west-2": ["euw2-az1", "euw2-az2", "euw2-az3"],
  "eu-west-3": ["euw3-az1", "euw3-az3"],
  "eu-south-2": ["eus2-az1", "eus2-az2", "eus2-az3"],
  "eu-north-1": ["eun1-az1", "eun1-az2", "eun1-az3"],
  "me-south-1": ["mes1-az1", "mes1-az2", "mes1-az3"],
  "sa-east-1": ["sae1-az1", "sae1-az2", "sae1-az3"],
  "us-gov-west-1": ["usgw1-az1", "usgw1-az2", "usgw1-az3"],
};

/** The regions where AWS documents VPC links V2, sorted. */
export const VPC_LINK_REGIONS = Object.keys(VPC_LINK_ZONE_IDS).sort();

/** A VPC link needs at least this many subnets in supported zones (fewer when the network has fewer AZs). */
export const MIN_VPC_LINK_ZONES = 2;
