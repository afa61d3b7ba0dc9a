import { BootstrapInput } from "../../modules/state/schema";
import { COMMON_TAGS, FORK, PROJECT, STATE_BACKEND } from "./shared";

/** The state bucket, lock table, GitHub deploy roles and the backend's ECR repository per environment; deploy it first. */
export const bootstrap: BootstrapInput = {
  project: PROJECT,
  stateBackend: { bucket: STATE_BACKEND.bucket, region: STATE_BACKEND.region, dynamodbTable: STATE_BACKEND.dynamodbTable },
  allowedAccountIds: [FORK.accountId],
  tags: COMMON_TAGS,
  // The architecture's pipeline, GitHub Actions → ECR → ECS, without stored keys: OIDC roles that plan and
  // apply each environment, and one per environment that pushes the backend image and rolls out its service
  // (see modules/delivery/README.md and .github/workflows/app-release.example.yml).
  delivery: {
    github: { repository: FORK.infrastructureRepository },
    environments: { dev: {}, prod: {} },
    imagePublishers: ["dev", "prod"].map((environment) => ({ githubRepository: FORK.appRepository, environment, service: "backend" })),
  },
};
