import { StateBackendInput } from "../modules/state/schema";

/**
 * Every value a fork must change, in one place (see README, "Before your first deploy"). These are
 * placeholders: AWS's documentation account, the reserved example.com domain, a made-up hosted zone
 * and certificate. Synth warns while any of them is still in use.
 */
export const FORK = {
  project: "acme",
  /** The AWS account every stack may deploy to (the provider refuses any other). */
  accountId: "123456789012",
  /** The region of the state and of the shipped environments. */
  region: "eu-west-1",
  /** Globally unique: the account id as a suffix is a common choice. */
  stateBucket: "acme-terraform-state-123456789012",
  /** Route 53 hosted zone of the domain staging is served under. */
  hostedZoneId: "Z0123456789ABCDEFGHIJ",
  stagingDomain: "staging.acme.example.com",
  /** An ACM certificate for production's domain, in `region`. */
  productionCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
  /** The GitHub repository of this infrastructure, whose workflows plan and apply (owner/name). */
  infrastructureRepository: "example-org/acme-platform",
  /** The GitHub repository of the app, whose releases push the api and worker images. */
  appRepository: "example-org/acme-app",
} as const;

/** Settings every environment and the bootstrap stack share. */
export const PROJECT = FORK.project;

export const STATE_BACKEND: StateBackendInput = {
  bucket: FORK.stateBucket,
  region: FORK.region,
};

export const COMMON_TAGS = {
  Owner: "platform-team",
  CostCenter: "platform",
} as const;
