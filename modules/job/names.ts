/** The names a job's resources take, for the construct and for the checks that compare generated names. */
import { sqsName } from "../core/naming";

/** The job's task: its task definition family and IAM roles are "<namePrefix>-job-<name>[-task|-execution]". */
export function jobTaskName(name: string): string {
  return `job-${name}`;
}

/** The SQS queue holding the job's failed starts, e.g. "acme-dev-job-nightly-dlq". */
export function jobDeadLetterQueueName(namePrefix: string, name: string): string {
  return sqsName([namePrefix, jobTaskName(name), "dlq"]);
}
