import { EnvironmentInput } from "../../modules/platform/schema";
import { COMMON_TAGS, FORK, PROJECT, REPORTS_TABLE, ROUTE_KEYS, STATE_BACKEND } from "./shared";

/**
 * Production keeps the architecture's cost decisions the production tier would otherwise override
 * (no NAT gateway, no interface endpoints: tasks in public subnets behind tight security groups) and
 * takes the rest of its defaults: on-demand base capacity, a year of logs, a protected table.
 */
export const prod: EnvironmentInput = {
  project: PROJECT,
  environment: "prod",
  region: FORK.region,
  tier: "production",
  // Alerts at 80 and 100 percent of it, and when the forecast passes it: the estimate is about 45 to 91 USD a month.
  budget: { monthlyLimitUsd: 150 },
  allowedAccountIds: [FORK.accountId],
  tags: { ...COMMON_TAGS, DataClassification: "internal" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  network: { cidr: "10.51.0.0/16", azCount: 3, natStrategy: "none", endpoints: { interface: false } },
  cluster: { enableExecuteCommand: false, serviceDiscoveryNamespace: "prod.safetyheatmap.internal" },
  apiGateway: {
    // The architecture's outstanding "domain name for the execute-api URL".
    domain: { domainName: FORK.productionDomain, hostedZoneId: FORK.hostedZoneId },
    throttling: { burstLimit: 200, rateLimit: 100 },
  },
  services: [
    {
      name: "safetyheatmap",
      image: { source: "ecr", tag: "0.1.0", keepLastImages: 30 },
      cpu: 256,
      memory: 512,
      cpuArchitecture: "ARM64",
      containerPort: 8080,
      // Two tasks in two AZs, so a task or zone failure is not an outage.
      desiredCount: 2,
      readonlyRootFilesystem: true,
      scratchPaths: ["/tmp"],
      autoscaling: { minCapacity: 2, maxCapacity: 6 },
      apiRoutes: { routeKeys: ROUTE_KEYS, integration: "cloud-map" },
      uses: { tables: { reports: "read-write" } },
    },
  ],
  tables: { reports: REPORTS_TABLE },
  monitoring: { notifications: { emails: [FORK.alarmEmail] } },
};
