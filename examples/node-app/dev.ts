import { EnvironmentInput } from "../../modules/platform/schema";
import { COMMON_TAGS, FORK, PROJECT, STATE_BACKEND } from "./shared";

/**
 * Development: the architecture's non-goal "reliability of the database deployment, mostly to not
 * incur unwanted costs during development" is the development tier's default (single-AZ database,
 * no NAT gateway, Fargate Spot first).
 */
export const dev: EnvironmentInput = {
  project: PROJECT,
  environment: "dev",
  region: FORK.region,
  tier: "development",
  allowedAccountIds: [FORK.accountId],
  tags: { ...COMMON_TAGS, DataClassification: "test" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  // Data center outage resilience: two availability zones, tasks and load balancer spread over both.
  network: { cidr: "10.40.0.0/16", azCount: 2, flowLogs: { retentionInDays: 7 } },
  cluster: { enableExecuteCommand: true, serviceLogRetentionInDays: 7 },
  // No certificate in dev: HTTP only (synth warns).
  loadBalancer: { accessLogRetentionInDays: 14 },
  services: [
    {
      // The "ecs-hosted-app": one entry per app on the shared cluster.
      name: "app",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 10 },
      cpu: 256,
      memory: 512,
      containerPort: 3000,
      desiredCount: 1,
      environment: { NODE_ENV: "development" },
      readonlyRootFilesystem: true,
      scratchPaths: ["/tmp"],
      loadBalancer: { priority: 100, pathPatterns: ["/*"], healthCheckPath: "/health" },
      autoscaling: { minCapacity: 1, maxCapacity: 2 },
      uses: { database: "read-write" },
      // The schema migration, run by the release workflow (MIGRATION_TASK) before the new tasks
      // start: the app's image at the release tag, logging in as the app's own user with an IAM token.
      tasks: { migrate: { command: ["node", "dist/migrate.js"], secrets: ["PGUSER"] } },
    },
  ],
  database: { instanceClass: "db.t4g.micro", allocatedStorage: 20, maxAllocatedStorage: 50 },
  monitoring: { notifications: { emails: [FORK.alarmEmail] } },
};
