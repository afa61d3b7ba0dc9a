/**
 * Public on-demand list prices, USD, for the regions the shipped environments and examples use.
 *
 * Compiled on PRICE_TABLE_DATE from the AWS pricing pages named in PRICE_TABLE_SOURCE. Each
 * figure marked "checked" was compared on that date with a public page quoting it (third-party
 * summaries of the AWS pages, named in the comment); the others are the compiler's reading of the
 * AWS pages and should be checked against them before the estimate is relied on for a budget.
 * Prices change: when one does, change it here, move PRICE_TABLE_DATE, and let the cost tests
 * (which compute their expectations from this table) follow.
 *
 * Units: per hour for anything that runs (a month is HOURS_PER_MONTH hours), per GB-month for
 * storage, per GB for data processed, per million for requests unless the name says otherwise.
 * A region, instance class or node type that is not here is reported as not priced: the estimate
 * never prices it as zero.
 */

export const PRICE_TABLE_DATE = "2026-11-22";
export const PRICE_TABLE_SOURCE = [
  "https://aws.amazon.com/fargate/pricing/",
  "https://aws.amazon.com/vpc/pricing/ (NAT gateways, public IPv4 addresses)",
  "https://aws.amazon.com/privatelink/pricing/",
  "https://aws.amazon.com/elasticloadbalancing/pricing/",
  "https://aws.amazon.com/rds/postgresql/pricing/",
  "https://aws.amazon.com/rds/aurora/pricing/",
  "https://aws.amazon.com/elasticache/pricing/",
  "https://aws.amazon.com/cloudfront/pricing/",
  "https://aws.amazon.com/api-gateway/pricing/",
  "https://aws.amazon.com/sqs/pricing/",
  "https://aws.amazon.com/dynamodb/pricing/on-demand/",
  "https://aws.amazon.com/cloudwatch/pricing/",
  "https://aws.amazon.com/kms/pricing/",
  "https://aws.amazon.com/secrets-manager/pricing/",
  "https://aws.amazon.com/waf/pricing/",
  "https://aws.amazon.com/route53/pricing/",
].join(", ");

/** AWS prices "per month" items by the hour over a 730-hour month. */
export const HOURS_PER_MONTH = 730;

/** Fargate per task-hour resources of one CPU architecture (Linux). */
export interface FargateRates {
  readonly vcpuHour: number;
  readonly gbHour: number;
}

