import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { createAwsContext } from "../core/aws-context";
import { PlatformStack } from "../core/platform-stack";
import { partitionOf } from "../core/regions";
import { EnvironmentBoundary } from "../delivery/boundary";
import { boundaryScope, DeployEnvironment, deployScope } from "../delivery/deploy-roles";
import { GitHubOidcProvider } from "../delivery/github-oidc";
import { ImagePublishRole, publishRoleName } from "../delivery/image-publisher";
import { APPLY_SESSION_SECONDS, applyWork, deployRole, deployRoleName, grant, planWork, roleArn, SESSION_SECONDS } from "../delivery/role-grants";
import { deliveredEnvironments } from "../delivery/schema";
import { stateArns } from "../delivery/state-access";
import { ImageRegistries, RepositorySpec } from "../registry/image-registries";
import { bootstrapStateKeys, configureBootstrapBackend, publisherTargets, stateLocationOf } from "./bootstrap-stack";
import { accountBootstrapStackName, BootstrapConfig } from "./schema";

export interface AccountBootstrapProps {
  readonly config: BootstrapConfig;
  /** The environment the account is for; its `accountId` is set. */
  readonly environment: DeployEnvironment;
  /** The role an administrator applies this stack through, in the account. */
  readonly bootstrapRole: string;
  /** The state's account, whose deploy roles assume this account's. */
  readonly stateAccountId: string;
  /** Every environment (their states and buckets stay out of reach). */
  readonly environments: readonly DeployEnvironment[];
  /** The environment's image repositories. */
  readonly repositories: readonly RepositorySpec[];
}

/**
 * One environment's own account, bootstrapped by an administrator through the account's
 * administration role (Organizations' OrganizationAccountAccessRole by default): the environment's
 * permissions boundary, its image registries, and when delivered from GitHub, the roles its stack's
 * provider assumes (`<project>-<env>-github-plan` and `-apply`, trusted only by their namesakes in
 * the state's account, which hold the state) and its image publishers with the account's own GitHub
 * OIDC provider. Its state sits beside the state account's bootstrap state.
 */
export class AccountBootstrapStack extends PlatformStack {
  readonly registries: ImageRegistries;
  readonly deployRoles: ReadonlyMap<string, IamRole>;
  readonly publishRoles: ReadonlyMap<string, IamRole>;

  constructor(scope: Construct, props: AccountBootstrapProps) {
    const { config, environment } = props;
    const name = accountBootstrapStackName(environment.name);
    const accountId = String(environment.accountId);
    const region = config.stateBackend.region;
    super(scope, name, {
      project: config.project,
      environment: name,
      region,
      allowedAccountIds: [accountId],
      tags: config.tags,
      assumeRole: { roleArn: roleArn(partitionOf(region), accountId, props.bootstrapRole), sessionName: `cdktf-${name}` },
    });
    configureBootstrapBackend(this, config, name);
    const context = createAwsContext(this, config.project, name, region);
    const environments = props.environments;
    new EnvironmentBoundary(this, "boundary", boundaryScope({ project: config.project, environments }, environment, context.partition, undefined));
    this.registries = new ImageRegistries(this, "registries", { project: config.project, accountId: context.accountId, partition: context.partition, repositories: props.repositories });
    const delivery = config.delivery;
    const delivered = delivery && deliveredEnvironments(delivery, environments.map((other) => other.name)).some((other) => other.name === environment.name);
    this.deployRoles = delivered ? this.createDeployRoles(props, context) : new Map();
    const publishers = delivery && delivered ? publisherTargets(config, delivery, environments).filter((target) => target.environment === environment.name) : [];
    if (delivery && publishers.length > 0) {
      const oidcProviderArn = new GitHubOidcProvider(this, "github-oidc", delivery.github.oidcProvider).arn;
      this.publishRoles = new Map(
        publishers.map((target) => [
          `${target.environment}/${target.service}`,
          new ImagePublishRole(this, `${target.service}-publish`, {
            target,
            place: { accountId: context.accountId, partition: context.partition, region: environment.region },
            oidcProviderArn,
            roleName: publishRoleName(config.project, target),
          }).role,
        ]),
      );
    } else {
      this.publishRoles = new Map();
    }
    const arns = (roles: ReadonlyMap<string, IamRole>) => Object.fromEntries([...roles].map(([key, role]) => [key, role.arn]));
    new TerraformOutput(this, "deploy_role_arns", { value: arns(this.deployRoles), staticId: true });
    new TerraformOutput(this, "github_image_publish_role_arns", { value: arns(this.publishRoles), staticId: true });
  }

  /** The plan and apply roles the environment's provider assumes, each trusted by its namesakes of the state's account only. */
  private createDeployRoles(props: AccountBootstrapProps, context: { accountId: string; partition: string }): Map<string, IamRole> {
    const { config, environment } = props;
    const project = config.project;
    const stateRole = (purpose: "plan-pr" | "plan" | "apply") => roleArn(context.partition, props.stateAccountId, deployRoleName(project, environment.name, purpose));
    const scope = deployScope(
      { project, environments: props.environments, state: stateLocationOf(config), otherStateKeys: bootstrapStateKeys(project, props.environments) },
      environment,
      context,
      stateArns(stateLocationOf(config), props.stateAccountId, context.partition),
    );
    const plan = deployRole(this, "plan", {
      name: deployRoleName(project, environment.name, "plan"),
      description: `Plans of environment ${environment.name}, assumed from the state account's plan roles (pull requests and the main branch)`,
      sessionSeconds: SESSION_SECONDS,
      assumedBy: [stateRole("plan-pr"), stateRole("plan")],
    });
    // One plan role for both: it holds no state and no lock here, and reads no data.
    grant(this, plan, "plan", context.partition, planWork(scope, true));
    const apply = deployRole(this, "apply", {
      name: deployRoleName(project, environment.name, "apply"),
      description: `Applies of environment ${environment.name}, assumed from the state account's apply role only`,
      sessionSeconds: APPLY_SESSION_SECONDS,
      assumedBy: [stateRole("apply")],
    });
    grant(this, apply, "apply", context.partition, applyWork(scope));
    return new Map([
      ["plan", plan],
      ["apply", apply],
    ]);
  }
}
