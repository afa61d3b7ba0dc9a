import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { Construct } from "constructs";

/** Facts about the account and naming that many constructs need; build once per stack. */
export interface AwsContext {
  /** "<project>-<environment>", the prefix of every AWS name. */
  readonly namePrefix: string;
  readonly project: string;
  readonly environment: string;
  /** Region code, known at synth. */
  readonly region: string;
  /** Account id, resolved by Terraform at plan. */
  readonly accountId: string;
  /** Partition (aws, aws-cn, aws-us-gov), resolved by Terraform at plan. */
  readonly partition: string;
}

export function createAwsContext(scope: Construct, project: string, environment: string, region: string): AwsContext {
  return {
    namePrefix: `${project}-${environment}`,
    project,
    environment,
    region,
    accountId: new DataAwsCallerIdentity(scope, "current-account").accountId,
    partition: new DataAwsPartition(scope, "current-partition").partition,
  };
}
