import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Construct } from "constructs";
import { guardDocument } from "./guard-document";
import { DeliveryConfig } from "./schema";
import { AUDIENCE_KEY, GITHUB_OIDC_URL, STS_AUDIENCE, SUBJECT_KEY } from "./subjects";

/**
 * The account's IAM OIDC identity provider for GitHub Actions, created here or named by ARN.
 *
 * No thumbprint_list: IAM validates token.actions.githubusercontent.com against its own library of
 * trusted root CAs (since July 2023) and ignores any thumbprint for it; CreateOpenIDConnectProvider
 * takes the list as optional (since late 2024), and so does the AWS provider 6 (`thumbprint_list` is
 * optional in 6.25). The audience is the one aws-actions/configure-aws-credentials requests.
 */
export class GitHubOidcProvider extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string, setting: DeliveryConfig["github"]["oidcProvider"]) {
    super(scope, id);
    if (setting === "create") {
      this.arn = new IamOpenidConnectProvider(this, "provider", { url: GITHUB_OIDC_URL, clientIdList: [STS_AUDIENCE] }).arn;
    } else {
      this.arn = setting.existingArn;
    }
  }
}

/**
 * The trust policy of a role for GitHub Actions jobs: AssumeRoleWithWebIdentity through the GitHub
 * provider only, with the audience and the subject pinned exactly (StringEquals, no wildcard), so
 * that no other repository, branch, tag or environment can assume the role. Both conditions must
 * hold. Session tags are not allowed: configure-aws-credentials sends none with OIDC.
 */
export function githubTrustPolicy(scope: Construct, id: string, providerArn: string, subjects: readonly string[]): DataAwsIamPolicyDocument {
  if (subjects.length === 0) throw new Error(`${id}: a GitHub trust policy needs at least one subject`);
  return guardDocument(scope, id, [
    {
      sid: "GitHubActionsOidc",
      effect: "Allow",
      actions: ["sts:AssumeRoleWithWebIdentity"],
      federatedPrincipal: providerArn,
      conditions: [
        { test: "StringEquals", variable: AUDIENCE_KEY, values: [STS_AUDIENCE] },
        { test: "StringEquals", variable: SUBJECT_KEY, values: [...subjects] },
      ],
    },
  ]);
}
