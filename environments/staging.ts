import { COMMON_TAGS, FORK, PROJECT, STATE_BACKEND } from "./shared";
import { EnvironmentInput } from "../modules/platform/schema";

/** Staging: production's shape at a smaller size; the staging tier gives one NAT gateway, a WAF, backups kept a week. */
export const staging: EnvironmentInput = {
  project: PROJECT,
  environment: "staging",
  region: FORK.region,
  tier: "staging",
  allowedAccountIds: [FORK.accountId],
  tags: { ...COMMON_TAGS, DataClassification: "internal" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  network: {
    cidr: "10.20.0.0/16",
    azCount: 2,
  },
  cluster: {
    enableExecuteCommand: true,
    serviceDiscoveryNamespace: "staging.acme.internal",
  },
  loadBalancer: {
    certificate: { domainName: FORK.stagingDomain, hostedZoneId: FORK.hostedZoneId },
  },
  services: [
    {
      name: "web",
      image: { source: "uri", uri: "public.ecr.aws/nginx/nginx:1.27" },
      cpu: 256,
      memory: 512,
      containerPort: 80,
      desiredCount: 2,
      loadBalancer: { priority: 1000, pathPatterns: ["/*"], healthCheckPath: "/" },
      autoscaling: { minCapacity: 2, maxCapacity: 4 },
    },
    {
      name: "api",
      image: { source: "ecr", tag: "1.0.0" },
      cpu: 512,
      memory: 1024,
      cpuArchitecture: "ARM64",
      containerPort: 8080,
      desiredCount: 2,
      environment: { LOG_LEVEL: "info" },
      readonlyRootFilesystem: true,
      loadBalancer: { priority: 100, pathPatterns: ["/api/*"], healthCheckPath: "/api/health" },
      autoscaling: { minCapacity: 2, maxCapacity: 6, requestsPerTarget: 500 },
      uses: { database: true, cache: true, queues: { jobs: "send" }, secrets: { JWT_SIGNING_KEY: "jwt-signing-key" } },
    },
    {
      name: "worker",
      image: { source: "ecr", tag: "1.0.0" },
      cpu: 256,
      memory: 1024,
      cpuArchitecture: "ARM64",
      desiredCount: 1,
      autoscaling: { minCapacity: 1, maxCapacity: 3 },
      // As in production: nothing else replaces a hung worker (PLAT-APPLY-9).
      healthCheck: { command: ["CMD", "/app/healthcheck"] },
      uses: { database: true, queues: { jobs: "consume" } },
    },
  ],
  cache: { nodeType: "cache.t4g.small" },
  queues: { jobs: {} },
  secrets: { "jwt-signing-key": { description: "Signs the api's session tokens" } },
  database: {
    instanceClass: "db.t4g.small",
    allocatedStorage: 20,
    maxAllocatedStorage: 100,
  },
};
