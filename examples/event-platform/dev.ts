import { EnvironmentInput } from "../../modules/platform/schema";
import { BACKEND_PATHS, BACKEND_SECRETS, COMMON_TAGS, EMAIL_QUEUE, FORK, PROJECT, reminderJob, SECRETS, STATE_BACKEND } from "./shared";

/**
 * Development: every component of the architecture at its smallest. CloudFront serves the SPA and
 * sends the backend paths to an internal load balancer (plain HTTP inside the VPC); single-AZ
 * database without a replica; cluster-mode Redis without replicas; no NAT gateway.
 */
export const dev: EnvironmentInput = {
  project: PROJECT,
  environment: "dev",
  region: FORK.region,
  tier: "development",
  allowedAccountIds: [FORK.accountId],
  tags: { ...COMMON_TAGS, DataClassification: "test" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  network: { cidr: "10.1.0.0/16", azCount: 2, azs: ["us-east-1a", "us-east-1b"], flowLogs: { retentionInDays: 7 } },
  cluster: { enableExecuteCommand: true, serviceLogRetentionInDays: 30 },
  loadBalancer: { internal: true, accessLogRetentionInDays: 14 },
  frontend: { api: { pathPatterns: BACKEND_PATHS } },
  services: [
    {
      name: "backend",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 10 },
      cpu: 512,
      memory: 1024,
      containerPort: 3000,
      desiredCount: 1,
      environment: { NODE_ENV: "development" },
      readonlyRootFilesystem: true,
      scratchPaths: ["/tmp"],
      // Sticky sessions keep a reconnecting WebSocket (socket.io) client on its task.
      loadBalancer: { priority: 100, pathPatterns: BACKEND_PATHS, healthCheckPath: "/health", stickinessSeconds: 86400 },
      autoscaling: { minCapacity: 1, maxCapacity: 2 },
      uses: { database: "read-write", cache: true, queues: { emails: "send-and-consume" }, secrets: BACKEND_SECRETS },
    },
  ],
  jobs: [reminderJob("development")],
  database: { instanceClass: "db.t4g.micro", allocatedStorage: 20, maxAllocatedStorage: 50 },
  // Bull and the distributed locks need Redis; cluster mode is decided before the first apply, so dev has it too.
  cache: { engine: "redis", nodeType: "cache.t3.micro", clusterMode: true, shards: 2 },
  queues: { emails: EMAIL_QUEUE },
  secrets: SECRETS,
  monitoring: {
    notifications: { emails: [FORK.alarmEmail] },
    serviceAlarms: { cpuPercent: 80, target5xxPercent: 5 },
    tracing: true,
  },
};
