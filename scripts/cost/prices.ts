/**
 * Public on-demand list prices, USD, for the regions the shipped environments and examples use.
 *
 * Each region's table is dated (DATED_PRICES: eu-west-1 and us-east-1 compiled on PRICE_TABLE_DATE,
 * the others on ADDED_REGIONS), and the report warns about a table older than STALE_AFTER_DAYS.
 * Compiled from the AWS pricing pages named in PRICE_TABLE_SOURCE. Each
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
  "https://aws.amazon.com/s3/pricing/",
  "https://aws.amazon.com/ecr/pricing/",
  "https://aws.amazon.com/sns/pricing/",
  "https://aws.amazon.com/cloud-map/pricing/",
  "https://aws.amazon.com/systems-manager/pricing/",
  "https://aws.amazon.com/eventbridge/pricing/",
  "https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/",
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
  readonly cloudfront: { readonly gbOut: number; readonly per10kHttpsRequests: number; readonly functionPerMillion: number };
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
    /** Vended logs (flow logs, CloudFront standard logs v2) delivered to S3, per GB (first 10 TB). */
    readonly vendedLogsToS3Gb: number;
  };
  readonly kmsKeyMonth: number;
  /** Rotated keys: each of the first two rotations adds this per month (later rotations are free). */
  readonly kmsRotationMonth: number;
  readonly secretMonth: number;
  readonly waf: { readonly webAclMonth: number; readonly ruleMonth: number; readonly perMillionRequests: number };
  /** Hosted zones, including the private zone of a Cloud Map DNS namespace (first 25 per account). */
  readonly hostedZoneMonth: number;
  /** S3 Standard, first 50 TB, per GB-month. */
  readonly s3StandardGbMonth: number;
  readonly ecrGbMonth: number;
  readonly snsPerMillion: number;
  /** Cloud Map, per registered instance a month. */
  readonly cloudMapInstanceMonth: number;
  readonly ssmAdvancedParameterMonth: number;
  /** EventBridge Scheduler invocations beyond the free 14 million a month. */
  readonly schedulerPerMillion: number;
  /** Step Functions Standard workflows, per 1,000 state transitions beyond the free 4,000 a month. */
  readonly stepFunctionsPerThousandTransitions: number;
  /** AWS Budgets, per budget a day beyond the account's first two (budgets without actions). */
  readonly budgetDay: number;
}

/** A region's prices with the day they were compiled; a table older than STALE_AFTER_DAYS is flagged in the report. */
export interface DatedRegionPrices {
  readonly compiled: string;
  readonly prices: RegionPrices;
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
  // checked: ECR "$0.10 per GB-month" (aws.amazon.com/ecr/pricing, quoted by vantage.sh); SNS $0.50 per million publishes
  // after the first million (aws.amazon.com/sns/pricing); Cloud Map $0.10 per registered resource a month; SSM advanced
  // parameters $0.05 a month (aws.amazon.com/systems-manager/pricing); Scheduler $1.00 per million invocations after 14 million.
  ecrGbMonth: 0.1,
  snsPerMillion: 0.5,
  cloudMapInstanceMonth: 0.1,
  ssmAdvancedParameterMonth: 0.05,
  schedulerPerMillion: 1,
  // checked: Standard workflows "$0.0250" per 1,000 state transitions in every region of this table (aws.amazon.com/step-functions/pricing).
  stepFunctionsPerThousandTransitions: 0.025,
  // checked: "Your first two active budgets are free of charge. Each additional active budget costs $0.02 per day"
  // (docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/budgets-managing-costs.html).
  budgetDay: 0.02,
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
  // First 10 TB to viewers in North America; HTTPS requests; CloudFront Functions $0.10 per million invocations.
  cloudfront: { gbOut: 0.085, per10kHttpsRequests: 0.01, functionPerMillion: 0.1 },
  s3StandardGbMonth: 0.023,
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
  cloudwatch: {
    standardAlarmMetric: 0.1,
    highResolutionAlarmMetric: 0.3,
    compositeAlarm: 0.5,
    dashboard: 3,
    logIngestionGb: 0.5,
    logStorageGbMonth: 0.03,
    // unchecked: vended logs delivered to S3 $0.25 per GB (first 10 TB).
    vendedLogsToS3Gb: 0.25,
  },
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
  cloudfront: { gbOut: 0.085, per10kHttpsRequests: 0.012, functionPerMillion: 0.1 },
  s3StandardGbMonth: 0.023,
  apiGateway: { httpPerMillion: 1.11, restPerMillion: 3.5 },
  dynamodb: {
    readRequestUnitsPerMillion: 0.1413,
    writeRequestUnitsPerMillion: 0.7065,
    readCapacityUnitHour: 0.000147,
    writeCapacityUnitHour: 0.000735,
    storageGbMonth: 0.283,
    pointInTimeRecoveryGbMonth: 0.2263,
  },
  cloudwatch: {
    standardAlarmMetric: 0.1,
    highResolutionAlarmMetric: 0.3,
    compositeAlarm: 0.5,
    dashboard: 3,
    logIngestionGb: 0.57,
    logStorageGbMonth: 0.03,
    vendedLogsToS3Gb: 0.25,
  },
};


