import { EnvironmentInput } from "../../modules/platform/schema";
import { COMMON_TAGS, FORK, PROJECT, REPORTS_TABLE, ROUTE_KEYS, STATE_BACKEND } from "./shared";

/**
 * Development, as the architecture's MVP: no NAT gateway and no paid VPC endpoints (the task runs
 * in a public subnet with a public IP, reachable only from the API's VPC link), no load balancer
 * (an HTTP API reaches the task through Cloud Map), Fargate Spot first.
 */
export const dev: EnvironmentInput = {
  project: PROJECT,
  environment: "dev",
  region: FORK.region,
  tier: "development",
  allowedAccountIds: [FORK.accountId],
  tags: { ...COMMON_TAGS, DataClassification: "test" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  // The architecture's three public and three private subnets: three AZs.
  network: { cidr: "10.50.0.0/16", azCount: 3, natStrategy: "none", endpoints: { interface: false }, flowLogs: { retentionInDays: 7 } },
  // The API Gateway integration finds the tasks through this namespace's SRV records.
  cluster: { enableExecuteCommand: true, serviceLogRetentionInDays: 7, serviceDiscoveryNamespace: "dev.safetyheatmap.internal" },
  apiGateway: { throttling: { burstLimit: 50, rateLimit: 20 } },
  services: [
    {
      // One container: the Go API, which also serves the React build as static files.
      name: "safetyheatmap",
      image: { source: "ecr", tag: "0.1.0", keepLastImages: 10 },
      cpu: 256,
      memory: 512,
      cpuArchitecture: "ARM64",
      containerPort: 8080,
      desiredCount: 1,
      readonlyRootFilesystem: true,
      scratchPaths: ["/tmp"],
      apiRoutes: { routeKeys: ROUTE_KEYS, integration: "cloud-map" },
      uses: { tables: { reports: "read-write" } },
    },
  ],
  tables: { reports: REPORTS_TABLE },
  monitoring: { notifications: { emails: [FORK.alarmEmail] } },
};
