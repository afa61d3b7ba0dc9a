import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Construct } from "constructs";

export interface ContainerRepositoryProps {
  /** Repository name, e.g. "acme-dev/api". No default. */
  readonly name: string;
  /** Images kept; older ones expire. */
  readonly keepLastImages: number;
  /** Customer managed key the images are encrypted with (fixed for the repository's life: ECR cannot change it). */
  readonly kmsKeyArn: string;
}

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
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
    });
    new EcrLifecyclePolicy(this, "lifecycle", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Keep the last ${props.keepLastImages} images`,
            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: props.keepLastImages },
            action: { type: "expire" },
          },
        ],
      }),
    });
  }

  /** The image reference for `tag`. */
  imageUri(tag: string): string {
    return `${this.repository.repositoryUrl}:${tag}`;
  }
}
