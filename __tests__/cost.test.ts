import { spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { AssumptionsError, assumptionsForStack, DEFAULT_ASSUMPTIONS, parseAssumptionsFile, UsageAssumptions } from "../scripts/cost/assumptions";
import { splitTasks } from "../scripts/cost/compute";
import { runsPerMonth } from "../scripts/cost/jobs";
import { estimateLines, estimateStack } from "../scripts/cost/estimate";
import { LineItem, Range } from "../scripts/cost/line-items";
import { HOURS_PER_MONTH, PRICES, stalePriceTables } from "../scripts/cost/prices";
import { coverageOf, ESTIMATORS, NOT_ESTIMATED } from "../scripts/cost/coverage";
import { cacheCapability } from "../modules/cache/capability";
import { FREE_RESOURCE_TYPES } from "../modules/platform/capabilities";
import { compareNetworkModes, interfaceEndpointsFor } from "../scripts/cost/network-modes";
import { Testing } from "cdktf";
import { buildPlatform } from "../modules/platform/platform";
import { parseConfiguration } from "../modules/platform/configuration";
import { synthesizedJson } from "../scripts/reports/synthesize";
import { buildReport, loadStacks, NoSynthesizedStacksError, renderMarkdown, reportJson } from "../scripts/cost/report";

/** Hand-written Terraform JSON, shaped as cdktf writes it: blocks as objects, references as "${type.name.attribute}". */
type Json = Record<string, unknown>;

const P = PRICES["eu-west-1"];
const H = HOURS_PER_MONTH;

/** Usage chosen so that each usage-based line has one obvious driver. */
const USAGE: UsageAssumptions = {
  ...DEFAULT_ASSUMPTIONS,
  requestsPerMonth: 1_000_000,
  gbTransferredPerMonth: 730,
  natGbPerMonth: 50,
  backupDailyChangePercent: 5,
  fargateSpotDiscountPercent: 70,
};

/**
 * The minimal environment: one ARM Fargate service (0.5 vCPU, 1 GB) autoscaled 1..4 with base 1
 * on-demand and on-demand : Spot 1 : 3 beyond it, one NAT gateway and its Elastic IP, an
 * internet-facing ALB in two subnets, a Multi-AZ db.t4g.micro with 20 GB gp3 and 7 days of
 * backups, one alarm and one rotating KMS key.
 */
function minimalStack(region = "eu-west-1", instanceClass = "db.t4g.micro"): Json {
  return {
    provider: { aws: [{ region }] },
    resource: {
      aws_ecs_cluster: { cluster: { name: "acme-test" } },
      aws_ecs_task_definition: {
        api: {
          family: "acme-test-api",
          cpu: "512",
          memory: "1024",
          requires_compatibilities: ["FARGATE"],
          runtime_platform: { cpu_architecture: "ARM64", operating_system_family: "LINUX" },
        },
      },
      aws_ecs_service: {
        api: {
          name: "acme-test-api",
          cluster: "${aws_ecs_cluster.cluster.arn}",
          task_definition: "${aws_ecs_task_definition.api.arn}",
          desired_count: 2,
          capacity_provider_strategy: [
            { base: 1, capacity_provider: "FARGATE", weight: 1 },
            { base: 0, capacity_provider: "FARGATE_SPOT", weight: 3 },
          ],
          network_configuration: { assign_public_ip: false, subnets: ["subnet-a", "subnet-b"] },
        },
      },
      aws_appautoscaling_target: {
        api: {
          service_namespace: "ecs",
          scalable_dimension: "ecs:service:DesiredCount",
          resource_id: "service/${aws_ecs_cluster.cluster.name}/${aws_ecs_service.api.name}",
          min_capacity: 1,
          max_capacity: 4,
        },
      },
      aws_eip: { nat: { domain: "vpc" } },
      aws_nat_gateway: { nat: { allocation_id: "${aws_eip.nat.allocation_id}", subnet_id: "subnet-public-a" } },
      aws_lb: { alb: { load_balancer_type: "application", internal: false, subnets: ["subnet-public-a", "subnet-public-b"] } },
      aws_db_instance: {
        database: {
          engine: "postgres",
          instance_class: instanceClass,
          multi_az: true,
          allocated_storage: 20,
          storage_type: "gp3",
          backup_retention_period: 7,
          performance_insights_enabled: true,
          performance_insights_retention_period: 7,
          manage_master_user_password: true,
        },
      },
      aws_cloudwatch_metric_alarm: { cpu: { metric_name: "CPUUtilization", namespace: "AWS/ECS", period: 60, statistic: "Average", threshold: 90 } },
      aws_kms_key: { key: { enable_key_rotation: true } },
      aws_iam_role: { free: { name: "costs nothing" } },
    },
  };
}

function linesOf(lines: readonly LineItem[], item: string): LineItem[] {
  return lines.filter((line) => line.item === item);
}

function onlyLine(lines: readonly LineItem[], item: string): LineItem {
  const found = linesOf(lines, item);
  if (found.length !== 1) throw new Error(`expected one "${item}" line, found ${found.length}: ${lines.map((line) => line.item).join(", ")}`);
  return found[0];
}

function expectMonthly(line: LineItem, expected: Range): void {
  expect(line.monthly).not.toBeNull();
  expect(line.monthly?.min).toBeCloseTo(expected.min, 6);
  expect(line.monthly?.max).toBeCloseTo(expected.max, 6);
}

const both = (value: number): Range => ({ min: value, max: value });

describe("GIVEN the minimal environment in eu-west-1", () => {
  const lines = estimateLines(minimalStack(), USAGE);

  describe("WHEN its Fargate service is estimated at 1 and 4 tasks", () => {
    // 1 task: the on-demand base. 4 tasks: the base plus 3 split 1 : 3, so 1.75 on-demand and 2.25 Spot.
    const vcpu = 0.5;
    const memoryGb = 1;
    const spotFactor = 1 - USAGE.fargateSpotDiscountPercent / 100;

    it("THEN on-demand vCPU and memory are priced at the ARM rates for 1 and 1.75 tasks", () => {
      expectMonthly(onlyLine(lines, "Fargate vCPU (ARM64, on-demand)"), {
        min: 1 * vcpu * H * P.fargate.ARM64.vcpuHour,
        max: 1.75 * vcpu * H * P.fargate.ARM64.vcpuHour,
      });
      expectMonthly(onlyLine(lines, "Fargate memory (ARM64, on-demand)"), {
        min: 1 * memoryGb * H * P.fargate.ARM64.gbHour,
        max: 1.75 * memoryGb * H * P.fargate.ARM64.gbHour,
      });
    });

    it("THEN Spot is priced at the ARM rates less the Spot discount for 0 and 2.25 tasks", () => {
      const spotVcpu = onlyLine(lines, "Fargate vCPU (ARM64, Spot)");
      expectMonthly(spotVcpu, { min: 0, max: 2.25 * vcpu * H * P.fargate.ARM64.vcpuHour * spotFactor });
      expect(spotVcpu.quantity).toEqual({ min: 0, max: 2.25 * vcpu * H });
      expectMonthly(onlyLine(lines, "Fargate memory (ARM64, Spot)"), { min: 0, max: 2.25 * memoryGb * H * P.fargate.ARM64.gbHour * spotFactor });
    });

    it("THEN tasks without a public IP add no IPv4 line and no x86 line appears", () => {
      expect(linesOf(lines, "Public IPv4 addresses of tasks")).toEqual([]);
      expect(lines.some((line) => line.item.includes("X86_64"))).toBe(false);
    });
  });

  it("THEN the NAT gateway costs its hours and the assumed GB, and its Elastic IP a public IPv4 address", () => {
    expectMonthly(onlyLine(lines, "NAT gateway"), both(H * P.natGateway.hour));
    expectMonthly(onlyLine(lines, "NAT gateway data processed"), both(USAGE.natGbPerMonth * P.natGateway.gbProcessed));
    expectMonthly(onlyLine(lines, "Public IPv4 addresses (Elastic IPs)"), both(H * P.publicIpv4Hour));
  });

  it("THEN the ALB costs its hours, 1 LCU (730 GB a month is 1 GB an hour) and an IPv4 address per subnet", () => {
    expectMonthly(onlyLine(lines, "Application Load Balancer"), both(H * P.applicationLoadBalancer.hour));
    expectMonthly(onlyLine(lines, "ALB capacity units (LCU)"), both(1 * H * P.applicationLoadBalancer.lcuHour));
    expectMonthly(onlyLine(lines, "Public IPv4 addresses of the load balancer"), both(2 * H * P.publicIpv4Hour));
  });

  it("THEN the Multi-AZ db.t4g.micro costs two instances, two copies of 20 GB and the backups beyond the free copy", () => {
    expectMonthly(onlyLine(lines, "RDS postgres db.t4g.micro Multi-AZ"), both(2 * H * P.rdsPostgresHour["db.t4g.micro"]));
    expectMonthly(onlyLine(lines, "RDS storage (gp3)"), both(2 * 20 * P.rdsStorage.generalPurposeGbMonth));
    // 7 days kept: 6 days of 5% of 20 GB beyond the free full copy.
    expectMonthly(onlyLine(lines, "Backup storage beyond the free share"), both(20 * 0.05 * 6 * P.rdsStorage.backupGbMonth));
    expect(linesOf(lines, "Performance Insights retention beyond 7 days")).toEqual([]);
  });

  it("THEN the alarm, the key (and its rotations, after the first year) and RDS's master secret are priced", () => {
    expectMonthly(onlyLine(lines, "CloudWatch alarm metrics (standard resolution)"), both(P.cloudwatch.standardAlarmMetric));
    expectMonthly(onlyLine(lines, "KMS customer managed keys"), both(P.kmsKeyMonth));
    expectMonthly(onlyLine(lines, "KMS rotated key material"), { min: 0, max: 2 * P.kmsRotationMonth });
    expectMonthly(onlyLine(lines, "Secrets Manager secrets"), both(P.secretMonth));
  });

  it("THEN the stack's total is the sum of exactly those lines, and it is complete", () => {
    const fixedCosts =
      H * P.natGateway.hour +
      USAGE.natGbPerMonth * P.natGateway.gbProcessed +
      H * P.publicIpv4Hour +
      H * P.applicationLoadBalancer.hour +
      H * P.applicationLoadBalancer.lcuHour +
      2 * H * P.publicIpv4Hour +
      2 * H * P.rdsPostgresHour["db.t4g.micro"] +
      40 * P.rdsStorage.generalPurposeGbMonth +
      6 * P.rdsStorage.backupGbMonth +
      P.cloudwatch.standardAlarmMetric +
      P.kmsKeyMonth +
      P.secretMonth;
    const arm = P.fargate.ARM64;
    const perTaskOnDemand = (0.5 * arm.vcpuHour + 1 * arm.gbHour) * H;
    const perTaskSpot = perTaskOnDemand * 0.3;
    const estimate = estimateStack("test", minimalStack(), USAGE);
    expect(estimate.total.min).toBeCloseTo(fixedCosts + 1 * perTaskOnDemand, 6);
    expect(estimate.total.max).toBeCloseTo(fixedCosts + 2 * P.kmsRotationMonth + 1.75 * perTaskOnDemand + 2.25 * perTaskSpot, 6);
    expect(estimate).toMatchObject({ stack: "test", region: "eu-west-1", complete: true, unpricedLines: 0 });
  });
});

describe("GIVEN the minimal environment in us-east-1", () => {
  it("THEN the same resources are priced at us-east-1's rates", () => {
    const lines = estimateLines(minimalStack("us-east-1"), USAGE);
    const east = PRICES["us-east-1"];
    expectMonthly(onlyLine(lines, "NAT gateway"), both(H * east.natGateway.hour));
    expectMonthly(onlyLine(lines, "RDS postgres db.t4g.micro Multi-AZ"), both(2 * H * east.rdsPostgresHour["db.t4g.micro"]));
  });
});

describe("GIVEN a database instance class the price table does not have", () => {
  const estimate = estimateStack("test", minimalStack("eu-west-1", "db.x9.huge"), USAGE);
  const instance = onlyLine(estimate.lines, "RDS postgres db.x9.huge Multi-AZ");

  it("THEN its line is reported unpriced, naming the class, never priced as zero", () => {
    expect(instance.monthly).toBeNull();
    expect(instance.unitPrice).toBeNull();
    expect(instance.unpriced).toBe("RDS PostgreSQL db.x9.huge is not in the price table for eu-west-1");
    expect(instance.quantity).toEqual(both(2 * H));
  });

  it("THEN the stack is incomplete and its total leaves the line out", () => {
    const priced = estimateStack("test", minimalStack(), USAGE);
    expect(estimate).toMatchObject({ complete: false, unpricedLines: 1 });
    expect(estimate.total.min).toBeCloseTo(priced.total.min - 2 * H * P.rdsPostgresHour["db.t4g.micro"], 6);
  });
});

describe("GIVEN a region the price table does not have", () => {
  const estimate = estimateStack("test", minimalStack("ap-south-9"), USAGE);

  it("THEN every line is reported unpriced, naming the region and the regions the table has", () => {
    expect(estimate.lines.length).toBeGreaterThan(10);
    for (const line of estimate.lines) {
      expect(line.monthly).toBeNull();
      expect(line.unpriced).toBe(`region ap-south-9 is not in the price table (it has ${Object.keys(PRICES).join(", ")})`);
    }
    expect(estimate).toMatchObject({ region: "ap-south-9", complete: false, total: { min: 0, max: 0 } });
  });
});

describe("GIVEN Aurora Serverless v2, a Valkey cache, a queue with its dead-letter queue and an on-demand table", () => {
  const stack: Json = {
    provider: { aws: [{ region: "eu-west-1" }] },
    resource: {
      aws_rds_cluster: {
        aurora: {
          cluster_identifier: "acme-test-aurora",
          engine: "aurora-postgresql",
          backup_retention_period: 1,
          serverlessv2_scaling_configuration: { min_capacity: 0.5, max_capacity: 4 },
        },
      },
      aws_rds_cluster_instance: { writer: { cluster_identifier: "${aws_rds_cluster.aurora.cluster_identifier}", instance_class: "db.serverless" } },
      aws_elasticache_replication_group: { cache: { engine: "valkey", node_type: "cache.t4g.micro", num_node_groups: 1, replicas_per_node_group: 1 } },
      aws_sqs_queue: {
        dlq: { name: "jobs-dlq" },
        jobs: { name: "jobs", redrive_policy: '{"deadLetterTargetArn":"${aws_sqs_queue.dlq.arn}","maxReceiveCount":5}' },
      },
      aws_dynamodb_table: { table: { billing_mode: "PAY_PER_REQUEST" } },
    },
  };
  const lines = estimateLines(stack, USAGE);

  it("THEN the writer costs its fewest and most ACUs, plus the assumed storage and I/O", () => {
    expectMonthly(onlyLine(lines, "Aurora db.serverless"), { min: 0.5 * H * P.aurora.acuHour, max: 4 * H * P.aurora.acuHour });
    expectMonthly(onlyLine(lines, "Aurora storage"), both(USAGE.auroraStorageGbPerCluster * P.aurora.storageGbMonth));
    expectMonthly(onlyLine(lines, "Aurora I/O requests"), both(USAGE.auroraIoMillionsPerMonth * P.aurora.ioPerMillion));
  });

  it("THEN the cache costs two nodes at the Valkey discount", () => {
    expectMonthly(onlyLine(lines, "ElastiCache valkey cache.t4g.micro"), both(2 * H * P.elasticacheNodeHour["cache.t4g.micro"] * P.valkeyFactor));
  });

  it("THEN the queue costs the assumed requests and its dead-letter queue nothing", () => {
    const [deadLetter, jobs] = linesOf(lines, "SQS standard queue requests");
    expectMonthly(jobs, both((USAGE.sqsRequestsPerQueuePerMonth / 1e6) * P.sqs.standardPerMillion));
    expect(deadLetter).toMatchObject({ address: "aws_sqs_queue.dlq", monthly: { min: 0, max: 0 }, note: "dead-letter queue: assumed idle" });
  });

  it("THEN the table costs the assumed reads, writes and storage", () => {
    expectMonthly(onlyLine(lines, "DynamoDB on-demand reads"), both((USAGE.dynamodbReadsPerTablePerMonth / 1e6) * P.dynamodb.readRequestUnitsPerMillion));
    expectMonthly(onlyLine(lines, "DynamoDB on-demand writes"), both((USAGE.dynamodbWritesPerTablePerMonth / 1e6) * P.dynamodb.writeRequestUnitsPerMillion));
    expectMonthly(onlyLine(lines, "DynamoDB storage"), both(USAGE.dynamodbStorageGbPerTable * P.dynamodb.storageGbMonth));
  });
});

describe("GIVEN a capacity provider strategy", () => {
  const strategy = [
    { provider: "FARGATE", base: 2, weight: 3 },
    { provider: "FARGATE_SPOT", base: 0, weight: 1 },
  ];

  it("THEN the base goes on-demand first and the rest is shared by weight", () => {
    expect(Object.fromEntries(splitTasks(strategy, 1))).toEqual({ FARGATE: 1, FARGATE_SPOT: 0 });
    expect(Object.fromEntries(splitTasks(strategy, 6))).toEqual({ FARGATE: 5, FARGATE_SPOT: 1 });
  });
});

describe("GIVEN an assumptions file", () => {
  it("THEN its top-level fields apply to every stack and its stack entries to one", () => {
    const file = parseAssumptionsFile('{ "requestsPerMonth": 5, "stacks": { "prod": { "natGbPerMonth": 7 } } }', "test.json");
    expect(assumptionsForStack(file, "dev")).toEqual({ ...DEFAULT_ASSUMPTIONS, requestsPerMonth: 5 });
    expect(assumptionsForStack(file, "prod")).toEqual({ ...DEFAULT_ASSUMPTIONS, requestsPerMonth: 5, natGbPerMonth: 7 });
  });

  it("WHEN a field is misspelt or negative THEN it is refused, naming the file", () => {
    expect(() => parseAssumptionsFile('{ "requestPerMonth": 5 }', "test.json")).toThrow(AssumptionsError);
    expect(() => parseAssumptionsFile('{ "stacks": { "dev": { "natGbPerMonth": -1 } } }', "test.json")).toThrow(
      /test.json has 1 problem\(s\):\n {2}- stacks.dev.natGbPerMonth/,
    );
  });
});

/** `npm run cost -- <args>` in a process of its own. */
function cost(args: readonly string[]) {
  return spawnSync(process.execPath, ["--require", "./scripts/register.js", "scripts/cost/main.ts", ...args], { cwd: join(__dirname, ".."), encoding: "utf8" });
}

describe("GIVEN a synthesized output directory laid out as cdktf.out (nothing synthesized)", () => {
  let outDir: string;

  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), "cost-"));
    const write = (stack: string, json: Json) => {
      mkdirSync(join(outDir, "stacks", stack), { recursive: true });
      writeFileSync(join(outDir, "stacks", stack, "cdk.tf.json"), JSON.stringify(json));
    };
    write("prod", minimalStack("eu-west-1", "db.x9.huge"));
    write("dev", minimalStack());
    mkdirSync(join(outDir, "stacks", "not-a-stack"), { recursive: true });
  });

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("THEN every stack with a cdk.tf.json is read, by name", () => {
    expect(loadStacks(outDir).map((stack) => stack.name)).toEqual(["dev", "prod"]);
  });

  it("THEN the report totals the stacks and flags the incomplete one first in the markdown", () => {
    const report = buildReport(loadStacks(outDir), {});
    const [dev, prod] = report.stacks;
    expect(report.total.min).toBeCloseTo(dev.total.min + prod.total.min, 6);
    expect(report.complete).toBe(false);
    const markdown = renderMarkdown(report);
    expect(markdown.indexOf("INCOMPLETE: 1 line(s) could not be priced")).toBeLessThan(markdown.indexOf("## dev (eu-west-1)"));
    expect(markdown).toContain("| RDS postgres db.x9.huge Multi-AZ | database | 1,460 instance-hours | **not priced** | **not priced** |");
    expect(markdown).toContain("| **total, incomplete: 1 line(s) not priced** |");
  });

  it("THEN the JSON report is deterministic, in cents, and keeps unpriced lines as null", () => {
    const first = reportJson(buildReport(loadStacks(outDir), {}));
    expect(reportJson(buildReport(loadStacks(outDir), {}))).toBe(first);
    const parsed = JSON.parse(first) as { stacks: { stack: string; total: Range; lines: LineItem[] }[] };
    expect(parsed.stacks.map((stack) => stack.stack)).toEqual(["dev", "prod"]);
    const devTotal = parsed.stacks[0].total.min;
    expect(Math.round(devTotal * 100) / 100).toBe(devTotal);
    expect(parsed.stacks[1].lines.find((line) => line.item === "RDS postgres db.x9.huge Multi-AZ")?.monthly).toBeNull();
  });

  it("WHEN `npm run cost` reads it THEN it prints the tables and writes cost-report.json there", () => {
    // An empty assumptions file: the defaults, whatever cost-assumptions.json the repository may hold.
    writeFileSync(join(outDir, "assumptions.json"), "{}");
    const run = cost(["--out", outDir, "--assumptions", join(outDir, "assumptions.json")]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("## prod (eu-west-1)");
    expect(readFileSync(join(outDir, "cost-report.json"), "utf8")).toBe(reportJson(buildReport(loadStacks(outDir), {})));
  });

  it("WHEN there is no synthesized output THEN it says to synthesize first and exits 1", () => {
    const missing = join(outDir, "nothing-here");
    expect(() => loadStacks(missing)).toThrow(NoSynthesizedStacksError);
    const run = cost(["--out", missing]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("run npm run synth first");
  });
});

