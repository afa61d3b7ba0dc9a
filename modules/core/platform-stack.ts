import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";

/** Terraform 1.11 brings S3 lockfile locking and write-only attributes, which this platform uses. */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.11";

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
