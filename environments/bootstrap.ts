import { COMMON_TAGS, PROJECT, STATE_BACKEND } from "./shared";
import { BootstrapInput } from "../modules/state/schema";

/** The state backend's own stack; deploy it first (see README). */
export const bootstrap: BootstrapInput = {
  project: PROJECT,
  stateBackend: {
    bucket: STATE_BACKEND.bucket,
    region: STATE_BACKEND.region,
    dynamodbTable: STATE_BACKEND.dynamodbTable,
  },
  tags: COMMON_TAGS,
  noncurrentVersionExpirationDays: 90,
};