describe("GIVEN a stack holding a resource type the estimator does not know", () => {
  const stack = minimalStack();
  (stack.resource as Json).aws_quantum_ledger = { ledger: { name: "acme" } };
  const estimate = estimateStack("test", stack, USAGE);

  it("THEN it is reported incomplete, with an unpriced line naming the type", () => {
    expect(estimate.complete).toBe(false);
    const line = onlyLine(estimate.lines, "Resources of type aws_quantum_ledger");
    expect(line.monthly).toBeNull();
    expect(line.unpriced).toContain("resource type aws_quantum_ledger is not known to the estimator");
  });

  it("THEN a type listed as not estimated makes it incomplete too, and a type declared free does not", () => {
    expect(coverageOf("aws_lambda_function")).toMatchObject({ status: "not estimated" });
    expect(coverageOf("aws_iam_role")).toEqual({ status: "free" });
    expect(estimateStack("test", minimalStack(), USAGE).complete).toBe(true);
  });

  it("THEN the free types are the ones the capabilities declare: a type no declaration calls free and no estimator prices is unknown", () => {
    // The cache declares its user group free; without that declaration the same type is unknown.
    expect(cacheCapability.freeResourceTypes).toContain("aws_elasticache_user_group");
    expect(coverageOf("aws_elasticache_user_group")).toEqual({ status: "free" });
    const withoutDeclarations = { estimators: ESTIMATORS, free: new Set<string>(), notEstimated: NOT_ESTIMATED };
    expect(coverageOf("aws_elasticache_user_group", withoutDeclarations)).toMatchObject({ status: "unknown" });
    // A type a capability creates but declares priced is unknown until an estimator prices it.
    const withoutEstimators = { estimators: [], free: FREE_RESOURCE_TYPES, notEstimated: NOT_ESTIMATED };
    expect(coverageOf("aws_elasticache_replication_group", withoutEstimators)).toMatchObject({ status: "unknown" });
  });
});

