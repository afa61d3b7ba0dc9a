import { EnvironmentInput } from "../../modules/platform/schema";
import { COMMON_TAGS, FORK, PROJECT, releaseHoldsJob, SECRETS, STATE_BACKEND } from "./shared";

/**
 * Development: the Java API behind the load balancer, the TypeScript workers with no port at all
 * (they dial out to Camunda and hold the connection), both reading their secrets from Secrets
 * Manager. No NAT gateway: tasks reach Camunda from public subnets with public IPs.
 */
export const dev: EnvironmentInput = {
  project: PROJECT,
  environment: "dev",
  region: FORK.region,
  tier: "development",
  allowedAccountIds: [FORK.accountId],
  tags: { ...COMMON_TAGS, DataClassification: "test" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  network: { cidr: "10.60.0.0/16", azCount: 2, flowLogs: { retentionInDays: 7 } },
  // Workers must stay connected: keep them on on-demand Fargate, Spot can reclaim a task at any time.
  cluster: {
    enableExecuteCommand: true,
    serviceLogRetentionInDays: 7,
    capacityProviderStrategy: { fargateBase: 1, fargateWeight: 1, fargateSpotWeight: 1 },
  },
  loadBalancer: { accessLogRetentionInDays: 14 },
  services: [
    {
      name: "api",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 10 },
      cpu: 512,
      memory: 1024,
      containerPort: 8080,
      desiredCount: 1,
      environment: { SPRING_PROFILES_ACTIVE: "dev", JAVA_TOOL_OPTIONS: "-XX:MaxRAMPercentage=75" },
      readonlyRootFilesystem: true,
      // Spring Boot's embedded Tomcat writes its work directory under /tmp.
      scratchPaths: ["/tmp"],
      loadBalancer: { priority: 100, pathPatterns: ["/*"], healthCheckPath: "/actuator/health", healthCheckGracePeriodSeconds: 120 },
      autoscaling: { minCapacity: 1, maxCapacity: 2 },
      uses: { secrets: { CAMUNDA_CLIENT_SECRET: "camunda-client-secret", SPRING_APPLICATION_JSON: "api-properties" } },
    },
    {
      // Long-lived Camunda job workers: no load balancer, no port, never scaled to zero.
      name: "workers",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 10 },
      cpu: 256,
      memory: 512,
      desiredCount: 1,
      environment: { NODE_ENV: "development" },
      readonlyRootFilesystem: true,
      scratchPaths: ["/tmp"],
      // No load balancer watches a worker: ECS replaces one whose Camunda connection is lost.
      healthCheck: { command: ["CMD", "node", "healthcheck.js"], interval: 30, retries: 3, startPeriod: 60 },
      autoscaling: { minCapacity: 1, maxCapacity: 2, cpuTargetPercent: 60 },
      uses: { secrets: { CAMUNDA_CLIENT_SECRET: "camunda-client-secret" } },
    },
  ],
  jobs: [releaseHoldsJob("development")],
  secrets: SECRETS,
  monitoring: { notifications: { emails: [FORK.alarmEmail] } },
};
