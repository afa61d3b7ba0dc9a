import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
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
}

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
}