/** Every configuration the repository ships (environments/ and each example), built in memory: stack name → Terraform JSON. */
function shippedStacks(): { readonly name: string; readonly json: unknown }[] {
  const root = join(__dirname, "..");
  const folders = [join(root, "environments"), ...readdirSync(join(root, "examples")).map((name) => join(root, "examples", name)).filter((dir) => existsSync(join(dir, "index.ts")))];
  return folders.flatMap((folder) => {
    const loaded = require(folder) as { bootstrap: unknown; environments: readonly unknown[] };
    const platform = buildPlatform(() => Testing.app(), loaded.bootstrap, loaded.environments);
    const stacks = [["bootstrap", platform.bootstrap] as const, ...platform.accounts.entries(), ...platform.environments.entries()];
    return stacks.map(([name, stack]) => ({ name: `${folder}: ${name}`, json: synthesizedJson(stack) }));
  });
}

describe("GIVEN the shipped and example stacks", () => {
  const stacks = shippedStacks();

  it("THEN every resource type in them is priced or declared free, and each estimate is complete", () => {
    expect(stacks.length).toBeGreaterThan(10);
    const unknown = stacks.flatMap(({ name, json }) => {
      const types = Object.keys((json as { resource?: Record<string, unknown> }).resource ?? {});
      return types.filter((type) => !["priced", "free"].includes(coverageOf(type).status)).map((type) => `${name}: ${type}`);
    });
    expect(unknown).toEqual([]);
    expect(stacks.filter(({ json }) => !estimateStack("s", json, DEFAULT_ASSUMPTIONS).complete).map(({ name }) => name)).toEqual([]);
  });
});

