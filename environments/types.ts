/**
 * The typed shape of an environment. Environments are data: each file in this folder exports one
 * `EnvironmentConfig`, `validateEnvironments` checks them all once, and the same stack code builds
 * every environment from its config. Field names follow terraform-aws-modules' inputs (camelCased).
 */

/** Where Terraform keeps an environment's state; the bootstrap stack creates the bucket and table. */
export interface StateBackendConfig {
  /** S3 bucket for state. Globally unique, 3-63 chars of a-z, 0-9, '.', '-'. No default. */
  readonly bucket: string;
  /** Region of the bucket and the lock table. No default. */
  readonly region: string;
  /** DynamoDB table used for state locking (hash key `LockID`). No default. */
  readonly dynamodbTable: string;
  /**
   * Also lock with Terraform's native S3 lockfile (`use_lockfile`, Terraform >= 1.10), the successor
   * of DynamoDB locking that Terraform 1.11 deprecates. Both locks are taken while both are on, which
   * is the documented migration path. Default: false.
   */
  readonly useLockfile?: boolean;
}

/** How private subnets reach the internet. */
export type NatStrategy = "none" | "single" | "perAz";

/** VPC flow logs. */
export interface FlowLogConfig {
  /** Record flow logs. Default: true. */
  readonly enabled?: boolean;
  /** Destination: CloudWatch Logs or an S3 bucket created for them. Default: "cloud-watch-logs". */
  readonly destination?: "cloud-watch-logs" | "s3";
  /** Days to keep flow logs (CloudWatch retention or S3 expiration). Default: 30. */
  readonly retentionInDays?: number;
  /** Which traffic to record. Default: "ALL". */
  readonly trafficType?: "ACCEPT" | "REJECT" | "ALL";
}

/** VPC endpoints, so that private workloads reach AWS APIs without NAT. */
export interface VpcEndpointsConfig {
  /** Gateway endpoints for S3 and DynamoDB (free). Default: true. */
  readonly gateway?: boolean;
  /**
   * Interface endpoints for ECR (api, dkr), CloudWatch Logs and Secrets Manager (billed per hour
   * per AZ), so a NAT-less private setup can still pull images. Default: false.
   */
  readonly interface?: boolean;
}

export interface NetworkConfig {
  /** IPv4 CIDR of the VPC, a /16 to /28 (carved subnets need /22 or larger). No default. */
  readonly cidr: string;
  /** Number of availability zones, 2 to 6; must equal the length of `azs` when both are given. No default. */
  readonly azCount: number;
  /** Explicit availability zones, each `<region><letter>`. Default: the first `azCount` of a, b, c... */
  readonly azs?: readonly string[];
  /** NAT strategy: "none" (services in public subnets), "single" NAT gateway, or "perAz". No default. */
  readonly natStrategy: NatStrategy;
  /** Public subnet CIDRs, one per AZ in `azs` order. Default: carved from the VPC CIDR. */
  readonly publicSubnets?: readonly string[];
  /** Private subnet CIDRs, one per AZ in `azs` order. Default: carved from the VPC CIDR. */
  readonly privateSubnets?: readonly string[];
  /** Database subnet CIDRs, one per AZ in `azs` order. Default: carved from the VPC CIDR. */
  readonly databaseSubnets?: readonly string[];
  /** VPC flow logs. Default: on, to CloudWatch Logs, kept 30 days. */
  readonly flowLogs?: FlowLogConfig;
  /** VPC endpoints. Default: gateway endpoints only. */
  readonly endpoints?: VpcEndpointsConfig;
}

/** How the shared cluster splits tasks between on-demand Fargate and Fargate Spot. */
export interface CapacityProviderStrategyConfig {
  /** Tasks always placed on on-demand FARGATE before weights apply. No default. */
  readonly fargateBase: number;
  /** Relative weight of on-demand FARGATE beyond the base. No default. */
  readonly fargateWeight: number;
  /** Relative weight of FARGATE_SPOT beyond the base. No default. */
  readonly fargateSpotWeight: number;
}