export interface RegionPrices {
  readonly fargate: {
    readonly X86_64: FargateRates;
    readonly ARM64: FargateRates;
    /** Ephemeral storage beyond the 20 GiB every task gets, per GB-hour. */
    readonly ephemeralGbHour: number;
  };
  readonly natGateway: { readonly hour: number; readonly gbProcessed: number };
  /** Every public IPv4 address, attached or not (Elastic IPs, tasks' and load balancers' addresses). */
  readonly publicIpv4Hour: number;
  readonly applicationLoadBalancer: { readonly hour: number; readonly lcuHour: number };
  readonly networkLoadBalancer: { readonly hour: number; readonly nlcuHour: number };
  readonly interfaceEndpoint: { readonly azHour: number; readonly gbProcessed: number };
  /** RDS for PostgreSQL, Single-AZ, per instance-hour; Multi-AZ (one standby) is twice this. */
  readonly rdsPostgresHour: Readonly<Record<string, number>>;
  readonly rdsStorage: {
    /** gp2 and gp3 (3,000 IOPS and 125 MB/s included), per GB-month, per copy (Multi-AZ keeps two). */
    readonly generalPurposeGbMonth: number;
    /** Backup storage beyond the free share (100% of the region's provisioned storage), per GB-month. */
    readonly backupGbMonth: number;
  };
  readonly aurora: {
    /** Aurora PostgreSQL provisioned instances (Aurora Standard), per instance-hour. */
    readonly instanceHour: Readonly<Record<string, number>>;
    /** Serverless v2, per ACU-hour (Aurora Standard). */
    readonly acuHour: number;
    readonly storageGbMonth: number;
    readonly ioPerMillion: number;
    /** Aurora I/O-Optimized: instances cost this much more, storage costs ioOptimizedStorageGbMonth, I/O is free. */
    readonly ioOptimizedInstanceFactor: number;
    readonly ioOptimizedStorageGbMonth: number;
    readonly backupGbMonth: number;
  };
  /** ElastiCache node-hours for Redis OSS and Memcached; Valkey nodes cost valkeyFactor of these. */
  readonly elasticacheNodeHour: Readonly<Record<string, number>>;
  readonly valkeyFactor: number;
  readonly cloudfront: { readonly gbOut: number; readonly per10kHttpsRequests: number };
  readonly apiGateway: { readonly httpPerMillion: number; readonly restPerMillion: number };
  readonly sqs: { readonly standardPerMillion: number; readonly fifoPerMillion: number };
  readonly dynamodb: {
    readonly readRequestUnitsPerMillion: number;
    readonly writeRequestUnitsPerMillion: number;
    readonly readCapacityUnitHour: number;
    readonly writeCapacityUnitHour: number;
    readonly storageGbMonth: number;
    readonly pointInTimeRecoveryGbMonth: number;
  };
  readonly cloudwatch: {
    /** Per alarm metric: an alarm on one metric is one, a metric-math alarm one per metric it reads. */
    readonly standardAlarmMetric: number;
    readonly highResolutionAlarmMetric: number;
    readonly compositeAlarm: number;
    readonly dashboard: number;
    readonly logIngestionGb: number;
    readonly logStorageGbMonth: number;
  };
  readonly kmsKeyMonth: number;
  /** Rotated keys: each of the first two rotations adds this per month (later rotations are free). */
  readonly kmsRotationMonth: number;
  readonly secretMonth: number;
  readonly waf: { readonly webAclMonth: number; readonly ruleMonth: number; readonly perMillionRequests: number };
  /** Hosted zones, including the private zone of a Cloud Map DNS namespace (first 25 per account). */
  readonly hostedZoneMonth: number;
}

/** Prices that are the same in every region of this table. */
const SAME_EVERYWHERE = {
  // checked: "$0.005/hour per IP" (cloudburn.io NAT gateway guide, 2026-02).
  publicIpv4Hour: 0.005,
  sqs: { standardPerMillion: 0.4, fifoPerMillion: 0.5 },
  kmsKeyMonth: 1,
  kmsRotationMonth: 1,
  secretMonth: 0.4,
  // checked: "$5/month per Web ACL + $1/month per rule + $0.60 per million requests"; AWS: "consistent across all AWS Regions" (aws.amazon.com networking blog).
  waf: { webAclMonth: 5, ruleMonth: 1, perMillionRequests: 0.6 },
  hostedZoneMonth: 0.5,
  valkeyFactor: 0.8,
} as const;

