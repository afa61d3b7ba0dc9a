import { StateBackendInput } from "../modules/state/schema";

/** Settings every environment and the bootstrap stack share. Change these when you fork. */
export const PROJECT = "acme";

export const STATE_BACKEND: StateBackendInput = {
  // Bucket names are global: a fork must pick its own (account id as suffix is a common choice).
  bucket: "acme-terraform-state-123456789012",
  region: "eu-west-1",
  dynamodbTable: "acme-terraform-locks",
};

export const COMMON_TAGS = {
  Owner: "platform-team",
  CostCenter: "platform",
} as const;
