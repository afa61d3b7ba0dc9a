import { StateBackendInput } from "../../modules/state/schema";

/**
 * Every value a fork of this example must change, in one place: the ADR's "deployable to new AWS
 * accounts" is a new account id, state bucket and domain here. Placeholders: AWS's documentation
 * account, the reserved example.com domain, a made-up hosted zone; synth warns while any of them
 * is still in use.
 */
export const FORK = {
  project: "teet",
  /** The state's account: the state bucket and the GitHub deploy roles that hold the state (a shared-services account of the organization). */
  accountId: "123456789012",
  /** Development's own account, a member of the same AWS Organization. */
  devAccountId: "111111111111",
  /** Production's own account. */
  prodAccountId: "222222222222",
  /** The GitHub repository whose workflows plan and apply TEET's environments (owner/name). */
  infrastructureRepository: "example-org/teet-platform",
  /** The ADR names no region. */
  region: "eu-west-1",
  stateBucket: "teet-tfstate-123456789012",
  hostedZoneId: "Z0123456789ABCDEFGHIJ",
  /** Where production's PostgREST API answers, and the frontend origin allowed to call it. */
  productionApiDomain: "api.teet.example.com",
  productionAppOrigin: "https://teet.example.com",
  alarmEmail: "oncall@teet.example.com",
} as const;

export const PROJECT = FORK.project;

export const STATE_BACKEND: StateBackendInput = {
  bucket: FORK.stateBucket,
  region: FORK.region,
};

export const COMMON_TAGS = { Owner: "teet-team", Example: "teet" } as const;

/**
 * PostgREST's settings. It connects with libpq, so the PG* variables the platform binds from
 * `uses.database` are its connection (its default db-uri "postgresql://" reads them).
 */
export const POSTGREST_ENVIRONMENT = {
  PGRST_DB_SCHEMAS: "api",
  PGRST_DB_ANON_ROLE: "web_anon",
  PGRST_SERVER_PORT: "3000",
  PGRST_LOG_LEVEL: "warn",
} as const;

/** The secret PostgREST verifies callers' JWTs with. */
export const SECRETS = {
  "postgrest-jwt-secret": { description: "PostgREST's JWT secret (PGRST_JWT_SECRET), at least 32 characters; set by the TEET team" },
} as const;
