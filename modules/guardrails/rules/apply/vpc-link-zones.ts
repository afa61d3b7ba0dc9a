import { VPC_LINK_REGIONS, VPC_LINK_ZONE_IDS, VPC_LINK_ZONE_TABLE_DATE } from "../../../core/vpc-link-zones";
import { Finding, PolicyRule } from "../../../core/policy-rule";
import { ALL_TIERS, regionOf } from "./shared";

/**
 * PLAT-APPLY-10: an HTTP API VPC link is created only where API Gateway offers VPC links, in
 * subnets chosen by availability zone ID. API Gateway lists the zone IDs it supports per region
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vpc-links.html, table in
 * core/vpc-link-zones.ts) and refuses a subnet elsewhere: "Subnet is in Availability Zone
 * 'use1-az3' where service is not available" (aws-cdk#13569, snyk/driftctl#1329). AZ names map to
 * IDs per account, so subnets picked by name fail in some accounts only: the link's subnets must be
 * filtered by the account's zone IDs (data aws_availability_zones `zone_ids`, or a subnet's
 * `availability_zone_id`), as `HttpApi` does.
 */
export const vpcLinkZones: PolicyRule = {
  id: "PLAT-APPLY-10",
  description: "VPC links are created in regions and zone IDs where API Gateway offers them",
  rationale: "A VPC link subnet in a zone API Gateway does not serve fails the apply, in some accounts only, since zone names map to IDs per account.",
  resourceTypes: ["aws_apigatewayv2_vpc_link"],
  errorIn: ALL_TIERS,
  warnIn: [],
  controls: {},
  check: (resource, stack) => {
    const region = regionOf(resource, stack);
    if (region === undefined || VPC_LINK_ZONE_IDS[region] === undefined) {
      return [
        {
          problem: `the VPC link is created in ${region ?? "an unknown region"}`,
          requirement: `API Gateway documents VPC links only in ${VPC_LINK_REGIONS.join(", ")} (table of ${VPC_LINK_ZONE_TABLE_DATE})`,
          fix: "place the HTTP API in one of those regions, or suppress PLAT-APPLY-10 with a reason once AWS lists the region",
        },
      ];
    }
    return choosesByZoneId(resource.attributes.subnet_ids)
      ? []
      : [
          {
            problem: "subnet_ids are not chosen by availability zone ID",
            requirement: `a VPC link subnet must be in a zone ID API Gateway serves (${VPC_LINK_ZONE_IDS[region].join(", ")}), and zone names map to IDs per account`,
            fix: "filter the subnets by the account's zone IDs (data aws_availability_zones zone_ids, or aws_subnet availability_zone_id)",
          } satisfies Finding,
        ];
  },
};

function choosesByZoneId(subnetIds: unknown): boolean {
  const text = JSON.stringify(subnetIds ?? null);
  return text.includes(".zone_ids") || text.includes(".availability_zone_id");
}
