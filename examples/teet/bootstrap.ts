import { BootstrapInput } from "../../modules/state/schema";
import { COMMON_TAGS, FORK, PROJECT, STATE_BACKEND } from "./shared";

/**
 * The state's account: the state bucket and the GitHub deploy roles that read and lock each
 * environment's state and assume its namesake in the environment's own account. Each environment's
 * account gets its own bootstrap stack (bootstrap-dev, bootstrap-prod: boundary, PostgREST's ECR
 * repository, deploy and publish roles); deploy this one first, then those, as docs/accounts.md says.
 */
export const bootstrap: BootstrapInput = {
  project: PROJECT,
  stateBackend: { bucket: STATE_BACKEND.bucket, region: STATE_BACKEND.region },
  allowedAccountIds: [FORK.accountId],
  tags: COMMON_TAGS,
  delivery: {
    github: { repository: FORK.infrastructureRepository },
    // The pipeline mirrors postgrest/postgrest into each environment's repository and rolls it out.
    imagePublishers: [{ githubRepository: FORK.infrastructureRepository, service: "postgrest" }],
  },
};
