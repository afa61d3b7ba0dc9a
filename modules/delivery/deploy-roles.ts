import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ENVIRONMENT_TAG } from "./apply-permissions";
import { normalizedRecordName } from "./escalation-guards";
import { GitHubOidcProvider } from "./github-oidc";
import { ImagePublishRole, ImagePublisherTarget, publishRoleName } from "./image-publisher";
import {
  APPLY_SESSION_SECONDS,
  applyWork,
  assumeStatement,
  boundaryOf,
  DeployPurpose,
  deployRole,
  deployRoleName,
  DeployScope,
  grant,
  Grants,
  planWork,
  roleArn,
  SESSION_SECONDS,
  withStatements,
} from "./role-grants";
import { deliveredEnvironments, DeliveryConfig } from "./schema";
import { applyStateStatements, planStateStatements, pullRequestPlanStateStatements, StateArns, stateArns, StateLocation } from "./state-access";
import { branchSubject, environmentSubject, pullRequestSubject } from "./subjects";
import { stateResourcesOf } from "./apply-permissions";

/** One platform environment, as its deploy roles need it. */
export interface DeployEnvironment {
  /** Environment (and stack) name. */
  readonly name: string;
  /** Its AWS region. */
  readonly region: string;
  /** Its state key in the state bucket, `stateKey(project, name)`. */
  readonly stateKey: string;
  /** Further regions its stack creates resources in (e.g. a backup replica's, CloudFront's us-east-1). Default: none. */
  readonly otherRegions?: readonly string[];
  /** Its own AWS account, when not the state's. Default: the state's (the bootstrap stack's). */
  readonly accountId?: string;
  /** DNS names whose records its stack creates (domains, Cloud Map namespace), subdomains included. Default: none. */
  readonly recordNames?: readonly string[];
  /** The environment whose released images it promotes (`registry.promoteFrom`). Default: none. */
  readonly promoteFrom?: string;
  /** Its services whose image comes from ECR, for publishers that name no environment. Default: none. */
  readonly ecrServices?: readonly string[];
  /** Services its roles are passed to (`iam:PassedToService`): what its capabilities declare. */
  readonly passedToServices: readonly string[];
}

export interface DeployRolesProps {
  /** Project name, the first part of every role name. */
  readonly project: string;
  /** The parsed delivery settings; roles are made for the environments it delivers (`deliveredEnvironments`). */
  readonly delivery: DeliveryConfig;
  /** Every environment of the platform (also those without roles: their state is kept out of reach). */
  readonly environments: readonly DeployEnvironment[];
  /** The state bucket and lock table (the bootstrap stack's). */
  readonly state: StateLocation;
  /** Further state keys in the bucket no deploy role may touch, e.g. the bootstrap stack's own once migrated. */
  readonly otherStateKeys: readonly string[];
  /** The image publishers of environments in the state's account, with their services' names resolved (`imagePublisherTargets`). */
  readonly imagePublishers: readonly ImagePublisherTarget[];
}

/** The GitHub subjects each state-account deploy role trusts. */
function subjectsOf(delivery: DeliveryConfig, purpose: DeployPurpose, githubEnvironment: string): string[] {
  const { repository, mainBranch } = delivery.github;
  if (purpose === "plan-pr") return [pullRequestSubject(repository)];
  if (purpose === "plan") return [branchSubject(repository, mainBranch)];
  return [environmentSubject(repository, githubEnvironment)];
}

function describe(delivery: DeliveryConfig, purpose: DeployPurpose, environment: string, githubEnvironment: string): string {
  const { repository, mainBranch } = delivery.github;
  if (purpose === "plan-pr") return `GitHub Actions of ${repository} plan environment ${environment} for pull requests (no lock, no data)`;
  if (purpose === "plan") return `GitHub Actions of ${repository} plan environment ${environment} on pushes to ${mainBranch}`;
  return `GitHub Actions of ${repository} apply environment ${environment} (GitHub environment ${githubEnvironment} only)`;
}

/**
 * Keyless deploy roles for GitHub Actions in the state's account: the GitHub OIDC provider
 * (created or existing) and per delivered environment three roles, the pull request's plan (no
 * lock), the main branch's plan (its lock) and the apply. For an environment in the state's
 * account they do the work themselves (the bootstrap stack creates the environment's permissions boundary);
 * for one in its own account they only read and lock its state and assume their namesakes there
 * (`AccountDeployRoles`). Role ARNs are outputs, to be set as GitHub variables.
 */
export class DeployRoles extends Construct {
  readonly oidcProviderArn: string;
  readonly pullRequestPlanRoles: ReadonlyMap<string, IamRole>;
  readonly planRoles: ReadonlyMap<string, IamRole>;
  readonly applyRoles: ReadonlyMap<string, IamRole>;
  /** By "<environment>/<service>". */
  readonly publishRoles: ReadonlyMap<string, IamRole>;
  private readonly accountId: string;
  private readonly partition: string;
  private readonly state: StateArns;

