/**
 * `npm run cost [-- --out <dir>] [--assumptions <file>] [--strict]`: prints, per stack, an itemised
 * monthly estimate of what the synthesized Terraform JSON will create, and writes it to
 * `<dir>/cost-report.json`.
 *
 * - `--out <dir>`: the synthesized output to read, `<dir>/stacks/<stack>/cdk.tf.json` (default
 *   $CDKTF_OUTDIR, else cdktf.out; e.g. cdktf.out/examples/<name>).
 * - `--assumptions <file>`: usage assumptions (default: cost-assumptions.json at the repository
 *   root when it exists; see scripts/cost/assumptions.ts for the fields).
 * - `--strict`: exit 1 when a line could not be priced. Without it such lines are reported at the
 *   top of the output, left out of the totals (marked incomplete) and the exit code is 0.
 *
 * Prices: scripts/cost/prices.ts, a dated table with its sources.
 */
import { writeFileSync } from "fs";
import { join, resolve } from "path";
import { AssumptionsError, readAssumptionsFile } from "./assumptions";
import { buildReport, loadStacks, NoSynthesizedStacksError, renderMarkdown, reportJson } from "./report";

const REPOSITORY_ROOT = resolve(__dirname, "..", "..");

function option(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

function main(argv: readonly string[]): number {
  const outDir = option(argv, "--out") ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const file = readAssumptionsFile(option(argv, "--assumptions"), join(REPOSITORY_ROOT, "cost-assumptions.json"));
  const report = buildReport(loadStacks(outDir), file);
  console.log(renderMarkdown(report));
  const reportPath = join(outDir, "cost-report.json");
  writeFileSync(reportPath, reportJson(report));
  console.log(`Wrote ${reportPath}.`);
  if (!report.complete && argv.includes("--strict")) {
    console.error("Some lines could not be priced (--strict).");
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof NoSynthesizedStacksError || error instanceof AssumptionsError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
