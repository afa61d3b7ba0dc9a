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
