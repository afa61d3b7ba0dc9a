/**
 * The subject (`sub`) claims of GitHub Actions OIDC tokens that each role trusts. GitHub writes the
 * claim as `repo:<repository>:<context>`, where the context is `pull_request` for pull-request
 * events, `environment:<name>` for any job that names a GitHub environment, and otherwise
 * `ref:refs/heads/<branch>` (or `ref:refs/tags/<tag>`). Trust policies compare the whole claim with
 * StringEquals: no wildcards, so no other repository, branch, tag or environment matches.
 */
import { TrustedJobs } from "./schema";

/** The issuer host, also the prefix of the token's condition keys in IAM. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_URL = `https://${GITHUB_OIDC_HOST}`;
/** The audience aws-actions/configure-aws-credentials requests by default (commercial partition). */
export const STS_AUDIENCE = "sts.amazonaws.com";
export const AUDIENCE_KEY = `${GITHUB_OIDC_HOST}:aud`;
export const SUBJECT_KEY = `${GITHUB_OIDC_HOST}:sub`;

/** Jobs run for any pull request of the repository (never a fork's: those get no OIDC token). */
export function pullRequestSubject(repository: string): string {
  return `repo:${repository}:pull_request`;
}

export function branchSubject(repository: string, branch: string): string {
  return `repo:${repository}:ref:refs/heads/${branch}`;
}

export function environmentSubject(repository: string, githubEnvironment: string): string {
  return `repo:${repository}:environment:${githubEnvironment}`;
}

export function trustedJobsSubject(repository: string, jobs: TrustedJobs): string {
  return "githubEnvironment" in jobs ? environmentSubject(repository, jobs.githubEnvironment) : branchSubject(repository, jobs.branch);
}

/**
 * The plan role's subjects: pull requests (the plan shown on the PR) and pushes to the main branch
 * (the plan that is then applied). The tightest set that serves both; feature-branch pushes, tags
 * and GitHub environments are excluded.
 */
export function planSubjects(repository: string, mainBranch: string): string[] {
  return [pullRequestSubject(repository), branchSubject(repository, mainBranch)];
}
