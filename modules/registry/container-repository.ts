import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { policyDocument } from "../core/iam";
import { Construct } from "constructs";

export interface ContainerRepositoryProps {
  /** Repository name, e.g. "acme-dev/api". No default. */
  readonly name: string;
  /** Images kept; older ones expire. */
  readonly keepLastImages: number;
  /** The first release the environment runs (its configured tag): never expired, however many images come after it. */
  readonly runningTag: string;
  /** Let `terraform destroy` delete the repository with its images. Default: false. */
  readonly forceDelete?: boolean;
  /** Customer managed key the images are encrypted with (fixed for the repository's life: ECR cannot change it). */
  readonly kmsKeyArn: string;
  /** Roles of other environments (their account and name) that may pull, never push. Default: none. */
  readonly pullers?: readonly { readonly accountId: string; readonly roleName: string }[];
  /** Partition of the pullers' role ARNs. Required with `pullers`. */
  readonly partition?: string;
}

/** What pulling an image takes (the ECR user guide's repository policy example for pulls); nothing that writes. */
export const PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] as const;

/**
 * A private ECR repository for one service: tags are immutable (a tag names one build forever),
 * images are scanned on push, and a lifecycle policy keeps the last N images.
 */
export class ContainerRepository extends Construct {
  readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: ContainerRepositoryProps) {
    super(scope, id);
    this.repository = new EcrRepository(this, "repository", {
      name: props.name,
      imageTagMutability: "IMMUTABLE",
      forceDelete: props.forceDelete,
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
    });
    new EcrLifecyclePolicy(this, "lifecycle", {
      repository: this.repository.name,
      policy: JSON.stringify(lifecyclePolicy(props.runningTag, props.keepLastImages)),
    });
    if (props.pullers?.length) this.allowPulls(props.pullers, String(props.partition));
  }

  /**
   * A repository policy letting the promoting environments' publish roles pull. The principal is
   * each role's account, narrowed to the role by `aws:PrincipalArn`: a role ARN as principal must
   * exist when the policy is set, and the promoting account's bootstrap may run after this one.
   */
  private allowPulls(pullers: readonly { readonly accountId: string; readonly roleName: string }[], partition: string): void {
    const accounts = [...new Set(pullers.map((puller) => puller.accountId))].sort();
    const document = policyDocument(this, "pull-policy-document", [
      {
        sid: "PromotingEnvironmentsPull",
        actions: [...PULL_ACTIONS],
        principals: [{ type: "AWS", identifiers: accounts.map((account) => `arn:${partition}:iam::${account}:root`) }],
        conditions: [
          { test: "ArnEquals", variable: "aws:PrincipalArn", values: pullers.map((puller) => `arn:${partition}:iam::${puller.accountId}:role/${puller.roleName}`).sort() },
        ],
      },
    ]);
    new EcrRepositoryPolicy(this, "pull-policy", { repository: this.repository.name, policy: document.json });
  }

  /** The image reference for `tag`. */
  imageUri(tag: string): string {
    return `${this.repository.repositoryUrl}:${tag}`;
  }
}

/** More images than a repository holds: a rule with this count never expires what it matches. */
const NEVER = 100000;
/** Untagged images (layers of superseded builds) go after this many days. */
const UNTAGGED_DAYS = 7;

/**
 * ECR applies rules by priority and an image matched by one rule is not judged by later ones. So
 * the first rule claims the running tag (which Fargate pulls again whenever it replaces a task,
 * e.g. after a Spot interruption) and keeps it forever; then untagged images expire after a week;
 * last, everything else beyond the newest `keepLastImages` expires ("any" must be the last rule).
 */
export function lifecyclePolicy(runningTag: string, keepLastImages: number): object {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Never expire ${runningTag}, the first release the environment runs`,
        selection: { tagStatus: "tagged", tagPatternList: [runningTag], countType: "imageCountMoreThan", countNumber: NEVER },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Expire untagged images after ${UNTAGGED_DAYS} days`,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: UNTAGGED_DAYS },
        action: { type: "expire" },
      },
      {
        rulePriority: 3,
        description: `Keep the last ${keepLastImages} images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keepLastImages },
        action: { type: "expire" },
      },
    ],
  };
}
