/**
 * Services whose API exists only in some regions, and where the platform places their resources.
 * The policy pack (PLAT-APPLY-4) refuses a resource of one of these types in any other region, so
 * a new capability that creates one is judged without wiring of its own.
 */

/**
 * AWS Chatbot (Amazon Q Developer in chat applications): its API is served only in these regions
 * (https://docs.aws.amazon.com/chatbot/latest/APIReference/Welcome.html, and the endpoints table
 * https://docs.aws.amazon.com/general/latest/gr/chatbot.html), while a configuration may subscribe
 * to SNS topics of any region (https://docs.aws.amazon.com/chatbot/latest/adminguide/chatbot-regions.html).
 */
export const CHATBOT_API_REGIONS = ["us-east-2", "us-west-2", "eu-west-1", "ap-southeast-1"] as const;

/** Terraform resource types by the regions their API exists in. */
export const REGIONAL_ONLY_SERVICES: Readonly<Record<string, readonly string[]>> = {
  aws_chatbot_slack_channel_configuration: CHATBOT_API_REGIONS,
  aws_chatbot_teams_channel_configuration: CHATBOT_API_REGIONS,
};

/**
 * The Chatbot API region for an environment in `region`: the region itself where the API exists,
 * else the nearest by geography (us-west-* to Oregon, the rest of the Americas to Ohio, Europe,
 * the Middle East and Africa to Ireland, Asia Pacific to Singapore). Undefined for partitions
 * without Chatbot (GovCloud, China): PLAT-APPLY-4 then refuses the channel.
 */
export function chatbotRegionFor(region: string): string | undefined {
  if ((CHATBOT_API_REGIONS as readonly string[]).includes(region)) return region;
  if (/^(us-gov|cn)-/.test(region)) return undefined;
  if (region.startsWith("us-west-")) return "us-west-2";
  if (/^(us|ca|mx|sa)-/.test(region)) return "us-east-2";
  if (/^(eu|me|af|il)-/.test(region)) return "eu-west-1";
  if (region.startsWith("ap-")) return "ap-southeast-1";
  return undefined;
}