const US_EAST_1: RegionPrices = {
  ...SAME_EVERYWHERE,
  fargate: {
    // checked: Linux/x86 $0.04048 vCPU-hour, $0.004445 GB-hour; Linux/ARM $0.03238, $0.00356 (vantage.sh Fargate pricing).
    X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 },
    ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 },
    // checked: $0.000111 per storage GB-hour (vantage.sh).
    ephemeralGbHour: 0.000111,
  },
  // checked: $0.045/hour and $0.045/GB in us-east-1 (basavytix.com, cloudburn.io NAT gateway guides).
  natGateway: { hour: 0.045, gbProcessed: 0.045 },
  // checked: $0.0225/hour (cal53 ALB calculator table); $0.008 per LCU-hour.
  applicationLoadBalancer: { hour: 0.0225, lcuHour: 0.008 },
  networkLoadBalancer: { hour: 0.0225, nlcuHour: 0.006 },
  // checked: "$0.01/hour per endpoint per AZ, plus $0.01/GB processed" (knbrlo.com).
  interfaceEndpoint: { azHour: 0.01, gbProcessed: 0.01 },
  rdsPostgresHour: {
    // checked: t4g.micro $0.016, small $0.032, medium $0.065 Single-AZ; Multi-AZ exactly double (infratally.com, 2026).
    "db.t4g.micro": 0.016,
    "db.t4g.small": 0.032,
    "db.t4g.medium": 0.065,
    "db.t4g.large": 0.129,
    "db.t3.micro": 0.018,
    "db.t3.small": 0.036,
    "db.t3.medium": 0.072,
    "db.t3.large": 0.145,
    "db.m6g.large": 0.159,
    "db.m6g.xlarge": 0.318,
    "db.m6g.2xlarge": 0.636,
    "db.m7g.large": 0.168,
    "db.m7g.xlarge": 0.336,
    "db.m7g.2xlarge": 0.672,
    "db.r6g.large": 0.225,
    "db.r6g.xlarge": 0.45,
    "db.r6g.2xlarge": 0.9,
    "db.r7g.large": 0.25,
    "db.r7g.xlarge": 0.5,
    "db.r7g.2xlarge": 1.0,
  },
  // checked: gp3 $0.115/GB-month; backup storage beyond 100% of the DB size ~$0.095/GB-month (usage.ai RDS guide, 2026).
  rdsStorage: { generalPurposeGbMonth: 0.115, backupGbMonth: 0.095 },
  aurora: {
    instanceHour: {
      "db.t4g.medium": 0.073,
      "db.t4g.large": 0.146,
      "db.r6g.large": 0.26,
      "db.r6g.xlarge": 0.52,
      "db.r6g.2xlarge": 1.04,
      "db.r7g.large": 0.276,
      "db.r7g.xlarge": 0.552,
      "db.r7g.2xlarge": 1.104,
    },
    // checked: "~$0.12 per ACU-hour (us-east-1)" (c3x.dev, awsnegotiations.com).
    acuHour: 0.12,
    storageGbMonth: 0.1,
    ioPerMillion: 0.2,
    ioOptimizedInstanceFactor: 1.3,
    ioOptimizedStorageGbMonth: 0.225,
    backupGbMonth: 0.021,
  },
  elasticacheNodeHour: {
    "cache.t4g.micro": 0.016,
    "cache.t4g.small": 0.032,
    "cache.t4g.medium": 0.065,
    "cache.t3.micro": 0.017,
    "cache.t3.small": 0.034,
    "cache.t3.medium": 0.068,
    "cache.m6g.large": 0.149,
    "cache.m6g.xlarge": 0.297,
    "cache.m7g.large": 0.158,
    "cache.m7g.xlarge": 0.316,
    "cache.m7g.2xlarge": 0.632,
    "cache.r6g.large": 0.206,
    "cache.r6g.xlarge": 0.411,
    "cache.r7g.large": 0.219,
    "cache.r7g.xlarge": 0.437,
    "cache.r7g.2xlarge": 0.874,
  },
  // First 10 TB to viewers in North America; HTTPS requests.
  cloudfront: { gbOut: 0.085, per10kHttpsRequests: 0.01 },
  apiGateway: { httpPerMillion: 1.0, restPerMillion: 3.5 },
  dynamodb: {
    readRequestUnitsPerMillion: 0.125,
    writeRequestUnitsPerMillion: 0.625,
    readCapacityUnitHour: 0.00013,
    writeCapacityUnitHour: 0.00065,
    storageGbMonth: 0.25,
    pointInTimeRecoveryGbMonth: 0.2,
  },
  // checked: logs ingestion $0.50/GB, dashboards $3 each (factualminds.com CloudWatch pricing, 2026-06).
  cloudwatch: { standardAlarmMetric: 0.1, highResolutionAlarmMetric: 0.3, compositeAlarm: 0.5, dashboard: 3, logIngestionGb: 0.5, logStorageGbMonth: 0.03 },
};

