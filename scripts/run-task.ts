/**
 * Runs a one-off task of a service (or a scheduled job, out of schedule) by hand:
 *
 *   npm run task -- <env> <service> <task> [--outputs <file>] [--dry-run]
 *   npm run task -- <env> job <job> [--outputs <file>] [--dry-run]
 *   npm run task -- <env> database-users [--outputs <file>] [--dry-run]
 *
 * The parameters (cluster, family, subnets, security group) come from the environment stack's
 * outputs: `terraform output -json` in cdktf.out/stacks/<env>, or a file of that output given with
 * --outputs. It prints the `aws ecs run-task` command it runs (with the credentials of the shell:
 * the deploy role), waits for the task to stop, prints its exit code and a link to its logs, and
 * exits with the container's exit code. --dry-run prints the command and stops. `database-users`
 * runs the database users' setup task (the apply workflow runs it after each apply); in GitHub
 * Actions a failed run also prints an error annotation with the exit code and the log link.
 */
import { execFileSync } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";
import { DATABASE_SETUP_TASK } from "../modules/database/database-users";
import { TaskRunParameters, taskOutputName } from "../modules/service/one-off-task";

const USAGE = "usage: npm run task -- <env> <service> <task> | <env> job <job> | <env> database-users [--outputs <file>] [--dry-run]";

/** The second argument that names the database users' setup task instead of a service. */
export const DATABASE_USERS = "database-users";

export class TaskUsageError extends Error {}

/** The output that holds a task's run parameters, as the service and job modules name it. */
export function outputNameFor(service: string, task?: string): string {
  if (service === DATABASE_USERS) return taskOutputName(DATABASE_SETUP_TASK);
  return taskOutputName(service === "job" ? `job-${task}` : `${service}-task-${task}`);
}

/** The run parameters of one task from `terraform output -json` (each output is { value, ... }). */
export function taskParameters(outputs: Readonly<Record<string, { value?: unknown }>>, service: string, task?: string): TaskRunParameters {
  const name = outputNameFor(service, task);
  const value = outputs[name]?.value as TaskRunParameters | undefined;
  if (!value) {
    const known = Object.keys(outputs).filter((key) => key.startsWith("task_"));
    throw new TaskUsageError(`no output ${name}: known tasks are ${known.join(", ") || "none"} (is the task declared and applied?)`);
  }
  return value;
}

/** `aws ecs run-task` for the task, in its service's network placement, as an argument list. */
export function runTaskArguments(parameters: TaskRunParameters): string[] {
  const network = `awsvpcConfiguration={subnets=[${parameters.subnets.join(",")}],securityGroups=[${parameters.securityGroups.join(",")}],assignPublicIp=${parameters.assignPublicIp ? "ENABLED" : "DISABLED"}}`;
  return [
    "ecs", "run-task",
    "--region", parameters.region,
    "--cluster", parameters.cluster,
    "--task-definition", parameters.family,
    "--launch-type", "FARGATE",
    "--platform-version", "LATEST",
    "--network-configuration", network,
    "--started-by", "npm-run-task",
    "--query", "tasks[0].taskArn",
    "--output", "text",
  ];
}

/** The CloudWatch console link to the task's log stream ("<prefix>/<container>/<task id>"). */
export function logLink(parameters: TaskRunParameters, taskArn: string): string {
  const taskId = taskArn.split("/").pop() ?? taskArn;
  // The console's fragment escapes '/' as $252F (an encoded '%2F').
  const escape = (text: string) => encodeURIComponent(text).replace(/%/g, "$25");
  const stream = `${parameters.logStreamPrefix}/${parameters.container}/${taskId}`;
  return `https://${parameters.region}.console.aws.amazon.com/cloudwatch/home?region=${parameters.region}#logsV2:log-groups/log-group/${escape(parameters.logGroup)}/log-events/${escape(stream)}`;
}

/** A command line as a shell would read it, for printing. */
export function shellLine(command: string, args: readonly string[]): string {
  return [command, ...args.map((arg) => (/^[A-Za-z0-9_./:=,@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`))].join(" ");
}

function readOutputs(environment: string, file: string | undefined): Record<string, { value?: unknown }> {
  const text = file
    ? readFileSync(file, "utf8")
    : execFileSync("terraform", [`-chdir=${join("cdktf.out", "stacks", environment)}`, "output", "-json"], { encoding: "utf8" });
  return JSON.parse(text) as Record<string, { value?: unknown }>;
}

function aws(args: readonly string[]): string {
  return execFileSync("aws", args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

/** The GitHub Actions error annotation of a run that failed: exit code, reason and the log link. */
export function failureAnnotation(parameters: TaskRunParameters, exitCode: string, reason: string, link: string): string {
  return `::error::${parameters.family} failed with exit code ${exitCode} (${reason}); logs: ${link}`;
}

/** Runs the task and waits for it to stop; returns the container's exit code. */
function run(parameters: TaskRunParameters, args: readonly string[]): number {
  const taskArn = aws(args);
  const link = logLink(parameters, taskArn);
  console.log(`Started ${taskArn}\nLogs: ${link}`);
  const common = ["--region", parameters.region, "--cluster", parameters.cluster, "--tasks", taskArn];
  // Each wait polls every 6 s for 10 minutes; the task's timeout bounds the number of waits.
  for (let minutes = 0; minutes < parameters.timeoutMinutes; minutes += 10) {
    try {
      aws(["ecs", "wait", "tasks-stopped", ...common]);
      break;
    } catch {
      console.log(`Still running after ${minutes + 10} minutes`);
    }
  }
  const [code, reason] = aws(["ecs", "describe-tasks", ...common, "--query", `tasks[0].[containers[?name=='${parameters.container}'] | [0].exitCode, stoppedReason]`, "--output", "text"]).split("\t");
  const parsed = Number.parseInt(code, 10);
  // No exit code: the task never ran its container (an image pull, a secret) or is still running after the timeout.
  const exitCode = Number.isNaN(parsed) ? 1 : parsed;
  console.log(`Stopped: exit code ${code} (${reason})`);
  if (exitCode !== 0 && process.env.GITHUB_ACTIONS === "true") console.log(failureAnnotation(parameters, code, reason, link));
  return exitCode;
}

export function main(argv: readonly string[]): number {
  const flags = new Set(argv.filter((arg) => arg === "--dry-run"));
  const outputsIndex = argv.indexOf("--outputs");
  const outputsFile = outputsIndex >= 0 ? argv[outputsIndex + 1] : undefined;
  const positionals = argv.filter((arg, index) => !arg.startsWith("--") && index !== outputsIndex + 1);
  const expected = positionals[1] === DATABASE_USERS ? 2 : 3;
  if (positionals.length !== expected) throw new TaskUsageError(USAGE);
  const [environment, service, task] = positionals;
  const parameters = taskParameters(readOutputs(environment, outputsFile), service, task);
  const args = runTaskArguments(parameters);
  console.log(shellLine("aws", args));
  if (flags.has("--dry-run")) return 0;
  return run(parameters, args);
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof TaskUsageError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  }
}
