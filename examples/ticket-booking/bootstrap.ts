import { BootstrapInput } from "../../modules/state/schema";
import { COMMON_TAGS, FORK, PROJECT, STATE_BACKEND } from "./shared";

/** The state bucket, lock table and one ECR repository per environment and service; deploy it first. */
export const bootstrap: BootstrapInput = {
  project: PROJECT,
  stateBackend: { bucket: STATE_BACKEND.bucket, region: STATE_BACKEND.region, dynamodbTable: STATE_BACKEND.dynamodbTable },
  allowedAccountIds: [FORK.accountId],
  tags: COMMON_TAGS,
};
