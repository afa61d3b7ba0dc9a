import { StateBackendInput } from "../../modules/state/schema";

/**
 * Every value a fork of this example must change, in one place. Placeholders: AWS's documentation
 * account, the reserved example.com domain and a made-up hosted zone; synth warns while any of
 * them is still in use.
 */
export const FORK = {
  project: "safetyheatmap",
  accountId: "123456789012",
  /** The architecture's API Gateway and certificate are in eu-west-1. */
  region: "eu-west-1",
  stateBucket: "safetyheatmap-tfstate-123456789012",
  stateLockTable: "safetyheatmap-tfstate-locks",
  /** Route 53 hosted zone of the domain production's API is served under (the architecture's "ToDo: domain name"). */
  hostedZoneId: "Z0123456789ABCDEFGHIJ",
  productionDomain: "safetyheatmap.example.com",
  /** GitHub repositories: this configuration's, and the app's, which builds and rolls out its image. */
  infrastructureRepository: "example-org/safetyheatmap-infrastructure",
  appRepository: "example-org/safetyheatmap",
  alarmEmail: "oncall@safetyheatmap.example.com",
} as const;

export const PROJECT = FORK.project;

export const STATE_BACKEND: StateBackendInput = {
  bucket: FORK.stateBucket,
  region: FORK.region,
  dynamodbTable: FORK.stateLockTable,
};

export const COMMON_TAGS = { Owner: "safetyheatmap-team", Example: "safety-heatmap" } as const;

/** The Go API's two endpoints; every other GET is the static React app the same container serves. */
export const ROUTE_KEYS = ["GET /api/safetyheatmap/heatmap/get", "POST /api/safetyheatmap/report/add", "$default"];

/** The planned long-term storage: one DynamoDB table of reports. */
export const REPORTS_TABLE = {
  partitionKey: { name: "cell", type: "S" },
  sortKey: { name: "reportedAt", type: "S" },
} as const;
