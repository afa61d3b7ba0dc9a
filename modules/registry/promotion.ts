/**
 * Promotion of one image digest from a lower environment (staging) to a higher one (production),
 * across accounts: built once, released there, copied by digest here.
 *
 * Chosen over the alternatives (each checked against the ECR user guide):
 * - Cross-account pull at run time (the production task pulling staging's repository through its
 *   repository policy): production's every task start would depend on staging's account, its
 *   lifecycle policy (which expires images staging no longer needs) and its key.
 * - ECR replication (`aws_ecr_replication_configuration`, with a registry policy allowing
 *   `ecr:ReplicateImage` in the destination: https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions-examples.html):
 *   replicates every push, released or not, into repositories named as the source's
 *   (`<project>-staging/<service>` in production), and one replication configuration per registry.
 * - Chosen: the production pipeline copies the released manifest (digest unchanged) from staging's
 *   repository into production's own. Staging's repository policy lets production's publish role
 *   pull, and that role's own policy grants the pull actions only (a cross-account call needs both:
 *   https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html).
 *   Production keeps its own repository, key, scan on push and lifecycle; its Terraform is unchanged.
 *   Images under a customer key need no key grant for the puller: ECR decrypts through the grant it
 *   holds on the repository's key (https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html).
 */
import { Tier, TIERS } from "../core/tiers";

/** What the promotion rules need to know of an environment. */
export interface PromotionFacts {
  readonly name: string;
  readonly tier: Tier;
  /** Its own account; none: the state's. */
  readonly accountId?: string;
  readonly ecrServices: readonly string[];
  readonly promoteFrom?: string;
}

/** The repository a promoting environment's publish role pulls one service's image from. */
export interface PromotionSource {
  readonly environment: string;
  /** "<project>-<source>/<service>". */
  readonly ecrRepository: string;
  /** The source's account; none: the same account as the puller's. */
  readonly accountId?: string;
}

/** A publish role allowed to pull from a repository: its account (none: the repository's) and name. */
export interface RepositoryPuller {
  readonly accountId?: string;
  readonly roleName: string;
}

/** The account an environment's resources are in, when it is known and differs from the state's (none: the state's, `stateAccountId`). */
function accountOf(environment: { readonly accountId?: string }, stateAccountId: string | undefined): string | undefined {
  return environment.accountId ?? stateAccountId;
}

/** Where `environment` promotes `service` from, if it promotes. */
export function promotionSource(
  project: string,
  environments: readonly Pick<PromotionFacts, "name" | "accountId" | "promoteFrom">[],
  environment: string,
  service: string,
  stateAccountId: string | undefined,
): PromotionSource | undefined {
  const target = environments.find((candidate) => candidate.name === environment);
  const source = target?.promoteFrom === undefined ? undefined : environments.find((candidate) => candidate.name === target.promoteFrom);
  if (!target || !source) return undefined;
  const sourceAccount = accountOf(source, stateAccountId);
  return {
    environment: source.name,
    ecrRepository: `${project}-${source.name}/${service}`,
    accountId: sourceAccount === accountOf(target, stateAccountId) ? undefined : sourceAccount,
  };
}

/** The publish roles (`roleName(environment, service)`) that may pull `environment`'s repository of `service`: those of the environments promoting from it. */
export function repositoryPullers(
  environments: readonly (Pick<PromotionFacts, "name" | "accountId" | "promoteFrom"> & { readonly ecrServices?: readonly string[] })[],
  environment: string,
  service: string,
  stateAccountId: string | undefined,
  roleName: (environment: string, service: string) => string,
): RepositoryPuller[] {
  const source = environments.find((candidate) => candidate.name === environment);
  if (!source) return [];
  const sourceAccount = accountOf(source, stateAccountId);
  return environments
    .filter((candidate) => candidate.promoteFrom === environment && (candidate.ecrServices ?? []).includes(service))
    .map((target) => {
      const account = accountOf(target, stateAccountId);
      return { accountId: account === sourceAccount ? undefined : account, roleName: roleName(target.name, service) };
    });
}

/**
 * `registry.promoteFrom` problems: the source exists, is another environment of a lower tier,
 * builds every ECR service the promoting one runs, and its account is known (an environment in
 * the state's account, next to one in its own, needs the bootstrap's one allowed account).
 */
export function promotionProblems(environments: readonly PromotionFacts[], stateAccountId: string | undefined): string[] {
  return environments.flatMap((environment) => {
    const from = environment.promoteFrom;
    if (from === undefined) return [];
    const problem = (expected: string) => `environment "${environment.name}": registry.promoteFrom is ${JSON.stringify(from)}; expected ${expected}`;
    const others = environments.filter((other) => other.name !== environment.name);
    const source = others.find((other) => other.name === from);
    if (!source) return [problem(`the name of another environment: ${others.map((other) => other.name).join(", ") || "none"}`)];
    const lower = TIERS.slice(0, TIERS.indexOf(environment.tier));
    if (!lower.includes(source.tier)) {
      return [problem(`an environment of a lower tier than ${environment.tier} (${lower.join(", ") || "none"}); ${from} is ${source.tier}`)];
    }
    const missing = environment.ecrServices.filter((service) => !source.ecrServices.includes(service));
    const problems = missing.length ? [problem(`an environment that builds every ECR service of this one; ${from} has no ECR service ${missing.join(", ")}`)] : [];
    const apart = (environment.accountId ?? null) !== (source.accountId ?? null);
    if (apart && (environment.accountId === undefined || source.accountId === undefined) && stateAccountId === undefined) {
      problems.push(problem(`a source whose account is known: one of the two is in the state's account, so the bootstrap's allowedAccountIds must name it`));
    }
    return problems;
  });
}
