import { REGIONAL_ONLY_SERVICES } from "../../../core/service-regions";
import { PolicyRule, unless } from "../../../core/policy-rule";
import { ALL_TIERS, regionOf } from "./shared";

/**
 * PLAT-APPLY-4: resources of services whose API exists only in some regions are created in one of
 * them (the table in core/service-regions.ts: AWS Chatbot is served in us-east-2, us-west-2,
 * eu-west-1 and ap-southeast-1 only, https://docs.aws.amazon.com/chatbot/latest/APIReference/Welcome.html).
 * A resource of such a type in another region fails at its first apply ("Could not connect to the
 * endpoint URL"). Set the resource's `region` argument (AWS provider 6) to a supported region.
 */
export const regionalOnlyServices: PolicyRule = {
  id: "PLAT-APPLY-4",
  description: "Resources of regional-only services are created where their API exists",
  rationale: "The API call goes to the resource's region; where the service has no endpoint, the first apply fails.",
  resourceTypes: Object.keys(REGIONAL_ONLY_SERVICES),
  errorIn: ALL_TIERS,
  warnIn: [],
  controls: {},
  check: (resource, stack) => {
    const supported = REGIONAL_ONLY_SERVICES[resource.type];
    const region = regionOf(resource, stack);
    return unless(region !== undefined && supported.includes(region), {
      problem: `${resource.type} is created in ${region ?? "an unknown region"}`,
      requirement: `its API exists only in ${supported.join(", ")}`,
      fix: `set its region argument to one of ${supported.join(", ")}`,
    });
  },
};
