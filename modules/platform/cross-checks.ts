/**
 * Rules that read the whole configuration at once, generically: every string that looks like a
 * credential, every ARN against the accounts and region it must belong to, and every name that
 * must be unique across environments (domains and their records, Cloud Map namespaces).
 */
import { credentialKind, textValues } from "../core/credentials";
import { formatPath } from "../core/problems";

/** One problem line: `<scope>: <field> is <value>; expected <valid>`. */
function line(scope: string, path: readonly PropertyKey[], shown: string, expected: string): string {
  return `${scope}: ${formatPath(path) || "(the whole configuration)"} is ${shown}; expected ${expected}`;
}

/**
 * Strings that look like credentials (`core/credentials.ts`), anywhere in `input`: configuration
 * is written to the Terraform JSON and state, where no secret belongs. The value is never shown.
 */
export function credentialProblems(scope: string, input: unknown): string[] {
  return textValues(input).flatMap(({ path, text }) => {
    const kind = credentialKind(text);
    return kind
      ? [line(scope, path, '"(value hidden)"', `no credential (this looks like ${kind}): configuration is written to the Terraform JSON and state; keep it in a Secrets Manager secret and reference its ARN under services[].secrets`)]
      : [];
  });
}

/** arn:partition:service:region:account:resource */
const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|)?:/;

/** Where an ARN may be in another region than the environment's, and in which. */
export interface RegionRule {
  /** The field's path, as `formatPath` writes it. */
  readonly field: RegExp;
  /**
   * The region its ARNs must be in; "checked" where the capability's own rule already says which
   * (and names the field better), "any" where another region is legitimate.
   */
  readonly region: string | "checked" | "any";
}

/** What an ARN of an environment must belong to. */
export interface ArnScope {
  readonly scope: string;
  /** The accounts the environment allows; any account when undefined. */
  readonly allowedAccountIds?: readonly string[];
  readonly region: string;
  readonly regionRules: readonly RegionRule[];
}

/**
 * Every ARN in `config` belongs to an account the environment allows (AWS-owned ARNs aside) and to
 * the environment's region, unless a rule names another (CloudFront's certificate in us-east-1) or
 * the ARN's service has no region (IAM, S3, CloudFront, Route 53).
 */
export function arnProblems(config: unknown, arnScope: ArnScope): string[] {
  return textValues(config).flatMap(({ path, text }) => {
    const match = ARN.exec(text);
    if (!match) return [];
    const [, , service, region, account] = match;
    const problems: string[] = [];
    const accounts = arnScope.allowedAccountIds;
    if (accounts && account && account !== "aws" && !accounts.includes(account)) {
      problems.push(line(arnScope.scope, path, JSON.stringify(text), `an ARN in an account this environment allows (${accounts.join(", ")}), not ${account}: Terraform acts only in those (allowedAccountIds)`));
    }
    const field = formatPath(path);
    const required = arnScope.regionRules.find((rule) => rule.field.test(field))?.region ?? arnScope.region;
    if (region && required !== "checked" && required !== "any" && region !== required) {
      problems.push(line(arnScope.scope, path, JSON.stringify(text), `an ARN in ${required}${required === arnScope.region ? ", the environment's region" : ""}: ${service} resources are regional`));
    }
    return problems;
  });
}

/** A name an environment claims, e.g. a DNS record or a Cloud Map namespace, and where. */
export interface ClaimedName {
  readonly environment: string;
  readonly field: string;
  readonly name: string;
  /** What kind of name, in the message: "a domain", "a Cloud Map namespace". */
  readonly kind: string;
}

/** Every name claimed twice, in one environment or two: each claim after the first is a problem. */
export function duplicateNameProblems(claims: readonly ClaimedName[]): string[] {
  const first = new Map<string, ClaimedName>();
  const problems: string[] = [];
  for (const claim of claims) {
    const key = `${claim.kind}\u0000${claim.name}`;
    const owner = first.get(key);
    if (!owner) {
      first.set(key, claim);
      continue;
    }
    const where = owner.environment === claim.environment ? `${owner.field} of this environment` : `environment "${owner.environment}" (${owner.field})`;
    problems.push(`environment "${claim.environment}": ${claim.field} is ${JSON.stringify(claim.name)}; expected ${claim.kind} no other front door or environment uses: ${where} has it already (a copied environment keeps the names of its original)`);
  }
  return problems;
}

/** Every value of a key named `key` below `value`, with its path. */
export function valuesOfKey(value: unknown, key: string, path: readonly PropertyKey[] = []): { path: readonly PropertyKey[]; value: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => valuesOfKey(item, key, [...path, index]));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([name, item]) =>
    name === key && typeof item === "string" ? [{ path: [...path, name], value: item }] : valuesOfKey(item, key, [...path, name]),
  );
}
