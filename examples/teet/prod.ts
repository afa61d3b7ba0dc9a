import { EnvironmentInput } from "../../modules/platform/schema";
import { COMMON_TAGS, FORK, POSTGREST_DATABASE, POSTGREST_ENVIRONMENT, PROJECT, SECRETS, STATE_BACKEND } from "./shared";

/**
 * Production, as the ADR decides: an Aurora PostgreSQL cluster of one writer and two readers (one
 * per further AZ, either takes over if the writer fails), PostgREST on Fargate behind API Gateway.
 */
export const prod: EnvironmentInput = {
  project: PROJECT,
  environment: "prod",
  region: FORK.region,
  tier: "production",
  // Its own account: the stack assumes teet-prod-github-plan (or -apply) there; the state stays in FORK.accountId's bucket.
  account: { id: FORK.prodAccountId },
  // Images built once: a release to prod promotes the digest dev's last completed release runs
  // (app-release.example.yml with promote_from: dev); prod's publish role may pull from dev's repository, never push.
  registry: { promoteFrom: "dev" },
  // Alerts at 80 and 100 percent of it, and when the forecast passes it: the estimate is about 960 to 1,030 USD a month.
  budget: { monthlyLimitUsd: 1200 },
  tags: { ...COMMON_TAGS, DataClassification: "confidential" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  // Three AZs: the writer and each reader in a zone of their own.
  // No NAT gateway: PostgREST calls nothing on the internet, and its image, logs and secrets are reached
  // through VPC endpoints (about 110 USD a month of NAT gateways its traffic barely used).
  network: { cidr: "10.71.0.0/16", azCount: 3, natStrategy: "endpoints" },
  cluster: { enableExecuteCommand: false, serviceDiscoveryNamespace: "prod.teet.internal" },
  apiGateway: {
    domain: { domainName: FORK.productionApiDomain, hostedZoneId: FORK.hostedZoneId },
    cors: { allowOrigins: [FORK.productionAppOrigin] },
    throttling: { burstLimit: 500, rateLimit: 200 },
  },
  services: [
    {
      name: "postgrest",
      image: { source: "ecr", tag: "v12.2.8", keepLastImages: 30 },
      cpu: 512,
      memory: 1024,
      containerPort: 3000,
      desiredCount: 2,
      environment: POSTGREST_ENVIRONMENT,
      readonlyRootFilesystem: true,
      autoscaling: { minCapacity: 2, maxCapacity: 6 },
      apiRoutes: { routeKeys: ["$default"], integration: "cloud-map" },
      uses: { database: POSTGREST_DATABASE, secrets: { PGRST_JWT_SECRET: "postgrest-jwt-secret" } },
    },
  ],
  database: {
    engine: "aurora-postgres",
    instanceClass: "db.r7g.large",
    readers: 2,
    // Without NAT the users' setup task cannot pull from ECR Public: push a copy of
    // public.ecr.aws/docker/library/postgres:17-alpine to this repository first.
    setupImage: `${FORK.prodAccountId}.dkr.ecr.${FORK.region}.amazonaws.com/teet/postgres:17-alpine`,
  },
  secrets: SECRETS,
  policy: {
    suppressions: [
      {
        rule: "PLAT-APPLY-9",
        path: "service-postgrest",
        reason:
          "PostgREST's image is distroless (no shell or HTTP client for a container health check) and API Gateway reaches it through Cloud Map, which checks nothing; a hung PostgREST shows as the HTTP API's 5xx alarm",
      },
    ],
  },
  monitoring: { notifications: { emails: [FORK.alarmEmail] } },
};