/**
 * Instance-class tables of a region whose per-class prices were not compiled one by one: the
 * us-east-1 class prices times the region's ratio. UNCHECKED: a reading of the AWS pages' usual
 * regional premium, not a per-class figure; check the classes you use before relying on them.
 */
function scaledClasses(table: Readonly<Record<string, number>>, factor: number): Readonly<Record<string, number>> {
  return Object.fromEntries(Object.entries(table).map(([name, hourly]) => [name, Math.round(hourly * factor * 10_000) / 10_000]));
}

interface RegionalFactors {
  /** RDS, Aurora and ElastiCache node prices relative to us-east-1. */
  readonly classes: number;
  /** DynamoDB, Aurora storage and I/O, RDS storage relative to us-east-1. */
  readonly storage: number;
}

/** A region priced from its own headline figures (given) and us-east-1's class tables scaled by its factors (unchecked). */
function regionFrom(base: RegionPrices, factors: RegionalFactors, own: Partial<RegionPrices> & Pick<RegionPrices, "fargate" | "natGateway">): RegionPrices {
  const storage = (value: number) => Math.round(value * factors.storage * 1e6) / 1e6;
  return {
    ...base,
    rdsPostgresHour: scaledClasses(base.rdsPostgresHour, factors.classes),
    rdsStorage: { generalPurposeGbMonth: storage(base.rdsStorage.generalPurposeGbMonth), backupGbMonth: base.rdsStorage.backupGbMonth },
    aurora: {
      ...base.aurora,
      instanceHour: scaledClasses(base.aurora.instanceHour, factors.classes),
      acuHour: storage(base.aurora.acuHour),
      storageGbMonth: storage(base.aurora.storageGbMonth),
      ioPerMillion: storage(base.aurora.ioPerMillion),
      ioOptimizedStorageGbMonth: storage(base.aurora.ioOptimizedStorageGbMonth),
    },
    elasticacheNodeHour: scaledClasses(base.elasticacheNodeHour, factors.classes),
    dynamodb: {
      readRequestUnitsPerMillion: storage(base.dynamodb.readRequestUnitsPerMillion),
      writeRequestUnitsPerMillion: storage(base.dynamodb.writeRequestUnitsPerMillion),
      readCapacityUnitHour: storage(base.dynamodb.readCapacityUnitHour),
      writeCapacityUnitHour: storage(base.dynamodb.writeCapacityUnitHour),
      storageGbMonth: storage(base.dynamodb.storageGbMonth),
      pointInTimeRecoveryGbMonth: storage(base.dynamodb.pointInTimeRecoveryGbMonth),
    },
    ...own,
  };
}

// US East (Ohio) and US West (Oregon) price like N. Virginia for everything priced here.
// checked: NAT "$0.045 per NAT Gateway-hour" and "$0.045 per GB" in us-east-1 and us-east-2 (rajesh.medampudi.com NAT guide);
// cloudpipelines' regional table gives ~$0.045 for US West (Oregon). Fargate: AWS prices us-east-1, us-east-2, us-west-2
// and eu-west-1 alike (aws.amazon.com/jp/fargate/pricing lists the four regions under one rate). The rest: unchecked.
const US_EAST_2: RegionPrices = US_EAST_1;
const US_WEST_2: RegionPrices = US_EAST_1;

