import { COMMON_TAGS, FORK, PROJECT, STATE_BACKEND } from "./shared";
import { EnvironmentInput } from "../modules/platform/schema";

/** Development: cheapest shape that still runs every service; the development tier gives no NAT, Spot-first, no HA. */
export const dev: EnvironmentInput = {
  project: PROJECT,
  environment: "dev",
  region: FORK.region,
  tier: "development",
  allowedAccountIds: [FORK.accountId],
  tags: { ...COMMON_TAGS, DataClassification: "test" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  network: {
    cidr: "10.10.0.0/16",
    azCount: 2,
    // The development tier's natStrategy "none": services run in public subnets with public IPs,
    // reachable only through their security groups, which admit the load balancer alone.
    flowLogs: { retentionInDays: 7 },
  },
  cluster: {
    serviceLogRetentionInDays: 7,
    enableExecuteCommand: true,
    execLogRetentionInDays: 30,
    serviceDiscoveryNamespace: "dev.acme.internal",
    // Nobody works in dev at night or at weekends: every service is at zero tasks from 20:00 to 07:00
    // on weekdays and from Friday night to Monday morning (npm run cost shows the saving).
    offHours: { timeZone: "Europe/Dublin", scaleDownAt: "cron(0 20 ? * MON-FRI *)", scaleUpAt: "cron(0 7 ? * MON-FRI *)" },
  },
  loadBalancer: {
    // No certificate in dev: HTTP only, and synth says so with a warning.
    accessLogsRetentionInDays: 14,
  },
  services: [
    {
      name: "web",
      image: { source: "uri", uri: "public.ecr.aws/nginx/nginx:1.27" },
      cpu: 256,
      memory: 512,
      containerPort: 80,
      desiredCount: 1,
      loadBalancer: { priority: 1000, pathPatterns: ["/*"], healthCheckPath: "/" },
    },
    {
      name: "api",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 10 },
      cpu: 256,
      memory: 512,
      cpuArchitecture: "ARM64",
      containerPort: 8080,
      desiredCount: 1,
      environment: { LOG_LEVEL: "debug" },
      readonlyRootFilesystem: true,
      loadBalancer: { priority: 100, pathPatterns: ["/api/*"], healthCheckPath: "/api/health" },
      autoscaling: { minCapacity: 1, maxCapacity: 2 },
      uses: { database: true, cache: true, queues: { jobs: "send" }, secrets: { JWT_SIGNING_KEY: "jwt-signing-key" } },
    },
    {
      name: "worker",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 10 },
      cpu: 256,
      memory: 512,
      cpuArchitecture: "ARM64",
      desiredCount: 1,
      uses: { database: true, queues: { jobs: "consume" } },
    },
  ],
  cache: { nodeType: "cache.t4g.micro" },
  queues: { jobs: {} },
  secrets: { "jwt-signing-key": { description: "Signs the api's session tokens" } },
  database: {
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    maxAllocatedStorage: 50,
  },
};