describe("GIVEN the teet example's production (3 AZs, PostgREST from ECR with a database secret)", () => {
  const teet = require(join(__dirname, "..", "examples", "teet")) as { bootstrap: unknown; environments: readonly unknown[] };
  const prod = parseConfiguration(teet.bootstrap, teet.environments).environments.find((config) => config.environment === "prod");
  if (!prod) throw new Error("no teet prod");
  const region = PRICES[prod.region];

  it("THEN the endpoints it would need come from what its service uses", () => {
    expect(interfaceEndpointsFor(prod)).toEqual(["ecr.api", "ecr.dkr", "logs", "secretsmanager"]);
  });

  it("THEN each network mode is priced from its AZs and the traffic assumption", () => {
    const { modes } = compareNetworkModes(prod, region, USAGE);
    const cost = (mode: string) => modes.find((entry) => entry.mode.startsWith(mode))?.monthly;
    const natGateway = H * (region.natGateway.hour + region.publicIpv4Hour);
    expect(cost("NAT gateway per AZ")?.min).toBeCloseTo(3 * natGateway + USAGE.natGbPerMonth * region.natGateway.gbProcessed, 6);
    expect(cost("single NAT")?.min).toBeCloseTo(natGateway + USAGE.natGbPerMonth * region.natGateway.gbProcessed, 6);
    expect(cost("private subnets, endpoints only")?.min).toBeCloseTo(4 * 3 * H * region.interfaceEndpoint.azHour + USAGE.natGbPerMonth * region.interfaceEndpoint.gbProcessed, 6);
  });

  it("WHEN its natStrategy is one the estimator does not know THEN that mode is not estimated, naming it", () => {
    const future = { ...prod, network: { ...prod.network, natStrategy: "satellite" } } as unknown as typeof prod;
    const { modes } = compareNetworkModes(future, region, USAGE);
    expect(modes[modes.length - 1]).toMatchObject({ mode: "natStrategy satellite", monthly: null });
  });
});

