/** What delivery creates, in the bootstrap stacks: the GitHub OIDC provider, the deploy and publish roles and the environments' permission boundaries (IAM, no charge). */
import { resources, ResourceDeclaration } from "../core/capability";

const IAM = ["aws_iam_openid_connect_provider", "aws_iam_policy", "aws_iam_role", "aws_iam_role_policy", "aws_iam_role_policy_attachment"];

export const deliveryResources: ResourceDeclaration = {
  ...resources({ priced: [], free: IAM }),
  picture: { kind: "secret", label: "GitHub OIDC deploy roles" },
};
