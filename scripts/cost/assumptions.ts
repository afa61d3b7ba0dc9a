/**
 * Usage the synthesized JSON cannot tell: traffic, log volume, requests. Every usage-based line of
 * the estimate multiplies one of these by a price, and the report prints the values it used.
 *
 * Override any of them in `cost-assumptions.json` at the repository root, or in the file given with
 * `npm run cost -- --assumptions <file>`. Top-level fields apply to every stack; `stacks.<name>`
 * overrides them for one stack. Unknown fields are an error, so a misspelt one is not ignored:
 *
 * ```json
 * {
 *   "requestsPerMonth": 20000000,
 *   "logGroupGbPerMonth": { "/aws/vpc-flow-log/acme-prod": 30 },
 *   "stacks": { "dev": { "requestsPerMonth": 100000, "natGbPerMonth": 5 } }
 * }
 * ```
 */
import { existsSync, readFileSync } from "fs";
import { z } from "zod";

const amount = z.number().finite().nonnegative();

const assumptionFields = {
  /** Requests a month to each load balancer, CloudFront distribution, API and web ACL. */
  requestsPerMonth: amount,
  /** GB a month each load balancer and CloudFront distribution serves. */
  gbTransferredPerMonth: amount,
  /** GB a month through all of a stack's NAT gateways together, spread evenly over them. */
  natGbPerMonth: amount,
  /** GB a month through each interface VPC endpoint. */
  endpointGbPerMonth: amount,
  /** GB a month written to each log group without an entry in logGroupGbPerMonth. */
  logGbPerGroupPerMonth: amount,
  /** GB a month written to a log group, by its name: for the few groups that carry most of the volume. */
  logGroupGbPerMonth: z.record(z.string(), amount),
  /** Requests a month to each queue (a dead-letter queue is assumed idle). */
  sqsRequestsPerQueuePerMonth: amount,
  /** Read and write request units a month, and GB stored, per on-demand DynamoDB table. */
  dynamodbReadsPerTablePerMonth: amount,
  dynamodbWritesPerTablePerMonth: amount,
  dynamodbStorageGbPerTable: amount,
  /** GB stored and million I/O requests a month per Aurora cluster. */
  auroraStorageGbPerCluster: amount,
  auroraIoMillionsPerMonth: amount,
  /** Share of a database that changes each day, percent: what each retained daily backup adds beyond the first full copy. */
  backupDailyChangePercent: amount.max(100),
  /** Fargate Spot discount on the on-demand price, percent (AWS: "up to 70%"; Spot prices move). */
  fargateSpotDiscountPercent: amount.max(100),
  /** Dashboards to take as free: AWS gives 3 per account, shared by every stack of the account. */
  freeDashboards: z.number().int().nonnegative(),
  /** GB stored in each S3 bucket (logs, the static frontend, ...), all versions. */
  s3GbPerBucket: amount,
  /** GB of images kept in each ECR repository. */
  ecrGbPerRepository: amount,
  /** Messages published to each SNS topic a month (alarm notifications: few). */
  snsPublishesPerTopicPerMonth: amount,
  /** GB a month each vended log delivery to S3 writes (VPC flow logs to S3, CloudFront standard logs). */
  vendedLogGbPerDeliveryPerMonth: amount,
  /**
   * Hours a week a service with an off-hours schedule (scheduled scaling actions to zero tasks)
   * runs no task: 108 is nights and weekends outside 07:00–19:00 on weekdays.
   */
  offHoursPerWeek: amount.max(168),
  /** Runs a month of a scheduled job whose cron expression the estimator cannot count (L, W, #, a year); rate(), at() and plain cron fields are counted. */
  jobRunsPerMonth: amount,
  /** Minutes each run of a scheduled job's task takes (Fargate bills a minute at least). */
  jobMinutesPerRun: amount,
  /** Budgets to take as free: AWS gives 2 per account, shared by every stack of the account. */
  freeBudgets: z.number().int().nonnegative(),
};

export const assumptionsSchema = z.strictObject(assumptionFields);
export type UsageAssumptions = z.infer<typeof assumptionsSchema>;

const fileSchema = z.strictObject({
  ...Object.fromEntries(Object.entries(assumptionFields).map(([key, schema]) => [key, schema.optional()])),
  stacks: z.record(z.string(), assumptionsSchema.partial()).optional(),
}) as unknown as z.ZodType<AssumptionsFile>;

export type AssumptionOverrides = Partial<UsageAssumptions>;
export interface AssumptionsFile extends AssumptionOverrides {
  readonly stacks?: Readonly<Record<string, AssumptionOverrides>>;
}

export const DEFAULT_ASSUMPTIONS: UsageAssumptions = {
  requestsPerMonth: 10_000_000,
  gbTransferredPerMonth: 100,
  natGbPerMonth: 100,
  endpointGbPerMonth: 10,
  logGbPerGroupPerMonth: 1,
  logGroupGbPerMonth: {},
  sqsRequestsPerQueuePerMonth: 1_000_000,
  dynamodbReadsPerTablePerMonth: 5_000_000,
  dynamodbWritesPerTablePerMonth: 1_000_000,
  dynamodbStorageGbPerTable: 1,
  auroraStorageGbPerCluster: 20,
  auroraIoMillionsPerMonth: 10,
  backupDailyChangePercent: 5,
  fargateSpotDiscountPercent: 70,
  freeDashboards: 0,
  s3GbPerBucket: 1,
  ecrGbPerRepository: 1,
  snsPublishesPerTopicPerMonth: 10_000,
  vendedLogGbPerDeliveryPerMonth: 1,
  offHoursPerWeek: 108,
  jobRunsPerMonth: 30,
  jobMinutesPerRun: 5,
  freeBudgets: 0,
};

/** The file's problems, one per line, naming the field. */
export class AssumptionsError extends Error {}

export function parseAssumptionsFile(text: string, origin: string): AssumptionsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AssumptionsError(`${origin} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join(".") || "(file)"}: ${issue.message}`);
  throw new AssumptionsError(`${origin} has ${lines.length} problem(s):\n${lines.join("\n")}`);
}

/** The file named by `--assumptions`, else `cost-assumptions.json` in `root` if it exists, else none. */
export function readAssumptionsFile(explicitPath: string | undefined, defaultPath: string): AssumptionsFile {
  if (explicitPath !== undefined) {
    if (!existsSync(explicitPath)) throw new AssumptionsError(`assumptions file ${explicitPath} does not exist`);
    return parseAssumptionsFile(readFileSync(explicitPath, "utf8"), explicitPath);
  }
  return existsSync(defaultPath) ? parseAssumptionsFile(readFileSync(defaultPath, "utf8"), defaultPath) : {};
}

/** Defaults, then the file's top-level fields: what every stack without an entry of its own uses. */
export function sharedAssumptions(file: AssumptionsFile): UsageAssumptions {
  const { stacks: _stacks, ...shared } = file;
  return { ...DEFAULT_ASSUMPTIONS, ...shared };
}

/** Defaults, then the file's top-level fields, then its entry for this stack. */
export function assumptionsForStack(file: AssumptionsFile, stack: string): UsageAssumptions {
  return { ...sharedAssumptions(file), ...(file.stacks?.[stack] ?? {}) };
}