const EU_WEST_1: RegionPrices = {
  ...SAME_EVERYWHERE,
  fargate: {
    // checked: eu-west-1 on-demand $0.04048 vCPU-hour, $0.004445 GB-hour, the us-east-1 rates (tomgregory.com; elasticscale.com's
    // "$32.34/month for 1 vCPU, 1 GB" is the same rates over 720 h). ARM: the us-east-1 ARM rates.
    X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 },
    ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 },
    ephemeralGbHour: 0.000111,
  },
  // checked: "Europe (Ireland, Frankfurt, London) ~$0.048–$0.052" per hour and per GB (cloudpipelines NAT gateway guide, 2026).
  natGateway: { hour: 0.048, gbProcessed: 0.048 },
  // checked: Europe (Ireland) $0.0252/hour (cal53 ALB calculator table); $0.008 per LCU-hour.
  applicationLoadBalancer: { hour: 0.0252, lcuHour: 0.008 },
  networkLoadBalancer: { hour: 0.0252, nlcuHour: 0.006 },
  interfaceEndpoint: { azHour: 0.011, gbProcessed: 0.01 },
  rdsPostgresHour: {
    "db.t4g.micro": 0.018,
    "db.t4g.small": 0.036,
    "db.t4g.medium": 0.072,
    "db.t4g.large": 0.144,
    "db.t3.micro": 0.02,
    "db.t3.small": 0.04,
    "db.t3.medium": 0.08,
    "db.t3.large": 0.16,
    // checked: db.m6g.large $128/month in eu-west-1 = $0.175/hour (gist philmcmahon, eu-west-1 RDS costs).
    "db.m6g.large": 0.175,
    "db.m6g.xlarge": 0.35,
    "db.m6g.2xlarge": 0.7,
    "db.m7g.large": 0.185,
    "db.m7g.xlarge": 0.37,
    "db.m7g.2xlarge": 0.74,
    "db.r6g.large": 0.25,
    "db.r6g.xlarge": 0.5,
    "db.r6g.2xlarge": 1.0,
    "db.r7g.large": 0.275,
    "db.r7g.xlarge": 0.55,
    "db.r7g.2xlarge": 1.1,
  },
  // checked: gp2 100 GB at $12.70/month in eu-west-1 (same gist); gp3 is priced as gp2 per GB.
  rdsStorage: { generalPurposeGbMonth: 0.127, backupGbMonth: 0.095 },
  aurora: {
    instanceHour: {
      "db.t4g.medium": 0.08,
      "db.t4g.large": 0.161,
      "db.r6g.large": 0.29,
      "db.r6g.xlarge": 0.58,
      "db.r6g.2xlarge": 1.16,
      "db.r7g.large": 0.309,
      "db.r7g.xlarge": 0.618,
      "db.r7g.2xlarge": 1.236,
    },
    acuHour: 0.13,
    storageGbMonth: 0.11,
    ioPerMillion: 0.22,
    ioOptimizedInstanceFactor: 1.3,
    ioOptimizedStorageGbMonth: 0.248,
    backupGbMonth: 0.021,
  },
  elasticacheNodeHour: {
    "cache.t4g.micro": 0.018,
    "cache.t4g.small": 0.036,
    "cache.t4g.medium": 0.072,
    "cache.t3.micro": 0.018,
    "cache.t3.small": 0.036,
    "cache.t3.medium": 0.073,
    "cache.m6g.large": 0.166,
    "cache.m6g.xlarge": 0.332,
    "cache.m7g.large": 0.176,
    "cache.m7g.xlarge": 0.352,
    "cache.m7g.2xlarge": 0.704,
    "cache.r6g.large": 0.229,
    "cache.r6g.xlarge": 0.458,
    "cache.r7g.large": 0.243,
    "cache.r7g.xlarge": 0.486,
    "cache.r7g.2xlarge": 0.972,
  },
  // First 10 TB to viewers in Europe; HTTPS requests.
  cloudfront: { gbOut: 0.085, per10kHttpsRequests: 0.012 },
  apiGateway: { httpPerMillion: 1.11, restPerMillion: 3.5 },
  dynamodb: {
    readRequestUnitsPerMillion: 0.1413,
    writeRequestUnitsPerMillion: 0.7065,
    readCapacityUnitHour: 0.000147,
    writeCapacityUnitHour: 0.000735,
    storageGbMonth: 0.283,
    pointInTimeRecoveryGbMonth: 0.2263,
  },
  cloudwatch: { standardAlarmMetric: 0.1, highResolutionAlarmMetric: 0.3, compositeAlarm: 0.5, dashboard: 3, logIngestionGb: 0.57, logStorageGbMonth: 0.03 },
};

export const PRICES: Readonly<Record<string, RegionPrices>> = {
  "eu-west-1": EU_WEST_1,
  "us-east-1": US_EAST_1,
};

export function pricesFor(region: string): RegionPrices | undefined {
  return Object.prototype.hasOwnProperty.call(PRICES, region) ? PRICES[region] : undefined;
}