export interface ClusterConfig {
  /** Default capacity provider strategy of the cluster, used by every service. No default. */
  readonly capacityProviderStrategy: CapacityProviderStrategyConfig;
  /** CloudWatch Container Insights mode. Default: "enabled". */
  readonly containerInsights?: "enabled" | "enhanced" | "disabled";
  /** Allow ECS Exec (`aws ecs execute-command`) into tasks; sessions are logged and encrypted. No default. */
  readonly enableExecuteCommand: boolean;
  /** Days to keep ECS Exec session logs. Default: 90. */
  readonly execLogRetentionInDays?: number;
  /** Days to keep the services' container logs. Default: 30. */
  readonly serviceLogRetentionInDays?: number;
  /** Private DNS namespace (Cloud Map) for service-to-service discovery, e.g. "dev.acme.internal". Default: none. */
  readonly serviceDiscoveryNamespace?: string;
}

/** A certificate given by ARN. */
export interface CertificateArnConfig {
  /** ARN of an ACM certificate in the environment's region. */
  readonly certificateArn: string;
}

/** A certificate the load balancer construct requests and validates through Route 53. */
export interface DnsValidatedCertificateConfig {
  /** Domain the load balancer serves, e.g. "app.example.com"; an alias record is created for it. */
  readonly domainName: string;
  /** Route 53 hosted zone id that holds `domainName`. */
  readonly hostedZoneId: string;
  /** Extra names on the certificate. Default: none. */
  readonly subjectAlternativeNames?: readonly string[];
}

export interface LoadBalancerConfig {
  /** IPv4 CIDRs allowed to reach ports 80 and 443. Default: ["0.0.0.0/0"]. */
  readonly ingressCidrBlocks?: readonly string[];
  /** IPv6 CIDRs allowed to reach ports 80 and 443. Default: ["::/0"]. */
  readonly ingressIpv6CidrBlocks?: readonly string[];
  /** HTTPS certificate. Default: none, which means HTTP only (a warning is printed at synth). */
  readonly certificate?: CertificateArnConfig | DnsValidatedCertificateConfig;
  /** TLS policy of the HTTPS listener. Default: "ELBSecurityPolicy-TLS13-1-2-2021-06". */
  readonly sslPolicy?: string;
  /** Seconds a connection may idle, 1 to 4000. Default: 60. */
  readonly idleTimeout?: number;
  /** Protect the load balancer from deletion. No default. */
  readonly deletionProtection: boolean;
  /** Days to keep access logs in their S3 bucket. Default: 90. */
  readonly accessLogsRetentionInDays?: number;
}

/** An image from the ECR repository the service construct creates. */
export interface EcrImageConfig {
  readonly source: "ecr";
  /** Tag to run; tags are immutable, so every release pushes a new one. */
  readonly tag: string;
  /** Images kept by the repository's lifecycle policy. Default: 30. */
  readonly keepLastImages?: number;
}

/** An image pulled from elsewhere. */
export interface ExternalImageConfig {
  readonly source: "uri";
  /** Full image reference, e.g. "public.ecr.aws/nginx/nginx:1.27". */
  readonly uri: string;
}

/** Container health check run by the ECS agent. */
export interface ContainerHealthCheckConfig {
  /** Command, e.g. ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]. */
  readonly command: readonly string[];
  /** Seconds between checks. Default: 30. */
  readonly interval?: number;
  /** Seconds before a check fails. Default: 5. */
  readonly timeout?: number;
  /** Failures before the container is unhealthy. Default: 3. */
  readonly retries?: number;
  /** Seconds of grace after start. Default: 60. */
  readonly startPeriod?: number;
}