  constructor(scope: Construct, id: string, private readonly props: DeployRolesProps) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, "account").accountId;
    this.partition = new DataAwsPartition(this, "partition").partition;
    this.state = stateArns(props.state, this.accountId, this.partition);
    this.oidcProviderArn = new GitHubOidcProvider(this, "github-oidc", props.delivery.github.oidcProvider).arn;
    const delivered = deliveredEnvironments(props.delivery, props.environments.map((environment) => environment.name));
    const roles = (purpose: DeployPurpose) =>
      new Map(delivered.map(({ name, githubEnvironment }) => [name, this.role(environmentNamed(props.environments, name), purpose, githubEnvironment)]));
    this.pullRequestPlanRoles = roles("plan-pr");
    this.planRoles = roles("plan");
    this.applyRoles = roles("apply");
    this.publishRoles = new Map(props.imagePublishers.map((target) => [`${target.environment}/${target.service}`, this.publishRole(target)]));
    this.outputs();
  }

  private role(environment: DeployEnvironment, purpose: DeployPurpose, githubEnvironment: string): IamRole {
    const { project, delivery } = this.props;
    const id = `${environment.name}-${purpose}`;
    const role = deployRole(this, id, {
      name: deployRoleName(project, environment.name, purpose),
      description: describe(delivery, purpose, environment.name, githubEnvironment),
      sessionSeconds: purpose === "apply" ? APPLY_SESSION_SECONDS : SESSION_SECONDS,
      github: { providerArn: this.oidcProviderArn, subjects: subjectsOf(delivery, purpose, githubEnvironment) },
    });
    grant(this, role, id, this.partition, this.grants(environment, purpose));
    return role;
  }

  /** State access always here; the work here too, or the hop to the environment's account. */
  private grants(environment: DeployEnvironment, purpose: DeployPurpose): Grants {
    const key = environment.stateKey;
    const state =
      purpose === "plan-pr"
        ? pullRequestPlanStateStatements(this.state, key)
        : purpose === "plan"
          ? planStateStatements(this.state, key)
          : applyStateStatements(this.state, key);
    if (environment.accountId) {
      const target = roleArn(this.partition, environment.accountId, deployRoleName(this.props.project, environment.name, purpose === "apply" ? "apply" : "plan"));
      return { statements: [...state, assumeStatement(target)], guards: [] };
    }
    const scope = deployScope(this.props, environment, { accountId: this.accountId, partition: this.partition }, this.state);
    return withStatements(purpose === "apply" ? applyWork(scope) : planWork(scope, purpose === "plan-pr"), state);
  }

  private publishRole(target: ImagePublisherTarget): IamRole {
    const environment = environmentNamed(this.props.environments, target.environment);
    return new ImagePublishRole(this, `${target.environment}-${target.service}-publish`, {
      target,
      place: { accountId: this.accountId, partition: this.partition, region: environment.region },
      oidcProviderArn: this.oidcProviderArn,
      roleName: publishRoleName(this.props.project, target),
    }).role;
  }

  /** Role ARNs by environment (and by "<environment>/<service>"), as JSON objects for GitHub variables. */
  private outputs(): void {
    const arns = (roles: ReadonlyMap<string, IamRole>) => Object.fromEntries([...roles].map(([key, role]) => [key, role.arn]));
    new TerraformOutput(this, "github_oidc_provider_arn", { value: this.oidcProviderArn, staticId: true });
    new TerraformOutput(this, "github_pr_plan_role_arns", { value: arns(this.pullRequestPlanRoles), staticId: true });
    new TerraformOutput(this, "github_plan_role_arns", { value: arns(this.planRoles), staticId: true });
    new TerraformOutput(this, "github_apply_role_arns", { value: arns(this.applyRoles), staticId: true });
    new TerraformOutput(this, "github_image_publish_role_arns", { value: arns(this.publishRoles), staticId: true });
  }
}

export function environmentNamed(environments: readonly DeployEnvironment[], name: string): DeployEnvironment {
  const environment = environments.find((candidate) => candidate.name === name);
  if (!environment) throw new Error(`delivery: environment ${name} is not one of the platform's (deliveryProblems reports this)`);
  return environment;
}

/** Where an environment's deploy roles act: its account (the state's, or its own), its regions, what is not its own. */
export function deployScope(
  props: Pick<DeployRolesProps, "project" | "environments" | "state" | "otherStateKeys">,
  environment: DeployEnvironment,
  place: { readonly accountId: string; readonly partition: string },
  state: StateArns,
): DeployScope {
  const others = props.environments.filter((other) => other.name !== environment.name);
  const namePrefix = `${props.project}-${environment.name}`;
  return {
    project: props.project,
    region: environment.region,
    namePrefix,
    environment: environment.name,
    accountId: place.accountId,
    partition: place.partition,
    regions: [...new Set([environment.region, props.state.region, ...(environment.otherRegions ?? [])])],
    state,
    stateKey: environment.stateKey,
    otherStateKeys: [...others.map((other) => other.stateKey), ...props.otherStateKeys],
    boundaryArn: boundaryOf({ partition: place.partition, accountId: place.accountId, namePrefix }),
    otherNamePrefixes: others.map((other) => `${props.project}-${other.name}`),
    recordNames: [...new Set((environment.recordNames ?? []).map(normalizedRecordName))].sort(),
    passedToServices: environment.passedToServices,
  };
}

export function boundaryScope(
  props: Pick<DeployRolesProps, "project" | "environments">,
  environment: DeployEnvironment,
  partition: string,
  state: StateArns | undefined,
) {
  return {
    namePrefix: `${props.project}-${environment.name}`,
    environment: environment.name,
    partition,
    otherNamePrefixes: props.environments.filter((other) => other.name !== environment.name).map((other) => `${props.project}-${other.name}`),
    stateResources: state ? stateResourcesOf(state) : [],
    environmentTag: ENVIRONMENT_TAG,
  };
}
