import { COMMON_TAGS, FORK, PROJECT, STATE_BACKEND } from "./shared";
import { BootstrapInput } from "../modules/state/schema";

/** The state backend's own stack; deploy it first (see README). */
export const bootstrap: BootstrapInput = {
  project: PROJECT,
  stateBackend: {
    bucket: STATE_BACKEND.bucket,
    region: STATE_BACKEND.region,
    dynamodbTable: STATE_BACKEND.dynamodbTable,
  },
  // The same guard as the environments': the state bucket is created in this account or nowhere.
  allowedAccountIds: [FORK.accountId],
  tags: COMMON_TAGS,
  noncurrentVersionExpirationDays: 90,
  // GitHub Actions deploy without stored keys: see modules/delivery/README.md for the fork's set-up.
  delivery: {
    github: { repository: FORK.infrastructureRepository },
    environments: { dev: {}, staging: {}, prod: {} },
    imagePublishers: ["dev", "staging", "prod"].flatMap((environment) =>
      ["api", "worker"].map((service) => ({ githubRepository: FORK.appRepository, environment, service })),
    ),
  },
};
