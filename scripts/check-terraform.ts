/**
 * `npm run check-terraform [-- <stacks dir> ...]`: checks every synthesized stack
 * (`<dir>/<stack>/cdk.tf.json`, by default cdktf.out/stacks) against the AWS provider's schema as
 * the installed @cdktf/provider-aws describes it, offline: unknown arguments at any depth, missing
 * required ones, wrong primitive types, blocks written as attributes and attributes as blocks (see
 * scripts/terraform-schema/). Prints one line per problem, `<stack>: <address>: <path>: <problem>`,
 * and exits 1 when there is any. It is no substitute for `terraform validate` (provider-side
 * validation, conflicting arguments, enum values), which needs the provider binary.
 */
import { existsSync, readdirSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { checkStack, formatProblem, SchemaProblem } from "./terraform-schema/check";
import { loadProviderSchema } from "./terraform-schema/schema";

/** Every `<dir>/<stack>/cdk.tf.json`, in name order. */
export function stacksIn(dir: string): { name: string; json: Record<string, unknown> }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "cdk.tf.json")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, json: JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8")) as Record<string, unknown> }));
}

export function checkDirectories(dirs: readonly string[]): { stacks: number; problems: SchemaProblem[] } {
  const schema = loadProviderSchema();
  const stacks = dirs.flatMap((dir) => stacksIn(dir));
  return { stacks: stacks.length, problems: stacks.flatMap((stack) => checkStack(stack.name, stack.json, schema)) };
}

function main(): void {
  const dirs = process.argv.slice(2).map((dir) => resolve(dir));
  const targets = dirs.length > 0 ? dirs : [resolve("cdktf.out", "stacks")];
  const missing = targets.filter((dir) => !existsSync(dir));
  if (missing.length > 0) {
    console.error(`check-terraform: no such directory: ${missing.join(", ")} (run \`npm run synth\` first)`);
    process.exit(2);
  }
  const { stacks, problems } = checkDirectories(targets);
  for (const problem of problems) console.error(formatProblem(problem));
  console.log(`check-terraform: ${stacks} stack(s), ${problems.length} problem(s)`);
  if (stacks === 0 || problems.length > 0) process.exit(1);
}

if (require.main === module) main();
