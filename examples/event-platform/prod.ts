import { EnvironmentInput } from "../../modules/platform/schema";
import { BACKEND_PATHS, BACKEND_SECRETS, COMMON_TAGS, EMAIL_QUEUE, FORK, PROJECT, reminderJob, SECRETS, STATE_BACKEND } from "./shared";

/**
 * Production, as the architecture's "production-ready setup": CloudFront (all edge locations, a
 * WAF) on the event domain, the backend scaling 2 to 10 tasks on CPU and memory, PostgreSQL
 * Multi-AZ with a read replica, Redis in cluster mode with 2 shards of a primary and a replica,
 * the email queue with its dead-letter queue, alarms and X-Ray tracing.
 */
export const prod: EnvironmentInput = {
  project: PROJECT,
  environment: "prod",
  region: FORK.region,
  tier: "production",
  // Alerts at 80 and 100 percent of it, and when the forecast passes it: the architecture's authors budgeted 250 to 500 USD a month.
  budget: { monthlyLimitUsd: 500 },
  allowedAccountIds: [FORK.accountId],
  tags: { ...COMMON_TAGS, DataClassification: "confidential" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  // The architecture's VPC and its two AZs. Egress through one regional NAT gateway, which spans both
  // AZs (no AZ's failure cuts the other's egress, unlike "single"), and no interface endpoints: at
  // six endpoints in two AZs they would cost more than the NAT gateway they save traffic from
  // (README, "Monthly cost"). "endpoints" (no NAT) is out: the tracing collector's image is on public ECR.
  network: { cidr: "10.0.0.0/16", azCount: 2, azs: ["us-east-1a", "us-east-1b"], natStrategy: "regional", endpoints: { interface: false } },
  cluster: { enableExecuteCommand: false },
  // Internal: only CloudFront (through its VPC origin) reaches it, so the WAF cannot be bypassed.
  loadBalancer: { internal: true, certificate: { domainName: FORK.productionOriginDomain, hostedZoneId: FORK.hostedZoneId } },
  frontend: {
    priceClass: "PriceClass_All",
    domain: { domainName: FORK.productionDomain, hostedZoneId: FORK.hostedZoneId },
    api: { pathPatterns: BACKEND_PATHS },
  },
  services: [
    {
      name: "backend",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 50 },
      cpu: 512,
      memory: 1024,
      containerPort: 3000,
      desiredCount: 2,
      environment: { NODE_ENV: "production" },
      readonlyRootFilesystem: true,
      scratchPaths: ["/tmp"],
      loadBalancer: { priority: 100, pathPatterns: BACKEND_PATHS, healthCheckPath: "/health", stickinessSeconds: 86400 },
      autoscaling: { minCapacity: 2, maxCapacity: 10, cpuTargetPercent: 70, memoryTargetPercent: 80 },
      uses: { database: "read-write", cache: true, queues: { emails: "send-and-consume" }, secrets: BACKEND_SECRETS },
    },
  ],
  jobs: [reminderJob("production")],
  database: {
    instanceClass: "db.t3.medium",
    allocatedStorage: 50,
    maxAllocatedStorage: 200,
    readReplicas: 1,
    backupRetentionPeriod: 7,
  },
  cache: { engine: "redis", nodeType: "cache.t3.micro", clusterMode: true, shards: 2, replicasPerShard: 1 },
  queues: { emails: EMAIL_QUEUE },
  secrets: SECRETS,
  monitoring: {
    notifications: { emails: [FORK.alarmEmail] },
    serviceAlarms: { cpuPercent: 80, target5xxPercent: 5 },
    tracing: true,
  },
};