describe("GIVEN a service with an off-hours schedule (scheduled actions scaling it to zero and back)", () => {
  const stack = minimalStack();
  (stack.resource as Json).aws_appautoscaling_scheduled_action = {
    night: {
      name: "night",
      service_namespace: "ecs",
      resource_id: "${aws_appautoscaling_target.api.resource_id}",
      scalable_dimension: "ecs:service:DesiredCount",
      schedule: "cron(0 19 ? * MON-FRI *)",
      timezone: "Europe/Dublin",
      scalable_target_action: { min_capacity: 0, max_capacity: 0 },
    },
    morning: {
      name: "morning",
      service_namespace: "ecs",
      resource_id: "${aws_appautoscaling_target.api.resource_id}",
      scalable_dimension: "ecs:service:DesiredCount",
      schedule: "cron(0 7 ? * MON-FRI *)",
      scalable_target_action: { min_capacity: 1, max_capacity: 4 },
    },
  };
  const lines = estimateLines(stack, USAGE);

  it("THEN the saving is the assumed off-hours share of the service's Fargate lines, shown as a negative line", () => {
    const saving = onlyLine(lines, "Off-hours schedule: tasks scaled to zero (saving)");
    const fargate = lines.filter((line) => line.item.startsWith("Fargate"));
    const share = USAGE.offHoursPerWeek / 168;
    expect(saving.monthly?.min).toBeCloseTo(-share * fargate.reduce((sum, line) => sum + (line.monthly?.min ?? 0), 0), 6);
    expect(saving.monthly?.max).toBeCloseTo(-share * fargate.reduce((sum, line) => sum + (line.monthly?.max ?? 0), 0), 6);
  });

  it("THEN without the schedule there is no saving line", () => {
    expect(linesOf(estimateLines(minimalStack(), USAGE), "Off-hours schedule: tasks scaled to zero (saving)")).toEqual([]);
  });
});

