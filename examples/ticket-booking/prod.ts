import { EnvironmentInput } from "../../modules/platform/schema";
import { COMMON_TAGS, FORK, PROJECT, releaseHoldsJob, SECRETS, STATE_BACKEND } from "./shared";

/** Production: HTTPS on the booking domain, two of each task at least, private subnets with a NAT gateway per AZ. */
export const prod: EnvironmentInput = {
  project: PROJECT,
  environment: "prod",
  region: FORK.region,
  tier: "production",
  // Alerts at 80 and 100 percent of it, and when the forecast passes it: the estimate is about 312 to 647 USD a month.
  budget: { monthlyLimitUsd: 750 },
  allowedAccountIds: [FORK.accountId],
  tags: { ...COMMON_TAGS, DataClassification: "confidential" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  network: { cidr: "10.61.0.0/16", azCount: 2 },
  // The production tier's capacity: the first two tasks on on-demand Fargate, beyond that three in four.
  cluster: { enableExecuteCommand: false },
  loadBalancer: { certificate: { domainName: FORK.productionDomain, hostedZoneId: FORK.hostedZoneId } },
  services: [
    {
      name: "api",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 50 },
      cpu: 1024,
      memory: 2048,
      containerPort: 8080,
      desiredCount: 2,
      environment: { SPRING_PROFILES_ACTIVE: "prod", JAVA_TOOL_OPTIONS: "-XX:MaxRAMPercentage=75" },
      readonlyRootFilesystem: true,
      scratchPaths: ["/tmp"],
      loadBalancer: { priority: 100, pathPatterns: ["/*"], healthCheckPath: "/actuator/health", healthCheckGracePeriodSeconds: 120 },
      autoscaling: { minCapacity: 2, maxCapacity: 10, requestsPerTarget: 500 },
      uses: { secrets: { CAMUNDA_CLIENT_SECRET: "camunda-client-secret", SPRING_APPLICATION_JSON: "api-properties" } },
    },
    {
      name: "workers",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 50 },
      cpu: 512,
      memory: 1024,
      desiredCount: 2,
      environment: { NODE_ENV: "production" },
      readonlyRootFilesystem: true,
      scratchPaths: ["/tmp"],
      healthCheck: { command: ["CMD", "node", "healthcheck.js"], interval: 30, retries: 3, startPeriod: 60 },
      autoscaling: { minCapacity: 2, maxCapacity: 8, cpuTargetPercent: 60 },
      uses: { secrets: { CAMUNDA_CLIENT_SECRET: "camunda-client-secret" } },
    },
  ],
  jobs: [releaseHoldsJob("production")],
  secrets: SECRETS,
  monitoring: { notifications: { emails: [FORK.alarmEmail] } },
};
