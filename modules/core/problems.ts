/**
 * Turns schema issues into the lines a user reads: `<scope>: <field> is <value>; expected <valid>`,
 * or `<scope>: <field>.<key> is not a known field; did you mean <key>?`. Values that may be secret
 * are never echoed, whatever check reports them.
 */
import { z } from "zod";
import { credentialKind } from "./credentials";
import { UNKNOWN_KEYS_MARKER } from "./schema";

/** Every problem found in the configuration, one line each, thrown before any construct exists. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration, ${problems.length} problem(s):\n${problems.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "ConfigValidationError";
  }
}

/**
 * Variable names that hold credentials; their values belong in `secrets`. A name ending in _ARN
 * holds a reference to a secret (e.g. DATABASE_SECRET_ARN), not the secret.
 */
export const SECRET_LIKE_NAME = /^(?!.*_ARN$).*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|AUTH_DATA|CREDENTIAL)/i;
/** A URL with a user and password in it, e.g. postgres://user:pw@host/db. */
export const CREDENTIALS_IN_URL = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;
const HIDDEN = "(value hidden)";
const MAX_SHOWN_LENGTH = 200;

/** The problem lines of `issues`, found while parsing `input`, each prefixed with `scope`. */
export function formatIssues(scope: string, input: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => formatIssue(scope, input, issue));
}

function formatIssue(scope: string, input: unknown, issue: z.core.$ZodIssue): string[] {
  const field = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const known = JSON.parse(issue.message.slice(UNKNOWN_KEYS_MARKER.length)) as string[];
    return issue.keys.map((key) => `${scope}: ${joinField(field, key)} is not a known field; ${suggest(key, known)}`);
  }
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    return formatUnion(scope, input, issue);
  }
  if (issue.code === "invalid_key") {
    // A bad key of a record (tags, environment variables): name the record and show the key.
    const record = formatPath(issue.path.slice(0, -1));
    const key = String(issue.path[issue.path.length - 1]);
    return issue.issues.map((nested) => `${scope}: ${record} has the key ${JSON.stringify(key)}; expected ${nested.message}`);
  }
  const shown = issue.code === "custom" && issue.params && "shown" in issue.params ? issue.params.shown : valueAt(input, issue.path);
  return [`${scope}: ${field || "(the whole configuration)"} is ${describeValue(issue.path, shown)}; expected ${issue.message}`];
}

/**
 * A union (e.g. an ECR image or an image URI) that matched no option: the problems of the option
 * the input meant, judged by its discriminator, or else those of the closest option.
 */
function formatUnion(scope: string, input: unknown, issue: z.core.$ZodIssue & { code: "invalid_union" }): string[] {
  const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0];
  return closest.flatMap((nested) => formatIssue(scope, input, { ...nested, path: [...issue.path, ...nested.path] }));
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : joinField(text, String(key))), "");
}

function joinField(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * The value as the message shows it. Hidden: a `secrets` entry that is not an ARN, a variable
 * whose name looks like a credential, and any text that looks like a credential (`core/credentials.ts`).
 */
export function describeValue(path: readonly PropertyKey[], value: unknown): string {
  if (value === undefined) return "not set";
  const text = JSON.stringify(redact(path, value)) ?? String(value);
  return text.length > MAX_SHOWN_LENGTH ? `${text.slice(0, MAX_SHOWN_LENGTH)}...` : text;
}

function redact(path: readonly PropertyKey[], value: unknown): unknown {
  const keys = path.map(String);
  // A service's variables written in another shape ("NAME=value" text, ECS's [{ name, value }]
  // list) may hold anything. (The top-level `environment` is the environment's name.)
  const misshapenVariables = keys.length > 1 && keys[keys.length - 1] === "environment" && (value === null || typeof value !== "object" || Array.isArray(value));
  if (misshapenVariables && value !== undefined) return HIDDEN;
  // Values under a service's `secrets` or the environment's `secrets` may be secret; under `uses.secrets` they are names.
  const underSecrets = keys.some((key, index) => key === "secrets" && keys[index - 1] !== "uses");
  const credentialName = keys.some((key, index) => index > 0 && keys[index - 1] === "environment" && SECRET_LIKE_NAME.test(key));
  if (typeof value === "string") {
    if (credentialName || CREDENTIALS_IN_URL.test(value) || credentialKind(value)) return HIDDEN;
    if (underSecrets && !value.startsWith("arn:")) return "(plain value hidden)";
    return value;
  }
  if (Array.isArray(value)) return value.map((item, index) => redact([...path, index], item));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact([...path, key], item)]));
  }
  return credentialName || underSecrets ? HIDDEN : value;
}

/** "did you mean <closest>?" for a near miss, else the list of known fields. */
function suggest(key: string, known: readonly string[]): string {
  const closest = known
    .map((candidate) => ({ candidate, distance: editDistance(key.toLowerCase(), candidate.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))[0];
  if (closest && closest.distance <= Math.max(2, Math.floor(key.length / 3))) return `did you mean ${closest.candidate}?`;
  return `known fields: ${known.join(", ")}`;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
