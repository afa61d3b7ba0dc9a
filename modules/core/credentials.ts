/**
 * Text that looks like a credential, wherever it was typed: a password in a URL, a token in a query
 * string, a webhook URL (its path is the secret), or a key in a well-known format. Configuration
 * values end up in the Terraform JSON and state, so none of these may be in one; and no message
 * may echo one.
 */

/** Each kind of credential and how to recognise it. */
const CREDENTIAL_PATTERNS: readonly (readonly [kind: string, pattern: RegExp])[] = [
  ["a URL with a user and password", /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
  [
    "a URL with a credential in its query string",
    /[?&](?:access_?token|api_?key|apikey|auth|client_?secret|code|key|password|passwd|pwd|secret|sig|signature|token|x-amz-signature|x-amz-credential)=[^&\s]{4,}/i,
  ],
  ["a webhook URL, whose path is its secret", /https:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)\/|discord(?:app)?\.com\/api\/webhooks\/|[a-z0-9-]+\.webhook\.office\.com\/|outlook\.office\.com\/webhook\/|chat\.googleapis\.com\/v1\/spaces\/[^\s]*key=)/i],
  ["an AWS access key id", /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/],
  ["a GitHub token", /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b/],
  ["a Slack token", /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ["a private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["a JSON web token", /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
  ["a Stripe secret key", /\b[rs]k_live_[A-Za-z0-9]{16,}/],
  ["a password assignment", /\b(?:password|passwd|pwd)=\S{4,}/i],
];

/** What kind of credential `text` looks like, or undefined when it looks like none. */
export function credentialKind(text: string): string | undefined {
  return CREDENTIAL_PATTERNS.find(([, pattern]) => pattern.test(text))?.[0];
}

/** A value in `text` position of the configuration: every string, with its path. */
export interface TextValue {
  readonly path: readonly PropertyKey[];
  readonly text: string;
}

/** Every string below `value`, depth first, in key order. */
export function textValues(value: unknown, path: readonly PropertyKey[] = []): TextValue[] {
  if (typeof value === "string") return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => textValues(item, [...path, index]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => [...(credentialKind(key) ? [{ path: [...path, key], text: key }] : []), ...textValues(item, [...path, key])]);
  }
  return [];
}
