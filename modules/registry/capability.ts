/**
 * What the image registries create, in the bootstrap stacks: the ECR repositories with their
 * policies and the key that encrypts them. A declaration, not a section: the repositories follow
 * from the services (`image.source: "ecr"`).
 */
import { resources, ResourceDeclaration } from "../core/capability";

export const registryResources: ResourceDeclaration = {
  ...resources({ priced: ["aws_ecr_repository", "aws_kms_key"], free: ["aws_ecr_lifecycle_policy", "aws_ecr_repository_policy", "aws_kms_alias"] }),
  picture: { kind: "compute", label: "ECR" },
};