/** How the load balancer routes to a service. */
export interface ServiceLoadBalancerConfig {
  /** Listener rule priority, 1 to 50000, unique within the environment. No default. */
  readonly priority: number;
  /** Path patterns, e.g. ["/api/*"]. Default: none (at least one of paths or hosts is required). */
  readonly pathPatterns?: readonly string[];
  /** Host headers, e.g. ["api.example.com"]. Default: none. */
  readonly hostHeaders?: readonly string[];
  /** Target group health check path. Default: "/health". */
  readonly healthCheckPath?: string;
  /** HTTP codes counted healthy. Default: "200-399". */
  readonly healthCheckMatcher?: string;
  /** Seconds to drain a deregistering target. Default: 30. */
  readonly deregistrationDelay?: number;
  /** Seconds ECS ignores failing load balancer health checks after a task starts. Default: 60. */
  readonly healthCheckGracePeriodSeconds?: number;
}

/** Target-tracking autoscaling of a service's task count. */
export interface ServiceAutoscalingConfig {
  /** Fewest tasks. No default. */
  readonly minCapacity: number;
  /** Most tasks. No default. */
  readonly maxCapacity: number;
  /** Target average CPU utilisation, percent. Default: 70. */
  readonly cpuTargetPercent?: number;
  /** Target average memory utilisation, percent. Default: 80. */
  readonly memoryTargetPercent?: number;
  /** Target ALB requests per task; only for services behind the load balancer. Default: off. */
  readonly requestsPerTarget?: number;
}

