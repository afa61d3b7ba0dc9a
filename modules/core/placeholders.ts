/**
 * Values the shipped configuration uses as stand-ins, which a fork must replace: AWS's
 * documentation account id, the reserved example.com domain, a made-up hosted zone and
 * certificate id, a made-up GitHub organisation. Deploying them would fail, or worse, reach someone else's resources.
 */
export const PLACEHOLDER_MARKERS = ["123456789012", "111111111111", "222222222222", "example.com", "Z0123456789ABCDEFGHIJ", "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", "example-org/"] as const;

/** Dotted paths of the configuration's text values that still hold a placeholder, in order. */
export function placeholderPaths(value: unknown, path = ""): string[] {
  if (typeof value === "string") return PLACEHOLDER_MARKERS.some((marker) => value.includes(marker)) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => placeholderPaths(item, `${path}[${index}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => placeholderPaths(item, path ? `${path}.${key}` : key));
  }
  return [];
}

/**
 * The paths, with the fields repeated across a list's items named once: six image publishers'
 * `githubRepository` are `delivery.imagePublishers[*].githubRepository`, so the line stays short.
 */
export function placeholderFields(paths: readonly string[]): string[] {
  const pattern = (path: string) => path.replace(/\[\d+\]/g, "[*]");
  const counts = new Map<string, number>();
  for (const path of paths) counts.set(pattern(path), (counts.get(pattern(path)) ?? 0) + 1);
  return [...new Set(paths.map((path) => ((counts.get(pattern(path)) ?? 0) > 1 ? pattern(path) : path)))];
}

/** The one-line warning for a stack whose configuration still holds placeholders, or undefined. */
export function placeholderWarning(config: unknown): string | undefined {
  const paths = placeholderPaths(config);
  if (paths.length === 0) return undefined;
  return `still uses placeholder values at ${placeholderFields(paths).join(", ")}; replace the FORK values in shared.ts before deploying`;
}
