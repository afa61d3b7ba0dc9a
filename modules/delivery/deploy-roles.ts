import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";
import { APPLY_BASE_POLICY, applyGuards, applyIamStatements, ApplyScope } from "./apply-permissions";
import { GitHubOidcProvider, githubTrustPolicy } from "./github-oidc";
import { guardDocument, GuardStatement } from "./guard-document";
import { ImagePublishRole, ImagePublisherTarget, publishRoleName } from "./image-publisher";
import { PLAN_BASE_POLICY, planGuards } from "./plan-permissions";
import { DeliveryConfig } from "./schema";
import { applyStateStatements, planStateStatements, StateArns, stateArns, StateLocation } from "./state-access";
import { environmentSubject, planSubjects } from "./subjects";

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
  /** Services its roles are passed to (`iam:PassedToService`): what its capabilities declare. */
  readonly passedToServices: readonly string[];
}

export interface DeployRolesProps {
  /** Project name, the first part of every role name. */
  readonly project: string;
  /** The parsed delivery settings; roles are made for the environments listed in `delivery.environments`. */
  readonly delivery: DeliveryConfig;
  /** Every environment of the platform (also those without roles: their state is kept out of reach). */
  readonly environments: readonly DeployEnvironment[];
  /** The state bucket and lock table (the bootstrap stack's). */
  readonly state: StateLocation;
  /** Further state keys in the bucket no deploy role may touch, e.g. the bootstrap stack's own once migrated. */
  readonly otherStateKeys: readonly string[];
  /** The image publishers, with their services' names resolved (`imagePublisherTargets`). */
  readonly imagePublishers: readonly ImagePublisherTarget[];
}

/** Apply may create an RDS instance or cluster (up to about an hour); plan and publish take minutes. */
const APPLY_SESSION_SECONDS = 7200;
const SESSION_SECONDS = 3600;

/**
 * Keyless deploy roles for GitHub Actions, in one account: the GitHub OIDC provider (created or
 * existing), per environment a plan role and an apply role, and per service image a publish role.
 * Role ARNs are outputs, to be set as GitHub variables (see modules/delivery/README.md).
 */
