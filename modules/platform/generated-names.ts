/**
 * Names the platform generates from what an environment names: two things of one environment
 * that would get one AWS name (a queue named like another queue's dead-letter queue, a service
 * named like a job's task) fail only at apply, as "already exists", or worse, the second silently
 * takes the first's place. Each name is computed by the helper its construct uses, never re-derived.
 */
import { Capability, GeneratedName } from "../core/capability";
import { SQS_NAMESPACE } from "../core/naming";
import { formatPath } from "../core/problems";
import { jobDeadLetterQueueName, jobTaskName } from "../job/names";
import { oneOffTaskName } from "../service/one-off-task";
import { CAPABILITIES } from "./capabilities";

/**
 * The parts of an environment the names come from, read from the input as written (after tier
 * defaults) rather than the parsed config: so a collision is reported in the same round as any
 * field problem elsewhere. Whatever is not of the right shape is left to the field's own check.
 */
interface NamedParts {
  readonly project: string;
  readonly environment: string;
  /** The environment as written, for the capabilities' own names (each descriptor's `generatedNames`). */
  readonly sections: Readonly<Record<string, unknown>>;
  readonly services: readonly { readonly name: string; readonly tasks: readonly string[] }[];
  readonly jobs: readonly { readonly name: string }[];
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function namedParts(input: unknown): NamedParts {
  const environment = record(input);
  return {
    project: text(environment.project),
    environment: text(environment.environment),
    sections: environment,
    services: list(environment.services).map((service) => ({ name: text(record(service).name), tasks: Object.keys(record(record(service).tasks)) })),
    jobs: list(environment.jobs).map((job) => ({ name: text(record(job).name) })),
  };
}


/** Every generated name claimed twice in one environment: a problem at the later claim's field. */
export function generatedNameProblems(input: unknown): string[] {
  const environment = namedParts(input);
  if (!environment.project || !environment.environment) return [];
  const namePrefix = `${environment.project}-${environment.environment}`;
  const claims = [...capabilityNames(environment, namePrefix), ...jobQueueNames(environment, namePrefix), ...workloadNames(environment, namePrefix)];
  const first = new Map<string, GeneratedName>();
  const problems: string[] = [];
  for (const claim of claims) {
    const key = `${claim.namespace}\u0000${claim.name}`;
    const owner = first.get(key);
    if (!owner) {
      first.set(key, claim);
      continue;
    }
    // The same field twice is one mistake (a job's name claims both its task and its dead-letter queue).
    if (owner.field === claim.field) continue;
    problems.push(
      `environment "${environment.environment}": ${claim.field} is ${JSON.stringify(claim.written)}; expected a name that does not make the ${claim.namespace} ` +
        `${claim.name}, which ${owner.what} (${owner.field}) has already: AWS would refuse the second, or it would replace the first`,
    );
  }
  return problems;
}

/** The names each capability generates from its section (the queues' and their dead-letter queues'), in list order. */
function capabilityNames(environment: NamedParts, namePrefix: string): GeneratedName[] {
  return (CAPABILITIES as readonly Capability[]).flatMap((capability) => [...(capability.generatedNames?.(environment.sections[capability.key], namePrefix) ?? [])]);
}

/** Each job's dead-letter queue, in the SQS namespace the queues' names are in. */
function jobQueueNames(environment: NamedParts, namePrefix: string): GeneratedName[] {
  const namespace = SQS_NAMESPACE;
  return environment.jobs.flatMap((job, index) =>
    job.name
      ? [
          {
            namespace,
            name: jobDeadLetterQueueName(namePrefix, job.name),
            field: formatPath(["jobs", index, "name"]),
            written: job.name,
            what: `job "${job.name}"'s dead-letter queue`,
          },
        ]
      : []
  );
}

/**
 * ECS task definition families and IAM role names ("<prefix>-<workload>", "<prefix>-<workload>-task",
 * "-execution"): a service's, each of its one-off tasks', and each job's.
 */
function workloadNames(environment: NamedParts, namePrefix: string): GeneratedName[] {
  const namespace = "task definition family (and IAM role names)";
  const services = environment.services.flatMap((service, index) =>
    !service.name
      ? []
      : [
          {
            namespace,
            name: `${namePrefix}-${service.name}`,
            field: formatPath(["services", index, "name"]),
            written: service.name,
            what: `service "${service.name}"`,
          },
          ...service.tasks.map((task) => ({
            namespace,
            name: `${namePrefix}-${oneOffTaskName(service.name, task)}`,
            field: formatPath(["services", index, "tasks", task]),
            written: task,
            what: `one-off task "${task}" of service "${service.name}"`,
          })),
        ]
  );
  const jobs = environment.jobs.flatMap((job, index) =>
    !job.name
      ? []
      : [
          {
            namespace,
            name: `${namePrefix}-${jobTaskName(job.name)}`,
            field: formatPath(["jobs", index, "name"]),
            written: job.name,
            what: `job "${job.name}"`,
          },
        ]
  );
  return [...services, ...jobs];
}