describe("GIVEN a scheduled job (EventBridge Scheduler running an ECS task) and a budget", () => {
  const stack: Json = {
    provider: { aws: [{ region: "eu-west-1" }] },
    resource: {
      aws_ecs_task_definition: { report: { family: "report", cpu: "1024", memory: "2048", runtime_platform: { cpu_architecture: "X86_64", operating_system_family: "LINUX" } } },
      aws_scheduler_schedule: {
        hourly: {
          schedule_expression: "rate(1 hour)",
          flexible_time_window: { mode: "OFF" },
          target: { arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/acme", ecs_parameters: { task_definition_arn: "${aws_ecs_task_definition.report.arn}", launch_type: "FARGATE" } },
        },
        nightly: {
          schedule_expression: "cron(0 2 * * ? *)",
          flexible_time_window: { mode: "OFF" },
          target: {
            arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/acme",
            ecs_parameters: { task_definition_arn: "${aws_ecs_task_definition.report.arn}", capacity_provider_strategy: { capacity_provider: "FARGATE_SPOT", weight: 1 } },
          },
        },
      },
      aws_budgets_budget: { monthly: { budget_type: "COST", limit_amount: "100", limit_unit: "USD", time_unit: "MONTHLY" } },
    },
  };
  const lines = estimateLines(stack, USAGE);
  const perTaskHour = 1 * P.fargate.X86_64.vcpuHour + 2 * P.fargate.X86_64.gbHour;

  it("THEN a rate() job runs 730 times a month for jobMinutesPerRun minutes at its task's size", () => {
    const hourly = lines.find((line) => line.address === "aws_scheduler_schedule.hourly");
    expectMonthly(hourly as LineItem, both(((730 * USAGE.jobMinutesPerRun) / 60) * perTaskHour));
  });

  it("THEN a nightly cron job runs once a day (365/12 times a month), on Spot at the Spot discount", () => {
    const nightly = onlyLine(lines, "Job runs (Fargate Spot)");
    expectMonthly(nightly, both((((365 / 12) * USAGE.jobMinutesPerRun) / 60) * perTaskHour * (1 - USAGE.fargateSpotDiscountPercent / 100)));
  });

  it.each([
    ["cron(0 * * * ? *)", 730],
    ["cron(0/15 8-17 ? * MON-FRI *)", 4 * 10 * 5 * (365 / 12 / 7)],
    ["cron(30 6 1,15 * ? *)", 2],
    ["cron(0 3 1 1 ? *)", 1 / 12],
  ])("THEN the cron expression %s runs %d times a month", (expression, runs) => {
    expect(runsPerMonth(expression, USAGE.jobRunsPerMonth).runs).toBeCloseTo(runs);
  });

  it("THEN a cron expression beyond plain fields (the last day, a year) runs jobRunsPerMonth times, and says so", () => {
    for (const expression of ["cron(0 0 L * ? *)", "cron(0 8 * * ? 2027)"]) {
      expect(runsPerMonth(expression, USAGE.jobRunsPerMonth)).toEqual({ runs: USAGE.jobRunsPerMonth, how: `${expression}: jobRunsPerMonth (assumption)` });
    }
  });

  it("THEN the budget costs its daily price over a month (the account's free two taken as used elsewhere)", () => {
    expectMonthly(onlyLine(lines, "AWS Budgets"), both((365 / 12) * P.budgetDay));
    expect(estimateStack("test", stack, USAGE).complete).toBe(true);
  });
});

describe("GIVEN the dated price tables", () => {
  it("THEN every region the brief names is priced, and a table older than six months is flagged", () => {
    for (const region of ["eu-west-1", "us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-north-1", "ap-southeast-1", "ap-northeast-1"]) {
      expect(PRICES[region]).toBeDefined();
    }
    expect(stalePriceTables(["eu-west-1"], "2026-12-07")).toEqual([]);
    expect(stalePriceTables(["eu-west-1", "nowhere-1"], "2027-07-01")).toEqual([{ region: "eu-west-1", compiled: "2026-11-22", days: 221 }]);
  });
});

describe("GIVEN a service held at zero until its secrets have values, behind a regional NAT gateway", () => {
  const stack = minimalStack();
  const resources = stack.resource as Record<string, Record<string, Record<string, unknown>>>;
  resources.aws_ecs_service.api.desired_count = "${length(data.aws_secretsmanager_secret_versions.api-key.versions) > 0 ? 2 : 0}";
  resources.aws_nat_gateway = { regional: { vpc_id: "${aws_vpc.vpc.id}", availability_mode: "regional" } };
  resources.aws_subnet = Object.fromEntries(["a", "b", "c"].map((az) => [`private-${az}`, { availability_zone: `eu-west-1${az}` }]));

  it("WHEN estimated THEN the service is priced at the count it runs once the secrets are set, not at zero", () => {
    const lines = estimateStack("test", stack, USAGE).lines;
    const vcpu = linesOf(lines, "Fargate vCPU (ARM64, on-demand)").concat(linesOf(lines, "Fargate vCPU (ARM64, Spot)"));
    expect(vcpu.reduce((sum, line) => sum + (line.monthly?.min ?? 0), 0)).toBeGreaterThan(0);
  });

  it("WHEN estimated THEN the regional gateway is priced per AZ it is active in", () => {
    const nat = onlyLine(estimateStack("test", stack, USAGE).lines, "NAT gateway");
    expectMonthly(nat, both(3 * H * P.natGateway.hour));
  });
});