export class DeployRoles extends Construct {
  readonly oidcProviderArn: string;
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
    const environments = Object.entries(props.delivery.environments).map(([name, settings]) => ({
      environment: this.environment(name),
      githubEnvironment: settings.githubEnvironment,
    }));
    this.planRoles = new Map(environments.map(({ environment }) => [environment.name, this.planRole(environment)]));
    this.applyRoles = new Map(
      environments.map(({ environment, githubEnvironment }) => [environment.name, this.applyRole(environment, githubEnvironment)]),
    );
    this.publishRoles = new Map(props.imagePublishers.map((target) => [`${target.environment}/${target.service}`, this.publishRole(target)]));
    this.outputs();
  }

  private environment(name: string): DeployEnvironment {
    const environment = this.props.environments.find((candidate) => candidate.name === name);
    if (!environment) throw new Error(`delivery: environment ${name} is not one of the platform's (deliveryProblems reports this)`);
    return environment;
  }

  private planRole(environment: DeployEnvironment): IamRole {
    const { repository, mainBranch } = this.props.delivery.github;
    const role = this.githubRole(`${environment.name}-plan`, {
      name: this.roleName(environment.name, "plan"),
      description: `GitHub Actions of ${repository} plan environment ${environment.name} (pull requests, pushes to ${mainBranch})`,
      subjects: planSubjects(repository, mainBranch),
      sessionSeconds: SESSION_SECONDS,
    });
    this.grant(role, `${environment.name}-plan`, {
      managedPolicy: PLAN_BASE_POLICY,
      statements: planStateStatements(this.state, environment.stateKey),
      guards: planGuards(this.state, environment.stateKey, this.releaseTagParameters(environment)),
    });
    return role;
  }

  private applyRole(environment: DeployEnvironment, githubEnvironment: string): IamRole {
    const { repository } = this.props.delivery.github;
    const role = this.githubRole(`${environment.name}-apply`, {
      name: this.roleName(environment.name, "apply"),
      description: `GitHub Actions of ${repository} apply environment ${environment.name} (GitHub environment ${githubEnvironment} only)`,
      subjects: [environmentSubject(repository, githubEnvironment)],
      sessionSeconds: APPLY_SESSION_SECONDS,
    });
    const scope = this.applyScope(environment);
    this.grant(role, `${environment.name}-apply`, {
      managedPolicy: APPLY_BASE_POLICY,
      statements: [...applyStateStatements(this.state, environment.stateKey), ...applyIamStatements(scope)],
      guards: applyGuards(scope),
    });
    return role;
  }

  /** The environment's release-tag parameters (`imageTagParameterName`: "/<project>/<env>/<service>/image-tag"). */
  private releaseTagParameters(environment: DeployEnvironment): string {
    return `arn:${this.partition}:ssm:${environment.region}:${this.accountId}:parameter/${this.props.project}/${environment.name}/*/image-tag`;
  }

  private applyScope(environment: DeployEnvironment): ApplyScope {
    const otherKeys = this.props.environments.filter((other) => other.name !== environment.name).map((other) => other.stateKey);
    return {
      namePrefix: `${this.props.project}-${environment.name}`,
      environment: environment.name,
      accountId: this.accountId,
      partition: this.partition,
      regions: [...new Set([environment.region, this.props.state.region, ...(environment.otherRegions ?? [])])],
      state: this.state,
      stateKey: environment.stateKey,
      otherStateKeys: [...otherKeys, ...this.props.otherStateKeys],
      passedToServices: environment.passedToServices,
    };
  }

  private publishRole(target: ImagePublisherTarget): IamRole {
    const environment = this.environment(target.environment);
    return new ImagePublishRole(this, `${target.environment}-${target.service}-publish`, {
      target,
      place: { accountId: this.accountId, partition: this.partition, region: environment.region },
      oidcProviderArn: this.oidcProviderArn,
      roleName: publishRoleName(this.props.project, target),
    }).role;
  }

  private roleName(environment: string, purpose: "plan" | "apply"): string {
    return awsName([this.props.project, environment, "github", purpose], NAME_LIMITS.iamRole);
  }

  private githubRole(id: string, role: { name: string; description: string; subjects: readonly string[]; sessionSeconds: number }): IamRole {
    return new IamRole(this, `${id}-role`, {
      name: role.name,
      description: role.description,
      assumeRolePolicy: githubTrustPolicy(this, `${id}-trust`, this.oidcProviderArn, role.subjects).json,
      maxSessionDuration: role.sessionSeconds,
    });
  }

  /** An AWS managed job-function policy, the role's own allows, and the denies that narrow both. */
  private grant(role: IamRole, id: string, grants: { managedPolicy: string; statements: PolicyStatement[]; guards: GuardStatement[] }): void {
    new IamRolePolicyAttachment(this, `${id}-base-policy`, {
      role: role.name,
      policyArn: `arn:${this.partition}:iam::aws:policy/${grants.managedPolicy}`,
    });
    new IamRolePolicy(this, `${id}-policy`, {
      name: "state-and-own-resources",
      role: role.id,
      policy: policyDocument(this, `${id}-policy-document`, grants.statements).json,
    });
    new IamRolePolicy(this, `${id}-guards`, {
      name: "guards",
      role: role.id,
      policy: guardDocument(this, `${id}-guards-document`, grants.guards).json,
    });
  }

  /** Role ARNs by environment (and by "<environment>/<service>"), as JSON objects for GitHub variables. */
  private outputs(): void {
    const arns = (roles: ReadonlyMap<string, IamRole>) => Object.fromEntries([...roles].map(([key, role]) => [key, role.arn]));
    new TerraformOutput(this, "github_oidc_provider_arn", { value: this.oidcProviderArn, staticId: true });
    new TerraformOutput(this, "github_plan_role_arns", { value: arns(this.planRoles), staticId: true });
    new TerraformOutput(this, "github_apply_role_arns", { value: arns(this.applyRoles), staticId: true });
    new TerraformOutput(this, "github_image_publish_role_arns", { value: arns(this.publishRoles), staticId: true });
  }
}