/** A statement added to a service's task role. */
export interface PolicyStatementConfig {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

export interface ServiceConfig {
  /** Service name, unique in the environment: 1-16 chars of a-z, 0-9, '-', starting with a letter. */
  readonly name: string;
  /** Container image. No default. */
  readonly image: EcrImageConfig | ExternalImageConfig;
  /** Task CPU units (256, 512, 1024, 2048, 4096, 8192, 16384). No default. */
  readonly cpu: number;
  /** Task memory in MiB; must be a combination Fargate accepts for `cpu`. No default. */
  readonly memory: number;
  /** CPU architecture. Default: "X86_64". */
  readonly cpuArchitecture?: "X86_64" | "ARM64";
  /** Port the container listens on; required with `loadBalancer`. Default: none. */
  readonly containerPort?: number;
  /** Tasks to run (the initial count when autoscaling). No default. */
  readonly desiredCount: number;
  /** Plain environment variables; never secrets. Default: none. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Secrets as Secrets Manager secret ARNs or SSM parameter ARNs, by variable name. Default: none. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Container health check. Default: none. */
  readonly healthCheck?: ContainerHealthCheckConfig;
  /** Mount the container's root filesystem read-only. Default: false. */
  readonly readonlyRootFilesystem?: boolean;
  /** Route to this service from the load balancer. Default: none (a worker). */
  readonly loadBalancer?: ServiceLoadBalancerConfig;
  /** Autoscaling. Default: none (the task count stays `desiredCount`). */
  readonly autoscaling?: ServiceAutoscalingConfig;
  /** Receive the database's connection settings and credentials (PG* variables). Default: false. */
  readonly useDatabase?: boolean;
  /** Names of other services allowed to call this one on `containerPort`. Default: none. */
  readonly allowIngressFrom?: readonly string[];
  /** Extra permissions for the application's task role. Default: none (an empty role). */
  readonly taskRolePolicyStatements?: readonly PolicyStatementConfig[];
}

/** PostgreSQL major versions offered by RDS that this platform accepts. */
export const POSTGRES_MAJOR_VERSIONS = ["14", "15", "16", "17", "18"] as const;
export type PostgresMajorVersion = (typeof POSTGRES_MAJOR_VERSIONS)[number];

export interface DatabaseConfig {
  /** PostgreSQL major version; minor versions upgrade automatically. Default: "17". */
  readonly engineVersion?: string;
  /**
   * Let the next apply move to a new major version when `engineVersion` changes (RDS refuses it
   * otherwise). Default: false.
   */
  readonly allowMajorVersionUpgrade?: boolean;
  /** Instance class, e.g. "db.t4g.micro". No default. */
  readonly instanceClass: string;
  /** Initial gp3 storage in GiB, 20 to 65536. No default. */
  readonly allocatedStorage: number;
  /** Storage autoscaling ceiling in GiB, above `allocatedStorage`. No default. */
  readonly maxAllocatedStorage: number;
  /** Name of the database created in the instance. Default: "app". */
  readonly databaseName?: string;
  /** Master user name; its password is generated and kept by RDS in Secrets Manager. Default: "dbadmin". */
  readonly username?: string;
  /** Standby in a second AZ. No default. */
  readonly multiAz: boolean;
  /** Days of automated backups, 0 to 35. No default. */
  readonly backupRetentionPeriod: number;
  /** Daily backup window (UTC). Default: "03:00-04:00". */
  readonly backupWindow?: string;
  /** Weekly maintenance window (UTC). Default: "sun:04:30-sun:05:30". */
  readonly maintenanceWindow?: string;
  /** Protect the instance from deletion. No default. */
  readonly deletionProtection: boolean;
  /** Skip the final snapshot when the instance is destroyed. No default. */
  readonly skipFinalSnapshot: boolean;
  /** Performance Insights. No default. */
  readonly performanceInsightsEnabled: boolean;
  /** Enhanced monitoring interval in seconds (0 = off; 1, 5, 10, 15, 30, 60). No default. */
  readonly monitoringInterval: number;
  /** Read replicas, 0 to 5. Default: 0. */
  readonly readReplicas?: number;
  /** Customer KMS key ARN for storage encryption. Default: the AWS managed key for RDS. */
  readonly kmsKeyArn?: string;
  /** Statements slower than this many milliseconds are logged (-1 = off). Default: 1000. */
  readonly logMinDurationStatementMs?: number;
}

export interface EnvironmentConfig {
  /** Project name, prefix of every AWS name: 2-16 chars of a-z, 0-9, '-'. No default. */
  readonly project: string;
  /** Environment name and stack name: 2-10 chars of a-z, 0-9, starting with a letter. No default. */
  readonly environment: string;
  /** AWS region, e.g. "eu-west-1". No default. */
  readonly region: string;
  /** Accounts Terraform may touch; a guard against deploying to the wrong one. Default: any. */
  readonly allowedAccountIds?: readonly string[];
  /** Tags on every resource, next to Project, Environment and ManagedBy. Default: none. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Remote state. No default. */
  readonly stateBackend: StateBackendConfig;
  /** VPC and subnets. No default. */
  readonly network: NetworkConfig;
  /** The shared ECS cluster. No default. */
  readonly cluster: ClusterConfig;
  /** The application load balancer. No default. */
  readonly loadBalancer: LoadBalancerConfig;
  /** Services on the shared cluster. Default: none. */
  readonly services?: readonly ServiceConfig[];
  /** PostgreSQL. Default: none. */
  readonly database?: DatabaseConfig;
}

/** The bootstrap stack: the state bucket and lock table that every environment's backend uses. */
export interface BootstrapConfig {
  /** Project name, as in the environments. No default. */
  readonly project: string;
  /** Bucket, table and region to create. No default. */
  readonly stateBackend: Omit<StateBackendConfig, "useLockfile">;
  /** Accounts Terraform may touch. Default: any. */
  readonly allowedAccountIds?: readonly string[];
  /** Tags on every resource, next to Project, Environment and ManagedBy. Default: none. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Days noncurrent state versions are kept before expiry. Default: 90. */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Keep the bootstrap stack's own state in the bucket it creates (after migrating it there, see
   * README). Default: false: local state, because the bucket cannot hold the state that creates it.
   */
  readonly stateInBucket?: boolean;
}