const EU_CENTRAL_1: RegionPrices = regionFrom(US_EAST_1, { classes: 1.17, storage: 1.15 }, {
  // unchecked: Frankfurt Fargate $0.04656 vCPU-hour, $0.00511 GB-hour (x86), ARM at 80% of x86.
  fargate: { X86_64: { vcpuHour: 0.04656, gbHour: 0.00511 }, ARM64: { vcpuHour: 0.03725, gbHour: 0.00409 }, ephemeralGbHour: 0.000122 },
  // checked: "Europe (Ireland, Frankfurt, London) ~$0.048–$0.052" (cloudpipelines NAT guide); Frankfurt is the top of that range.
  natGateway: { hour: 0.052, gbProcessed: 0.052 },
  // unchecked: ALB $0.027 an hour, LCU $0.008; NLB likewise.
  applicationLoadBalancer: { hour: 0.027, lcuHour: 0.008 },
  networkLoadBalancer: { hour: 0.027, nlcuHour: 0.006 },
  interfaceEndpoint: { azHour: 0.012, gbProcessed: 0.01 },
  cloudfront: { gbOut: 0.085, per10kHttpsRequests: 0.012, functionPerMillion: 0.1 },
  apiGateway: { httpPerMillion: 1.2, restPerMillion: 3.7 },
  s3StandardGbMonth: 0.0245,
  cloudwatch: { ...US_EAST_1.cloudwatch, logIngestionGb: 0.63, logStorageGbMonth: 0.0324, vendedLogsToS3Gb: 0.25 },
});

const EU_NORTH_1: RegionPrices = regionFrom(US_EAST_1, { classes: 1.06, storage: 1.05 }, {
  // unchecked: Stockholm Fargate $0.0445 vCPU-hour, $0.00488 GB-hour (x86), ARM at 80% of x86.
  fargate: { X86_64: { vcpuHour: 0.0445, gbHour: 0.00488 }, ARM64: { vcpuHour: 0.0356, gbHour: 0.0039 }, ephemeralGbHour: 0.000111 },
  // unchecked: NAT $0.046 an hour and per GB.
  natGateway: { hour: 0.046, gbProcessed: 0.046 },
  applicationLoadBalancer: { hour: 0.0239, lcuHour: 0.0076 },
  networkLoadBalancer: { hour: 0.0239, nlcuHour: 0.0057 },
  interfaceEndpoint: { azHour: 0.011, gbProcessed: 0.01 },
  cloudfront: { gbOut: 0.085, per10kHttpsRequests: 0.012, functionPerMillion: 0.1 },
  apiGateway: { httpPerMillion: 1.11, restPerMillion: 3.5 },
  s3StandardGbMonth: 0.023,
  cloudwatch: { ...US_EAST_1.cloudwatch, logIngestionGb: 0.5, logStorageGbMonth: 0.0315, vendedLogsToS3Gb: 0.25 },
});

const AP_SOUTHEAST_1: RegionPrices = regionFrom(US_EAST_1, { classes: 1.28, storage: 1.1 }, {
  // unchecked: Singapore Fargate $0.05056 vCPU-hour, $0.00553 GB-hour (x86), ARM at 80% of x86.
  fargate: { X86_64: { vcpuHour: 0.05056, gbHour: 0.00553 }, ARM64: { vcpuHour: 0.04045, gbHour: 0.00442 }, ephemeralGbHour: 0.000125 },
  // checked: "ap-southeast-1 (Singapore) is $0.059/hr and $0.059/GB" (basavytix.com NAT gateway pricing).
  natGateway: { hour: 0.059, gbProcessed: 0.059 },
  applicationLoadBalancer: { hour: 0.0252, lcuHour: 0.008 },
  networkLoadBalancer: { hour: 0.0252, nlcuHour: 0.006 },
  interfaceEndpoint: { azHour: 0.013, gbProcessed: 0.01 },
  // Viewers in Asia: CloudFront's Singapore tier.
  cloudfront: { gbOut: 0.12, per10kHttpsRequests: 0.012, functionPerMillion: 0.1 },
  apiGateway: { httpPerMillion: 1.25, restPerMillion: 3.5 },
  s3StandardGbMonth: 0.025,
  cloudwatch: { ...US_EAST_1.cloudwatch, logIngestionGb: 0.67, logStorageGbMonth: 0.033, vendedLogsToS3Gb: 0.25 },
});

