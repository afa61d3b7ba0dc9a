import { createHash } from "crypto";

/** AWS name length limits this platform derives names for. */
export const NAME_LIMITS = {
  loadBalancer: 32,
  targetGroup: 32,
  iamRole: 64,
  namePrefix: 38,
  bucketPrefix: 37,
  ecsName: 255,
  dbIdentifier: 63,
  eventRule: 64,
} as const;

/**
 * Joins name parts with '-' and, when the result exceeds `maxLength`, shortens it and appends a
 * stable 8-character hash of the full name, so long names stay unique and deterministic instead of
 * failing at apply.
 */
export function awsName(parts: readonly string[], maxLength: number): string {
  const full = parts.filter((part) => part.length > 0).join("-");
  if (full.length <= maxLength) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  const head = full.slice(0, maxLength - hash.length - 1).replace(/-+$/, "");
  return `${head}-${hash}`;
}

/** SQS's longest queue name, ".fifo" included (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html). */
export const SQS_NAME_LIMIT = 80;

/** The namespace SQS queue names are unique in (one region of one account), for the generated-name check. */
export const SQS_NAMESPACE = "SQS queue name";

/** An SQS name from `parts`, shortened with a stable hash when too long, then `suffix` (".fifo" or ""): the queues' and the jobs' dead-letter queues'. */
export function sqsName(parts: readonly string[], suffix = ""): string {
  return `${awsName(parts, SQS_NAME_LIMIT - suffix.length)}${suffix}`;
}
