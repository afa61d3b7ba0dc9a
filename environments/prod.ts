import { COMMON_TAGS, PROJECT, STATE_BACKEND } from "./shared";
import { EnvironmentConfig } from "./types";

/** Production: three AZs, a NAT gateway per AZ, on-demand base capacity, Multi-AZ database. */
export const prod: EnvironmentConfig = {
  project: PROJECT,
  environment: "prod",
  region: "eu-west-1",
  allowedAccountIds: ["123456789012"],
  tags: { ...COMMON_TAGS, DataClassification: "confidential" },
  stateBackend: { ...STATE_BACKEND, useLockfile: true },
  network: {
    cidr: "10.30.0.0/16",
    azCount: 3,
    natStrategy: "perAz",
    flowLogs: { retentionInDays: 365 },
    endpoints: { gateway: true, interface: true },
  },
  cluster: {
    capacityProviderStrategy: { fargateBase: 2, fargateWeight: 3, fargateSpotWeight: 1 },
    enableExecuteCommand: false,
    serviceDiscoveryNamespace: "prod.acme.internal",
  },
  loadBalancer: {
    certificate: {
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
    },
    deletionProtection: true,
    accessLogsRetentionInDays: 365,
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
      useDatabase: true,
    },
    {
      name: "worker",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 50 },
      cpu: 512,
      memory: 2048,
      cpuArchitecture: "ARM64",
      desiredCount: 2,
      autoscaling: { minCapacity: 2, maxCapacity: 10 },
      useDatabase: true,
    },
  ],
  database: {
    instanceClass: "db.m7g.large",
    allocatedStorage: 100,
    maxAllocatedStorage: 1000,
    multiAz: true,
    backupRetentionPeriod: 14,
    deletionProtection: true,
    skipFinalSnapshot: false,
    performanceInsightsEnabled: true,
    monitoringInterval: 60,
    readReplicas: 1,
  },
};
