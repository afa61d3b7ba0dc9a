import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";

/** Terraform 1.11 brings S3 lockfile locking and write-only attributes, which this platform uses. */
export const MINIMUM_TERRAFORM_VERSION = "1.11.0";
export const REQUIRED_TERRAFORM_VERSION = ">= 1.11";
/** CDK Terrain's context key for the Terraform versions a project targets (cdktf.json `targetVersions`). */
const TARGET_VERSIONS_CONTEXT_KEY = "targetVersions";

export interface PlatformStackProps {
  /** Project name, the Project tag. No default. */
  readonly project: string;
  /** Environment name, the Environment tag. No default. */
  readonly environment: string;
  /** AWS region of the provider. No default. */
  readonly region: string;
  /** Accounts the provider may act in. Default: any. */
  readonly allowedAccountIds?: readonly string[];
  /** Tags on every resource besides Project, Environment and ManagedBy. Default: none. */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The account the provider acts in, when not the caller's: the provider assumes a role there.
   * Default: none (the caller's credentials, in the caller's account).
   */
  readonly assumeRole?: AssumedRole;
}

/**
 * A role the provider assumes: `roleArn` exactly (a bootstrap stack through the account's
 * administration role), or `deployRolesOf` an environment: its `<prefix>-github-<role>` in its
 * account, `<role>` being the ephemeral variable `deploy_role` ("plan" by default, "apply" to
 * apply). Ephemeral, so a saved plan keeps no role: the apply job names its own (Terraform >= 1.10
 * asks for an ephemeral variable again at apply). The backend keeps the caller's credentials, so
 * the state stays in the caller's account.
 */
export type AssumedRole =
  | { readonly roleArn: string; readonly sessionName: string }
  | { readonly deployRolesOf: { readonly accountId: string; readonly namePrefix: string; readonly partition: string } };

/** The variable naming the deploy role an environment's provider assumes in its own account. */
export const DEPLOY_ROLE_VARIABLE = "deploy_role";
export const DEPLOY_ROLES = ["plan", "apply"] as const;

/** A stack with the AWS provider, default tags on every resource, and the Terraform version pin. */
export class PlatformStack extends TerraformStack {
  readonly provider: AwsProvider;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    // CDK Terrain checks features against the Terraform versions a project targets (default
    // >= 1.5.7) and refuses write-only attributes below 1.11; cdktf ignores this context.
    this.node.setContext(TARGET_VERSIONS_CONTEXT_KEY, { terraform: `>=${MINIMUM_TERRAFORM_VERSION}` });
    this.provider = new AwsProvider(this, "aws", {
      region: props.region,
      allowedAccountIds: props.allowedAccountIds ? [...props.allowedAccountIds] : undefined,
      assumeRole: props.assumeRole && [this.assumedRole(props.assumeRole, props.environment)],
      defaultTags: [
        {
          tags: {
            Project: props.project,
            Environment: props.environment,
            ManagedBy: "cdktf",
            ...props.tags,
          },
        },
      ],
    });
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
  }

  private assumedRole(role: AssumedRole, environment: string): { roleArn: string; sessionName: string } {
    if ("roleArn" in role) return role;
    const { accountId, namePrefix, partition } = role.deployRolesOf;
    const variable = new TerraformVariable(this, DEPLOY_ROLE_VARIABLE, {
      type: "string",
      default: DEPLOY_ROLES[0],
      description: `The deploy role the provider assumes in account ${accountId}: ${DEPLOY_ROLES.join(" or ")}`,
      nullable: false,
      validation: [
        {
          condition: `\${contains(${JSON.stringify(DEPLOY_ROLES)}, var.${DEPLOY_ROLE_VARIABLE})}`,
          errorMessage: `${DEPLOY_ROLE_VARIABLE} is one of ${DEPLOY_ROLES.join(", ")}.`,
        },
      ],
    });
    variable.overrideLogicalId(DEPLOY_ROLE_VARIABLE);
    variable.addOverride("ephemeral", true);
    return { roleArn: `arn:${partition}:iam::${accountId}:role/${namePrefix}-github-${variable.stringValue}`, sessionName: `cdktf-${environment}` };
  }
}
