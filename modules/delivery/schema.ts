/**
 * Keyless delivery from GitHub Actions: which repository, branch and GitHub environments may assume
 * the deploy roles (see `deploy-roles.ts`). Every role is assumed with a short-lived GitHub OIDC token;
 * nothing here, nor anywhere in the platform, creates an access key.
 */
import { listOf, matching, strict, z } from "../core/schema";
import { Tier } from "../core/tiers";

/** GitHub's owner rule (1-39 letters, digits, single inner '-') and repository rule (1-100 of A-Z a-z 0-9 . _ -, not "." or ".."). */
const OWNER = "[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}";
// Not "name.git": the clone URL's suffix is never part of the token's subject claim, so a role
// trusting it would trust nothing.
const NAME = "(?!\\.\\.?(?:@|$))(?![A-Za-z0-9._-]*\\.git(?:@|$))[A-Za-z0-9._-]{1,100}";
/** A numeric id, as GitHub's immutable subject claims append it: `owner@123/name@456`. */
const ID = "@[1-9][0-9]{0,19}";
/** "owner/name", or "owner@<owner id>/name@<repository id>" for repositories that emit immutable subject claims. */
export const GITHUB_REPOSITORY_PATTERN = new RegExp(`^(?:${OWNER}/${NAME}|${OWNER}${ID}/${NAME}${ID})$`);

const githubRepository = matching(
  GITHUB_REPOSITORY_PATTERN,
  'a GitHub repository as "owner/name" (no https://github.com/ and no .git), or "owner@<owner id>/name@<repository id>" when its OIDC tokens carry immutable subject claims',
);

