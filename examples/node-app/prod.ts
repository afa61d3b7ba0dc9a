import { EnvironmentInput } from "../../modules/platform/schema";
import { COMMON_TAGS, FORK, PROJECT, STATE_BACKEND } from "./shared";

/**
 * Production: the same app on the same module, larger, on HTTPS, in the private subnets behind a
 * NAT gateway per AZ, with the production tier's Multi-AZ, deletion-protected database.
 */
export const prod: EnvironmentInput = {
  project: PROJECT,
  environment: "prod",
  region: FORK.region,
  tier: "production",
  // Alerts at 80 and 100 percent of it, and when the forecast passes it: the estimate is about 350 to 447 USD a month.
  budget: { monthlyLimitUsd: 500 },
  allowedAccountIds: [FORK.accountId],
  tags: { ...COMMON_TAGS, DataClassification: "confidential" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  // Data center outage resilience, not regional: two AZs of one region.
  network: { cidr: "10.41.0.0/16", azCount: 2 },
  cluster: { enableExecuteCommand: false },
  loadBalancer: { certificate: { certificateArn: FORK.productionCertificateArn } },
  services: [
    {
      name: "app",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 50 },
      cpu: 512,
      memory: 1024,
      containerPort: 3000,
      // Two tasks at least, one per AZ: losing a zone leaves one serving while ECS replaces the other.
      desiredCount: 2,
      environment: { NODE_ENV: "production" },
      readonlyRootFilesystem: true,
      scratchPaths: ["/tmp"],
      loadBalancer: { priority: 100, pathPatterns: ["/*"], healthCheckPath: "/health" },
      autoscaling: { minCapacity: 2, maxCapacity: 8, requestsPerTarget: 1000 },
      uses: { database: "read-write" },
      // The schema migration, run by the release workflow (MIGRATION_TASK) before the new tasks
      // start: the app's image at the release tag, logging in as the app's own user with an IAM token.
      tasks: { migrate: { command: ["node", "dist/migrate.js"], secrets: ["PGUSER"] } },
    },
  ],
  database: { instanceClass: "db.t4g.medium", allocatedStorage: 20, maxAllocatedStorage: 100 },
  monitoring: { notifications: { emails: [FORK.alarmEmail] } },
};
