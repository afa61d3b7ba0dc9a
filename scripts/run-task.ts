/**
 * Runs a one-off task of a service (or a scheduled job, out of schedule) by hand:
 *
 *   npm run task -- <env> <service> <task> [--outputs <file>] [--dry-run]
 *   npm run task -- <env> job <job> [--outputs <file>] [--dry-run]
 *
 * The parameters (cluster, family, subnets, security group) come from the environment stack's
 * outputs: `terraform output -json` in cdktf.out/stacks/<env>, or a file of that output given with
 * --outputs. It prints the `aws ecs run-task` command it runs (with the credentials of the shell:
 * the deploy role), waits for the task to stop, prints its exit code and a link to its logs, and
 * exits with the container's exit code. --dry-run prints the command and stops.
 */
import { execFileSync } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";
import { TaskRunParameters, taskOutputName } from "../modules/service/one-off-task";

const USAGE = "usage: npm run task -- <env> <service> <task> | <env> job <job> [--outputs <file>] [--dry-run]";

export class TaskUsageError extends Error {}

/** The output that holds a task's run parameters, as the service and job modules name it. */
export function outputNameFor(service: string, task: string): string {
  return taskOutputName(service === "job" ? `job-${task}` : `${service}-task-${task}`);
}

/** The run parameters of one task from `terraform output -json` (each output is { value, ... }). */
export function taskParameters(outputs: Readonly<Record<string, { value?: unknown }>>, service: string, task: string): TaskRunParameters {
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

/** Runs the task and waits for it to stop; returns the container's exit code. */
function run(parameters: TaskRunParameters, args: readonly string[]): number {
  const taskArn = aws(args);
  console.log(`Started ${taskArn}\nLogs: ${logLink(parameters, taskArn)}`);
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
  const exitCode = Number.parseInt(code, 10);
  console.log(`Stopped: exit code ${code} (${reason})`);
  return Number.isNaN(exitCode) ? 1 : exitCode;
}

export function main(argv: readonly string[]): number {
  const flags = new Set(argv.filter((arg) => arg === "--dry-run"));
  const outputsIndex = argv.indexOf("--outputs");
  const outputsFile = outputsIndex >= 0 ? argv[outputsIndex + 1] : undefined;
  const positionals = argv.filter((arg, index) => !arg.startsWith("--") && index !== outputsIndex + 1);
  if (positionals.length !== 3) throw new TaskUsageError(USAGE);
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
