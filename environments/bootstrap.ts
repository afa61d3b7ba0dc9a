import { COMMON_TAGS, FORK, PROJECT, STATE_BACKEND } from "./shared";
import { BootstrapInput } from "../modules/state/schema";

/** The state backend's own stack; deploy it first (see README). */
export const bootstrap: BootstrapInput = {
  project: PROJECT,
  // No DynamoDB lock table: every environment locks with the S3 lockfile (stateBackend.useLockfile).
  stateBackend: { bucket: STATE_BACKEND.bucket, region: STATE_BACKEND.region },
  // The same guard as the environments': the state bucket is created in this account or nowhere.
  allowedAccountIds: [FORK.accountId],
  tags: COMMON_TAGS,
  noncurrentVersionExpirationDays: 90,
  // GitHub Actions deploy without stored keys: see modules/delivery/README.md for the fork's set-up.
  delivery: {
    github: { repository: FORK.infrastructureRepository },
    // Deploy roles for every environment of environments/index.ts, and a publisher wherever api or
    // worker runs from ECR: a new environment needs no line here.
    imagePublishers: ["api", "worker"].map((service) => ({ githubRepository: FORK.appRepository, service })),
  },
};
