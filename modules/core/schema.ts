/**
 * The building blocks every capability's schema uses. Each block carries the wording of what would
 * be valid, phrased to follow "expected" in a problem line (see `problems.ts`), so that a wrong
 * value of any shape reads `<field> is <value>; expected <what would be valid>`.
 */
import { z } from "zod";

/** Prefix of the message of an unknown-key issue; the known keys follow as JSON (see `problems.ts`). */
export const UNKNOWN_KEYS_MARKER = "unknown-keys:";

/** The wording of zod's own checks where a block gives none. */
function describeExpectation(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return EXPECTED_TYPE[issue.expected] ?? `a value of type ${issue.expected}`;
    case "too_small":
      return issue.origin === "array" ? `at least ${issue.minimum} item(s)` : `at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "array" ? `at most ${issue.maximum} item(s)` : `at most ${issue.maximum}`;
    case "invalid_value":
      return `one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    case "unrecognized_keys":
      return `${UNKNOWN_KEYS_MARKER}${JSON.stringify(knownKeys(issue.inst))}`;
    default:
      return undefined;
  }
}

const EXPECTED_TYPE: Readonly<Record<string, string>> = {
  string: "text (a string)",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  record: "an object",
};

/** Keys a user may write: renamed fields (see `renamedTo`) are left out. */
function knownKeys(schema: unknown): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: Record<string, unknown> } } })?._zod?.def?.shape;
  return shape ? Object.keys(shape).filter((key) => !RENAMED_FIELDS.has(shape[key] as object)) : [];
}

/** The schemas `renamedTo` made, which stand for an old name only. */
const RENAMED_FIELDS = new WeakSet<object>();

z.config({ customError: describeExpectation });

export { z };

/** An object that refuses keys it does not know, so a typo is an error rather than a silent default. */
export function strict<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.strictObject(shape);
}

/** A lowercase DNS name with at least two labels, e.g. app.example.com. */
export const DNS_NAME_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** true or false. */
export function bool() {
  return z.boolean();
}

/** A whole number from `min` to `max`, e.g. `whole(1, 3650, "a whole number of days")`; `why` explains the range. */
export function whole(min: number, max: number, what = "a whole number", why?: string) {
  const expected = `${what} from ${min} to ${max}${why ? ` (${why})` : ""}`;
  return z.number({ error: expected }).int({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
}

/** One of a fixed list of strings; the list is the single source of the allowed values. */
export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values, expected?: string) {
  return z.enum(values, { error: expected ?? `one of ${values.join(", ")}` });
}

/** One of a fixed list of numbers. */
export function oneOfNumbers<const Values extends readonly [number, ...number[]]>(values: Values, expected: string) {
  return z.literal(values, { error: expected });
}

/** Text matching `pattern`, described by `expected`. */
export function matching(pattern: RegExp, expected: string) {
  return z.string({ error: expected }).regex(pattern, { error: expected });
}

/** Text for which `valid` holds, described by `expected` (also when it is not text at all). */
export function textWhere(valid: (text: string) => boolean, expected: string) {
  return z.string({ error: expected }).refine(valid, { error: expected });
}

/** A list of `item`, with an optional description of the whole list. */
export function listOf<Item extends z.ZodType>(item: Item, expected?: string) {
  return z.array(item, expected ? { error: expected } : undefined);
}

/**
 * Adds a problem at `path` below the refined object. `value` overrides the value the message
 * shows (by default the input at that path), e.g. to name a key rather than its value.
 */
export function addProblem(
  context: z.RefinementCtx,
  path: readonly PropertyKey[],
  expected: string,
  value?: { readonly shown: unknown },
): void {
  context.addIssue({ code: "custom", path: [...path], message: expected, params: value ? { shown: value.shown } : undefined });
}

/**
 * Checks that record problems under one path prefix and return whether they held, so dependent
 * checks can be skipped: the adapter between zod refinements and the plain check functions that
 * capabilities keep next to their schema (subnet planning, window overlap, ...).
 */
export class Problems {
  constructor(
    private readonly context: z.RefinementCtx,
    private readonly prefix: readonly PropertyKey[] = [],
  ) {}

  /** Records a problem at `field` (a key, or a path below the prefix) unless `valid`. */
  check(valid: boolean, field: PropertyKey | readonly PropertyKey[], expected: string, value?: { readonly shown: unknown }): boolean {
    if (!valid) addProblem(this.context, [...this.prefix, ...toPath(field)], expected, value);
    return valid;
  }

  nested(field: PropertyKey | readonly PropertyKey[]): Problems {
    return new Problems(this.context, [...this.prefix, ...toPath(field)]);
  }
}

function toPath(field: PropertyKey | readonly PropertyKey[]): readonly PropertyKey[] {
  return Array.isArray(field) ? field : [field as PropertyKey];
}

/** The retention values CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * A field that was renamed: writing the old name is a problem that names the new one. Retention
 * fields share one vocabulary, `<what>RetentionInDays` (as terraform-aws-modules' `*_retention_in_days`).
 */
export function renamedTo(newName: string) {
  const field = z.never({ error: `no such field: it is now ${newName}` }).optional();
  RENAMED_FIELDS.add(field);
  return field;
}

/** A CloudWatch Logs retention in days. */
export function logRetentionInDays() {
  return oneOfNumbers(LOG_RETENTION_DAYS, `a CloudWatch Logs retention in days: ${LOG_RETENTION_DAYS.join(", ")}`);
}

/**
 * Every resource a service names under `uses` (the keys of `named`, or its values with `byValue`)
 * must be one of the environment's `available` ones of `kind`, e.g. "queue".
 */
export function checkNamedUses(
  named: Readonly<Record<string, string>>,
  available: Readonly<Record<string, unknown>> | undefined,
  kind: string,
  problems: Problems,
  byValue = false,
): void {
  const names = Object.keys(available ?? {});
  const expected = `${byValue ? "the name of a" : "a"} ${kind} of this environment: ${names.join(", ") || "none configured"}`;
  for (const [key, value] of Object.entries(named)) {
    const name = byValue ? value : key;
    problems.check(names.includes(name), key, expected, byValue ? undefined : { shown: name });
  }
}

/** The variable a named resource is bound to: ("QUEUE", "email-jobs", "URL") → "QUEUE_EMAIL_JOBS_URL". */
export function resourceVariable(prefix: string, name: string, suffix: string): string {
  return `${prefix}_${name.toUpperCase().replace(/-/g, "_")}_${suffix}`;
}

/** A Route 53 hosted zone id. */
export const HOSTED_ZONE_PATTERN = /^Z[A-Z0-9]{1,31}$/;
/** An ACM certificate ARN; group 1 is its region. */
export const CERTIFICATE_ARN_PATTERN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;

/** The region of an ACM certificate ARN, if it is one. */
export function certificateRegion(arn: string): string | undefined {
  return CERTIFICATE_ARN_PATTERN.exec(arn)?.[1];
}