const AP_NORTHEAST_1: RegionPrices = regionFrom(US_EAST_1, { classes: 1.28, storage: 1.1 }, {
  // unchecked: Tokyo Fargate $0.05056 vCPU-hour, $0.00553 GB-hour (x86), ARM at 80% of x86 (AWS's Japanese pricing page
  // showed Tokyo at 1.25× the US rate when both were last listed together).
  fargate: { X86_64: { vcpuHour: 0.05056, gbHour: 0.00553 }, ARM64: { vcpuHour: 0.04045, gbHour: 0.00442 }, ephemeralGbHour: 0.000125 },
  // checked: "In ap-northeast-1, it costs $0.062 per hour ... data processing charge ... $0.062 per GB" (awsi.click NAT gateway costs).
  natGateway: { hour: 0.062, gbProcessed: 0.062 },
  // checked: ALB and NLB $0.0243 an hour, LCU $0.008, NLCU $0.006 in Tokyo (aws.darcy-it.com ELB costs, a Japanese summary).
  applicationLoadBalancer: { hour: 0.0243, lcuHour: 0.008 },
  networkLoadBalancer: { hour: 0.0243, nlcuHour: 0.006 },
  interfaceEndpoint: { azHour: 0.014, gbProcessed: 0.01 },
  cloudfront: { gbOut: 0.114, per10kHttpsRequests: 0.012, functionPerMillion: 0.1 },
  apiGateway: { httpPerMillion: 1.29, restPerMillion: 4.25 },
  s3StandardGbMonth: 0.025,
  // checked: ingestion "$0.76 per GB in ap-northeast-1", storage "$0.033 per GB per month" (awsi.click CloudWatch Logs costs);
  // vended logs to S3 $0.38 per GB up to 10 TB, about 1.5× N. Virginia's (tech.enechange.co.jp, on WAF log delivery).
  cloudwatch: { ...US_EAST_1.cloudwatch, logIngestionGb: 0.76, logStorageGbMonth: 0.033, vendedLogsToS3Gb: 0.38 },
});

/** The day the regions first priced here were compiled, and the day the others were added. */
const FIRST_TABLE = PRICE_TABLE_DATE;
const ADDED_REGIONS = "2026-12-07";

export const DATED_PRICES: Readonly<Record<string, DatedRegionPrices>> = {
  "ap-northeast-1": { compiled: ADDED_REGIONS, prices: AP_NORTHEAST_1 },
  "ap-southeast-1": { compiled: ADDED_REGIONS, prices: AP_SOUTHEAST_1 },
  "eu-central-1": { compiled: ADDED_REGIONS, prices: EU_CENTRAL_1 },
  "eu-north-1": { compiled: ADDED_REGIONS, prices: EU_NORTH_1 },
  "eu-west-1": { compiled: FIRST_TABLE, prices: EU_WEST_1 },
  "us-east-1": { compiled: FIRST_TABLE, prices: US_EAST_1 },
  "us-east-2": { compiled: ADDED_REGIONS, prices: US_EAST_2 },
  "us-west-2": { compiled: ADDED_REGIONS, prices: US_WEST_2 },
};

export const PRICES: Readonly<Record<string, RegionPrices>> = Object.fromEntries(Object.entries(DATED_PRICES).map(([region, dated]) => [region, dated.prices]));

export function pricesFor(region: string): RegionPrices | undefined {
  return Object.prototype.hasOwnProperty.call(PRICES, region) ? PRICES[region] : undefined;
}

/** Prices change: a region's table older than this is flagged in the report. */
export const STALE_AFTER_DAYS = 183;

/** Whole days from a table's compile date to `today` (YYYY-MM-DD both). */
export function ageInDays(compiled: string, today: string): number {
  return Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${compiled}T00:00:00Z`)) / 86_400_000);
}

/** The regions of `regions` whose price table is older than STALE_AFTER_DAYS on `today`, with their dates. */
export function stalePriceTables(regions: readonly string[], today: string): { readonly region: string; readonly compiled: string; readonly days: number }[] {
  return [...new Set(regions)]
    .sort()
    .flatMap((region) => {
      const dated = Object.prototype.hasOwnProperty.call(DATED_PRICES, region) ? DATED_PRICES[region] : undefined;
      if (!dated) return [];
      const days = ageInDays(dated.compiled, today);
      return days > STALE_AFTER_DAYS ? [{ region, compiled: dated.compiled, days }] : [];
    });
}
