import { COMMON_TAGS, FORK, PROJECT, STATE_BACKEND } from "./shared";
import { EnvironmentInput } from "../modules/platform/schema";

/** Production: three AZs; web deploys as a canary with a 15-minute bake (the tier's default); the production tier gives a NAT gateway per AZ, on-demand base capacity, a Multi-AZ protected database, a WAF and a year of logs. */
export const prod: EnvironmentInput = {
  project: PROJECT,
  environment: "prod",
  region: FORK.region,
  tier: "production",
  // Alerts at 80 and 100 percent of it, and when the forecast passes it: the estimate is 1,350 to 2,010 USD a month (npm run cost).
  budget: { monthlyLimitUsd: 2500 },
  allowedAccountIds: [FORK.accountId],
  tags: { ...COMMON_TAGS, DataClassification: "confidential" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  network: {
    cidr: "10.30.0.0/16",
    azCount: 3,
  },
  cluster: {
    enableExecuteCommand: false,
    serviceDiscoveryNamespace: "prod.acme.internal",
  },
  loadBalancer: {
    certificate: {
      certificateArn: FORK.productionCertificateArn,
    },
  },
  services: [
    {
      name: "web",
      image: { source: "uri", uri: "public.ecr.aws/nginx/nginx:1.27" },
      cpu: 512,
      memory: 1024,
      containerPort: 80,
      desiredCount: 3,
      loadBalancer: { priority: 1000, pathPatterns: ["/*"], healthCheckPath: "/" },
      autoscaling: { minCapacity: 3, maxCapacity: 12 },
    },
    {
      name: "api",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 50 },
      cpu: 1024,
      memory: 2048,
      cpuArchitecture: "ARM64",
      containerPort: 8080,
      desiredCount: 3,
      environment: { LOG_LEVEL: "info" },
      readonlyRootFilesystem: true,
      loadBalancer: { priority: 100, pathPatterns: ["/api/*"], healthCheckPath: "/api/health" },
      autoscaling: { minCapacity: 3, maxCapacity: 20, requestsPerTarget: 1000 },
      uses: { database: true, cache: true, queues: { jobs: "send" }, secrets: { JWT_SIGNING_KEY: "jwt-signing-key" } },
      // The release workflow runs it to completion before the new revision starts (docs: migrations).
      tasks: { migrate: { command: ["node", "dist/migrate.js"], secrets: ["PGUSER", "PGPASSWORD"] } },
    },
    {
      name: "worker",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 50 },
      cpu: 512,
      memory: 2048,
      cpuArchitecture: "ARM64",
      desiredCount: 2,
      readonlyRootFilesystem: true,
      autoscaling: { minCapacity: 2, maxCapacity: 10 },
      uses: { database: true, queues: { jobs: "consume" } },
    },
  ],
  jobs: [
    {
      // Expired sessions and unconfirmed sign-ups, each night at 03:00 Berlin time, on the api's image.
      name: "cleanup",
      image: { source: "service", service: "api" },
      command: ["node", "dist/cleanup.js"],
      schedule: { expression: "cron(0 3 * * ? *)", timeZone: "Europe/Berlin" },
      uses: { database: true },
    },
  ],
  policy: {
    suppressions: [
      {
        rule: "PLAT-ECS-1",
        path: "service-web",
        reason: "the stock nginx image writes its cache and pid file under /var/cache/nginx and /var/run",
      },
    ],
  },
  cache: { nodeType: "cache.m7g.large" },
  queues: { jobs: {} },
  secrets: { "jwt-signing-key": { description: "Signs the api's session tokens" } },
  database: {
    instanceClass: "db.m7g.large",
    allocatedStorage: 100,
    maxAllocatedStorage: 1000,
    readReplicas: 1,
  },
};
