/** Fields that the bootstrap stack and every environment share: project, region, accounts, tags. */
import { listOf, matching, Problems, z } from "./schema";

/** Lengths keep derived names such as "<project>-<env>-<service>-exec" within AWS limits. */
export const projectName = matching(
  /^[a-z](?:[a-z0-9]|-(?!-)){0,14}[a-z0-9]$/,
  "2-16 characters of a-z, 0-9 and single '-', starting with a letter and not ending with '-'",
);

export const regionCode = matching(
  /^(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-[1-9]$/,
  "an AWS region code such as eu-west-1 or us-east-2",
);

export const accountIds = listOf(matching(/^\d{12}$/, "a 12-digit AWS account id"), "a list of 12-digit AWS account ids");

/** Tags the platform sets on every resource through the provider's default tags (see PlatformStack). */
export const RESERVED_TAG_KEYS = ["Project", "Environment", "ManagedBy"] as const;
/** AWS's limit of tags per resource. */
const MAX_TAGS_PER_RESOURCE = 50;
/** Tags some resources carry besides the default ones ("Name", "Tier"). */
const RESOURCE_OWN_TAGS = 2;
/** What is left for configured tags once the provider's default tags and resources' own are counted. */
export const MAX_CONFIGURED_TAGS = MAX_TAGS_PER_RESOURCE - RESERVED_TAG_KEYS.length - RESOURCE_OWN_TAGS;
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

const TAG_KEY_EXPECTED = "tag keys of 1-128 letters, digits, spaces and _ . : / = + - @ that do not start with 'aws:'";

export const tags = z
  .record(
    z
      .string()
      .regex(TAG_CHARACTERS, { error: TAG_KEY_EXPECTED })
      .min(1, { error: TAG_KEY_EXPECTED })
      .max(128, { error: TAG_KEY_EXPECTED })
      .refine((key) => !key.toLowerCase().startsWith("aws:"), { error: TAG_KEY_EXPECTED })
      .refine((key) => !(RESERVED_TAG_KEYS as readonly string[]).includes(key), {
        error: `no ${RESERVED_TAG_KEYS.join(", ")} tag: the platform sets those itself`,
      }),
    z.string().max(256, { error: "a tag value of at most 256 characters" }).regex(TAG_CHARACTERS, {
      error: "a tag value of letters, digits, spaces and _ . : / = + - @",
    }),
  )
  .superRefine((record, context) => {
    new Problems(context).check(
      Object.keys(record).length <= MAX_CONFIGURED_TAGS,
      [],
      `at most ${MAX_CONFIGURED_TAGS} tags: AWS allows ${MAX_TAGS_PER_RESOURCE} per resource, and the platform adds ` +
        `${RESERVED_TAG_KEYS.join(", ")} and up to ${RESOURCE_OWN_TAGS} of its own (Name, Tier)`,
      { shown: `${Object.keys(record).length} tags` },
    );
  });
