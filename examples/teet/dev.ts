import { EnvironmentInput } from "../../modules/platform/schema";
import { COMMON_TAGS, FORK, POSTGREST_DATABASE, POSTGREST_ENVIRONMENT, PROJECT, SECRETS, STATE_BACKEND } from "./shared";

/**
 * Development: the ADR's shape at the smallest cost. Aurora Serverless v2 that pauses when idle
 * (0 ACU) and has no readers; PostgREST on Fargate Spot in public subnets (no NAT gateway), reached
 * only through the HTTP API's VPC link.
 */
export const dev: EnvironmentInput = {
  project: PROJECT,
  environment: "dev",
  region: FORK.region,
  tier: "development",
  allowedAccountIds: [FORK.accountId],
  tags: { ...COMMON_TAGS, DataClassification: "test" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  network: { cidr: "10.70.0.0/16", azCount: 2, flowLogs: { retentionInDays: 7 } },
  cluster: { enableExecuteCommand: true, serviceLogRetentionInDays: 7, serviceDiscoveryNamespace: "dev.teet.internal" },
  apiGateway: { throttling: { burstLimit: 50, rateLimit: 20 }, cors: { allowOrigins: ["http://localhost:3000"] } },
  services: [
    {
      name: "postgrest",
      // postgrest/postgrest, mirrored into the environment's ECR repository by the pipeline.
      image: { source: "ecr", tag: "v12.2.8", keepLastImages: 10 },
      cpu: 256,
      memory: 512,
      containerPort: 3000,
      desiredCount: 1,
      environment: POSTGREST_ENVIRONMENT,
      // A single static binary: nothing to write.
      readonlyRootFilesystem: true,
      apiRoutes: { routeKeys: ["$default"], integration: "cloud-map" },
      uses: { database: POSTGREST_DATABASE, secrets: { PGRST_JWT_SECRET: "postgrest-jwt-secret" } },
    },
  ],
  database: {
    engine: "aurora-postgres",
    instanceClass: "db.serverless",
    serverless: { minCapacity: 0, maxCapacity: 2 },
    readers: 0,
  },
  secrets: SECRETS,
  monitoring: { notifications: { emails: [FORK.alarmEmail] } },
};
