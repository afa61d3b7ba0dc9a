/** A scheduled job: a task the scheduler starts on a cron or rate schedule. Not a service: no desired count, no load balancer. */
import { bool, listOf, matching, oneOf, oneOfNumbers, Problems, strict, textWhere, whole, z } from "../core/schema";
import { describeFargateSizes, FARGATE_CPU_VALUES, isValidFargateSize } from "../service/fargate";
import { CPU_ARCHITECTURES, externalImageSchema, policyStatementSchema, SECRETS_MANAGER_ARN, SSM_PARAMETER_ARN } from "../service/schema";

const JOB_NAME_PATTERN = /^[a-z](?:[a-z0-9]|-(?!-)){0,14}[a-z0-9]$|^[a-z]$/;
const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * EventBridge Scheduler's recurring expressions: rate(1 minute|hour|day), rate(<n> minutes|hours|days) or a
 * six-field cron(minutes hours day-of-month month day-of-week year).
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
const RATE_PATTERN = /^rate\((?:1 (?:minute|hour|day)|(?:[2-9]|[1-9]\d+) (?:minutes|hours|days))\)$/;
const CRON_PATTERN = /^cron\((?:\S+ ){5}\S+\)$/;
/** An IANA time zone name such as Europe/Berlin, or UTC. */
const TIME_ZONE_PATTERN = /^(?:UTC|[A-Z][A-Za-z_-]+(?:\/[A-Za-z0-9_+-]+){1,2})$/;

/** A job runs the image of one of the environment's services (its current release), or an image by URI. */
export const serviceImageSchema = strict({
  source: z.literal("service"),
  /** The service whose image (repository and release tag) the job runs. No default. */
  service: z.string({ error: "the name of a service of this environment" }),
});

export const jobScheduleSchema = strict({
  /** e.g. "cron(0 8 * * ? *)" (08:00 daily) or "rate(15 minutes)". No default. */
  expression: textWhere(
    (expression) => RATE_PATTERN.test(expression) || CRON_PATTERN.test(expression),
    'a schedule such as "rate(15 minutes)" or "cron(0 8 * * ? *)" (six fields: minutes hours day-of-month month day-of-week year)',
  ),
  /** Time zone the cron expression is read in, e.g. "Europe/Berlin"; daylight saving is followed. Default: "UTC". */
  timeZone: matching(TIME_ZONE_PATTERN, 'an IANA time zone such as "Europe/Berlin", or "UTC"').default("UTC"),
  /** Minutes the scheduler may start a run late, to spread load. Default: 0 (on time). */
  flexibleWindowMinutes: whole(0, 1440, "a whole number of minutes").default(0),
});

/** What the scheduler does when it cannot start a run (RunTask refused or throttled). */
export const jobRetrySchema = strict({
  /** Further attempts before the run goes to the dead-letter queue. Default: 2. */
  maximumRetryAttempts: whole(0, 185, "a whole number of attempts").default(2),
  /** Seconds after the scheduled time an attempt may still start. Default: 3600. */
  maximumEventAgeInSeconds: whole(60, 86400, "a whole number of seconds").default(3600),
});

/** The fields of a job. The platform adds `uses`, as for services. */
export const jobFields = {
  /** Job name, unique among the environment's jobs: 1-16 chars of a-z, 0-9, '-'. No default. */
  name: matching(JOB_NAME_PATTERN, "1-16 characters of a-z, 0-9 and single '-', starting with a letter and not ending with '-'"),
  /** The image: a service's ({ source: "service", service }) or a URI. No default. */
  image: z.discriminatedUnion("source", [serviceImageSchema, externalImageSchema], {
    error: '{ source: "service", service } or { source: "uri", uri }',
  }),
  /** Command that replaces the image's. Default: the image's own. */
  command: listOf(z.string({ error: "text" })).min(1).optional(),
  /** When it runs. No default. */
  schedule: jobScheduleSchema,
  /** Retries of a run the scheduler could not start. Default: 2 retries within an hour. */
  retry: jobRetrySchema.prefault({}),
  /** Task CPU units. Default: 256. */
  cpu: oneOfNumbers(FARGATE_CPU_VALUES, describeFargateSizes(undefined)).default(256),
  /** Task memory in MiB, a combination Fargate accepts for `cpu`. Default: 512. */
  memory: z.number().int().default(512),
  /** CPU architecture of a URI image; a service's image runs on that service's. Default: "X86_64". */
  cpuArchitecture: oneOf(CPU_ARCHITECTURES).default("X86_64"),
  /** Plain environment variables; never secrets. Default: none. */
  environment: z.record(matching(VARIABLE_NAME_PATTERN, "a variable name"), z.string({ error: "text" })).default({}),
  /** Secrets as Secrets Manager or SSM parameter ARNs, by variable name. Default: none. */
  secrets: z
    .record(
      matching(VARIABLE_NAME_PATTERN, "a variable name"),
      textWhere((arn) => SECRETS_MANAGER_ARN.test(arn) || SSM_PARAMETER_ARN.test(arn), "a Secrets Manager secret ARN or an SSM parameter ARN"),
    )
    .default({}),
  /** Mount the root filesystem read-only (a job writes what it produces elsewhere). Default: true. */
  readonlyRootFilesystem: bool().default(true),
  /** Writable empty directories for a read-only root, e.g. ["/tmp"]. Default: none. */
  scratchPaths: listOf(matching(/^\/[A-Za-z0-9._\-/]{0,254}$/, "an absolute path such as /tmp")).default([]),
  /** Permissions of the job's task role. Default: none (an empty role). */
  taskRolePolicyStatements: listOf(policyStatementSchema).default([]),
  /**
   * Skip a run while a task of this job still runs (the scheduler then starts a small Step
   * Functions workflow that checks before it starts the task). Default: false, in every tier: a
   * run that hangs would hold back every later one, so a job opts in once it is known to end;
   * without it, a job must be safe to overlap.
   */
  skipIfRunning: bool().default(false),
  /** Run on Fargate Spot. Default: `deployments.jobsOnSpot` (on outside production). */
  spot: bool().optional(),
};

const jobSettingsSchema = strict(jobFields);
export type JobSettings = z.output<typeof jobSettingsSchema>;

/** The rules that relate a job's own fields. */
export function checkJob(job: JobSettings, problems: Problems): void {
  problems.check(isValidFargateSize(job.cpu, job.memory), "memory", describeFargateSizes(job.cpu));
}