/** A branch name git accepts, without wildcards: a role trusts one branch exactly. */
// Not "refs/heads/main": the subject claim adds refs/heads/ itself, so the ref written in full would never match.
const branchName = matching(
  /^(?!refs\/)(?![-/.])(?!.*(?:\.\.|\/\/|@\{|\/\.|\.lock$|\/$|\.$))[A-Za-z0-9._/-]{1,200}$/,
  "a branch name such as main or release/v2, without refs/heads/ (letters, digits, '.', '_', '-', '/'; no wildcards)",
);

/** GitHub allows more in environment names; the subject claim carries the name, so it is kept to unambiguous characters. */
const githubEnvironmentName = matching(
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
  "a GitHub environment name of 1-100 letters, digits, '.', '_' and '-', starting with a letter or digit",
);

/** The platform's environment name rule (modules/platform/schema.ts), repeated here because delivery imports only core. */
const environmentName = matching(/^[a-z][a-z0-9]{1,9}$/, "an environment name: 2-10 characters of a-z and 0-9, starting with a letter");

/** The platform's service name rule (modules/service/schema.ts). */
const serviceName = matching(
  /^[a-z](?:[a-z0-9]|-(?!-)){0,14}[a-z0-9]$|^[a-z]$/,
  "a service name: 1-16 characters of a-z, 0-9 and single '-', starting with a letter and not ending with '-'",
);

const existingProviderArn = matching(
  /^arn:aws(?:-[a-z]+)*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/,
  "the ARN of the account's GitHub OIDC provider, arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com",
);

/** Which jobs of a repository a role trusts: those running in one GitHub environment, or those run for pushes to one branch. */
export type TrustedJobs = { readonly githubEnvironment: string } | { readonly branch: string };

const trustedJobs = strict({ githubEnvironment: githubEnvironmentName.optional(), branch: branchName.optional() })
  .refine((jobs) => (jobs.githubEnvironment === undefined) !== (jobs.branch === undefined), {
    error: '{ githubEnvironment: "<name>" } or { branch: "<name>" }, one of the two',
  })
  .transform(({ githubEnvironment, branch }): TrustedJobs => (githubEnvironment !== undefined ? { githubEnvironment } : { branch: String(branch) }));

const OIDC_PROVIDER_EXPECTED = '"create" or { existingArn: "arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com" }';

const githubSettings = strict({
  /**
   * The repository whose workflows plan and apply (this one, or its fork). Spelt exactly as in the
   * token's subject claim: "owner/name", or "owner@<owner id>/name@<repository id>" for repositories
   * created on or after 15 July 2026 (and older ones that opted in), whose tokens carry GitHub's
   * immutable subject claims. No default.
   */
  repository: githubRepository,
  /**
   * The branch pull requests merge into. The plan roles trust exactly two subjects: pull requests
   * (`repo:<repository>:pull_request`) and pushes to this branch (`repo:<repository>:ref:refs/heads/<mainBranch>`),
   * the re-plan before apply. No other branch, tag or environment may plan. Default: "main".
   */
  mainBranch: branchName.default("main"),
  /**
   * The account's IAM OIDC provider for token.actions.githubusercontent.com (one per account):
   * "create" it, or name one that already exists with `{ existingArn }`. Default: "create".
   */
  oidcProvider: z
    .union([z.literal("create", { error: OIDC_PROVIDER_EXPECTED }), strict({ existingArn: existingProviderArn })], { error: OIDC_PROVIDER_EXPECTED })
    .default("create"),
});

const applySettings = strict({
  /**
   * The GitHub environment whose jobs alone may assume the apply role, the only subject it trusts
   * (`repo:<repository>:environment:<githubEnvironment>`). Give it required reviewers and limit its
   * deployment branches to the main branch in the repository settings: that is the approval gate.
   * Default: the environment's own name.
   */
  githubEnvironment: githubEnvironmentName.optional(),
});

const environments = z
  .record(environmentName, applySettings, { error: "an object of environment name to { githubEnvironment? }" })
  .transform((settings) =>
    Object.fromEntries(
      Object.entries(settings).map(([name, setting]) => [name, { githubEnvironment: setting.githubEnvironment ?? name }]),
    ),
  );

export const imagePublisherSchema = strict({
  /** The service's own GitHub repository, which builds and rolls out its image (same spelling rules as `github.repository`). No default. */
  githubRepository,
  /**
   * The platform environment the service runs in. Default: every environment (of those delivered)
   * whose services include this one with an ECR image, so that a new environment gets its
   * publishers without a line here.
   */
  environment: environmentName.optional(),
  /** The service's name in that environment's `services`; its image must come from ECR (`image.source: "ecr"`). No default. */
  service: serviceName,
  /**
   * Which jobs of `githubRepository` may publish: `{ githubEnvironment }` or `{ branch }`.
   * Default: { githubEnvironment: <environment> }, so that a release passes the same GitHub
   * environment gate as an infrastructure apply (and may run from tags or workflow_dispatch).
   */
  publishFrom: trustedJobs.optional(),
});

export const deliverySchema = strict({
  /** The infrastructure repository and the account's OIDC provider. No default. */
  github: githubSettings,
  /**
   * The environments that get deploy roles (pull-request plan, main-branch plan, apply), by name:
   * `{ dev: {}, prod: { githubEnvironment: "production" } }`. One not listed cannot be deployed
   * from GitHub. Default: every environment of the platform, each in its own GitHub environment, so
   * that a new environment listed in the configuration gets its roles without a line here.
   */
  environments: environments.optional(),
  /** One image-publish role per service image: push to its ECR repository and roll out its ECS service, nothing else. Default: none. */
  imagePublishers: listOf(imagePublisherSchema, "a list of { githubRepository, environment, service, publishFrom? }").default([]),
});

export type DeliveryInput = z.input<typeof deliverySchema>;
export type DeliveryConfig = z.output<typeof deliverySchema>;
export type ImagePublisherInput = z.input<typeof imagePublisherSchema>;
/** A publisher with its environment and GitHub jobs resolved. */
export interface ImagePublisherConfig {
  readonly githubRepository: string;
  readonly environment: string;
  readonly service: string;
  readonly publishFrom: TrustedJobs;
}

/** The environments that get deploy roles: those listed, or every one. */
export function deliveredEnvironments(config: DeliveryConfig, names: readonly string[]): { name: string; githubEnvironment: string }[] {
  const listed = config.environments ?? Object.fromEntries(names.map((name) => [name, { githubEnvironment: name }]));
  return Object.entries(listed).map(([name, settings]) => ({ name, githubEnvironment: settings.githubEnvironment }));
}

/**
 * Every publisher, one per environment and service: a publisher without an environment stands for
 * each delivered environment that runs the service from ECR. Defaults: publish from the
 * environment's GitHub environment, the same gate as an infrastructure apply.
 */
export function resolvedPublishers(config: DeliveryConfig, environments: readonly DeliveryEnvironmentFacts[]): ImagePublisherConfig[] {
  const delivered = new Set(deliveredEnvironments(config, environments.map((environment) => environment.name)).map((environment) => environment.name));
  return config.imagePublishers.flatMap((publisher) => {
    const targets = publisher.environment
      ? [publisher.environment]
      : environments.filter((environment) => delivered.has(environment.name) && environment.ecrServices.includes(publisher.service)).map((environment) => environment.name);
    return targets.map((environment) => ({
      githubRepository: publisher.githubRepository,
      environment,
      service: publisher.service,
      publishFrom: publisher.publishFrom ?? { githubEnvironment: environment },
    }));
  });
}

/** What `deliveryProblems` needs to know of each configured environment. */
export interface DeliveryEnvironmentFacts {
  readonly name: string;
  /** Names of all its services. */
  readonly services: readonly string[];
  /** Names of its services whose image comes from ECR. */
  readonly ecrServices: readonly string[];
  /** Its tier, where known: a production environment's roles may trust no non-production gate. */
  readonly tier?: Tier;
  /**
   * False for an environment whose own fields have problems: its name is known (so it is not
   * reported unknown) but its services are not, and nothing is checked against them. Default: true.
   */
  readonly parsed?: boolean;
}

/** Deploy roles are named "<project>-<env>-github-*"; a service's roles "<project>-<env>-<service>-task" must not look like them. */
const DEPLOY_ROLE_LOOKALIKE = /^github(?:-|$)/;

type Problem = (field: string, value: string, expected: string) => string;

/**
 * Rules between the delivery settings and the environments, as problem lines
 * (`<scope>: <field> is <value>; expected <valid>`): for `parseConfiguration`'s cross-checks.
 */
export function deliveryProblems(scope: string, config: DeliveryConfig, environments: readonly DeliveryEnvironmentFacts[]): string[] {
  const problem: Problem = (field, value, expected) => `${scope}: ${field} is ${JSON.stringify(value)}; expected ${expected}`;
  return [
    ...unknownEnvironments(config, environments, problem),
    ...publisherProblems(config, environments, problem),
    ...duplicatePublishers(config, environments.filter(isParsed), problem),
    ...deployRoleLookalikes(config, environments.filter(isParsed)),
    ...sharedGithubEnvironments(config, environments, problem),
    ...productionPublishersFromLowerGates(config, environments.filter(isParsed), problem),
  ];
}

function isParsed(environment: DeliveryEnvironmentFacts): boolean {
  return environment.parsed !== false;
}

/**
 * GitHub compares environment names without regard to case ("Production" and "production" are one
 * environment: https://docs.github.com/en/actions/reference/workflows-and-actions/deployments-and-environments#environments).
 */
function gateKey(githubEnvironment: string): string {
  return githubEnvironment.toLowerCase();
}

/**
 * Two platform environments behind one GitHub environment: an approval for one applies the other
 * (a copied `environments` entry keeps its original's gate). Reported at the later one, or at the
 * production one, whose gate it is that must be its own.
 */
function sharedGithubEnvironments(config: DeliveryConfig, environments: readonly DeliveryEnvironmentFacts[], problem: Problem): string[] {
  if (!config.environments) return [];
  const delivered = deliveredEnvironments(config, environments.map((environment) => environment.name));
  const tierOf = (name: string) => environments.find((environment) => environment.name === name)?.tier;
  return delivered.flatMap((environment, index) => {
    const other = delivered.find((candidate, position) => position !== index && gateKey(candidate.githubEnvironment) === gateKey(environment.githubEnvironment));
    if (!other) return [];
    const reportedHere = tierOf(environment.name) === "production" ? tierOf(other.name) !== "production" || delivered.indexOf(other) < index : tierOf(other.name) !== "production" && delivered.indexOf(other) < index;
    if (!reportedHere) return [];
    return [
      problem(
        `environments.${environment.name}.githubEnvironment`,
        environment.githubEnvironment,
        `a GitHub environment no other platform environment deploys through: environment "${other.name}" uses it, so an approval there would apply ${environment.name} too`,
      ),
    ];
  });
}

/**
 * A production environment's publisher trusting the GitHub environment of a non-production one:
 * whoever may release to staging could then push production's image. Refused.
 */
function productionPublishersFromLowerGates(config: DeliveryConfig, environments: readonly DeliveryEnvironmentFacts[], problem: Problem): string[] {
  const delivered = deliveredEnvironments(config, environments.map((environment) => environment.name));
  const tierOf = (name: string) => environments.find((environment) => environment.name === name)?.tier;
  const lowerGates = new Map(delivered.filter((environment) => tierOf(environment.name) !== "production" && tierOf(environment.name) !== undefined).map((environment) => [gateKey(environment.githubEnvironment), environment.name]));
  return config.imagePublishers.flatMap((publisher, index) =>
    resolvedPublishers({ ...config, imagePublishers: [publisher] }, environments).flatMap((resolved) => {
      const from = resolved.publishFrom;
      if (tierOf(resolved.environment) !== "production" || !("githubEnvironment" in from)) return [];
      const lower = lowerGates.get(gateKey(from.githubEnvironment));
      if (lower === undefined) return [];
      return [
        problem(
          `imagePublishers[${index}].publishFrom.githubEnvironment`,
          from.githubEnvironment,
          `a GitHub environment of production's own, not that of environment "${lower}" (${tierOf(lower)}): whoever may release there would push the image of production environment "${resolved.environment}"`,
        ),
      ];
    }),
  );
}

function knownNames(environments: readonly DeliveryEnvironmentFacts[]): string {
  return `one of the configured environments: ${environments.map((environment) => environment.name).join(", ") || "none"}`;
}

function unknownEnvironments(config: DeliveryConfig, environments: readonly DeliveryEnvironmentFacts[], problem: Problem): string[] {
  return Object.keys(config.environments ?? {})
    .filter((name) => !environments.some((environment) => environment.name === name))
    .map((name) => problem(`environments.${name}`, name, knownNames(environments)));
}

function publisherProblems(config: DeliveryConfig, environments: readonly DeliveryEnvironmentFacts[], problem: Problem): string[] {
  return config.imagePublishers.flatMap((publisher, index) => {
    if (publisher.environment === undefined) return [];
    const environment = environments.find((candidate) => candidate.name === publisher.environment);
    if (!environment) return [problem(`imagePublishers[${index}].environment`, publisher.environment, knownNames(environments))];
    if (!isParsed(environment) || environment.ecrServices.includes(publisher.service)) return [];
    const ecr = environment.ecrServices.join(", ") || "none";
    return [problem(`imagePublishers[${index}].service`, publisher.service, `a service of environment "${environment.name}" whose image comes from ECR: ${ecr}`)];
  });
}

function duplicatePublishers(config: DeliveryConfig, environments: readonly DeliveryEnvironmentFacts[], problem: Problem): string[] {
  const keys = resolvedPublishers(config, environments).map((publisher) => `${publisher.environment}/${publisher.service}`);
  return keys.flatMap((key, index) =>
    keys.indexOf(key) === index ? [] : [problem(`imagePublishers[${index}]`, key, "one publisher per environment and service")],
  );
}

/** Reported at the service, which is what to rename (or the environment left out of `delivery.environments`). */
function deployRoleLookalikes(config: DeliveryConfig, environments: readonly DeliveryEnvironmentFacts[]): string[] {
  return environments
    .filter((environment) => !config.environments || environment.name in config.environments)
    .flatMap((environment) =>
      environment.services.flatMap((service, index) =>
        DEPLOY_ROLE_LOOKALIKE.test(service)
          ? [
              `environment "${environment.name}": services[${index}].name is ${JSON.stringify(service)}; expected a name that does not start with "github" ` +
                "while delivery.environments deploys this environment: its roles would be named like the deploy roles, which the apply role may not change",
            ]
          : [],
      ),
    );
}
