/**
 * `npm run cost [-- --out <dir>] [--assumptions <file>] [--strict]`: prints, per stack, an itemised
 * monthly estimate of what the synthesized Terraform JSON will create, and writes it to
 * `<dir>/cost-report.json`.
 *
 * - `--out <dir>`: the synthesized output to read, `<dir>/stacks/<stack>/cdk.tf.json` (default
 *   $CDKTF_OUTDIR, else cdktf.out; e.g. cdktf.out/examples/<name>).
 * - `--assumptions <file>`: usage assumptions (default: cost-assumptions.json at the repository
 *   root when it exists; see scripts/cost/assumptions.ts for the fields).
 * - `--config <dir>`: the configuration the stacks were synthesized from, for the comparison of
 *   network modes (default: the folder holding `<out>` when it has an index.ts, as for
 *   examples/<name>/cdktf.out, else environments/).
 * - `--strict`: exit 1 when a line could not be priced. Without it such lines are reported at the
 *   top of the output, left out of the totals (marked incomplete) and the exit code is 0.
 *
 * Prices: scripts/cost/prices.ts, a dated table with its sources.
 */
import { existsSync, writeFileSync } from "fs";
import { dirname, join, resolve } from "path";
import { parseConfiguration } from "../../modules/platform/configuration";
import { ConfigValidationError } from "../../modules/core/problems";
import { AssumptionsError, assumptionsForStack, AssumptionsFile, readAssumptionsFile } from "./assumptions";
import { compareNetworkModes, networkModeSection } from "./network-modes";
import { pricesFor, stalePriceTables, STALE_AFTER_DAYS } from "./prices";
import { buildReport, CostReport, loadStacks, NoSynthesizedStacksError, renderMarkdown, reportJson } from "./report";

const REPOSITORY_ROOT = resolve(__dirname, "..", "..");

function option(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

function configurationDirectory(argv: readonly string[], outDir: string): string {
  const given = option(argv, "--config");
  if (given) return resolve(given);
  const parent = dirname(resolve(outDir));
  return existsSync(join(parent, "index.ts")) ? parent : join(REPOSITORY_ROOT, "environments");
}

/** Per environment, the monthly cost of each network mode it could use; nothing when the configuration does not load. */
function networkModes(argv: readonly string[], outDir: string, report: CostReport, file: AssumptionsFile): string[] {
  const directory = configurationDirectory(argv, outDir);
  try {
    const loaded = require(directory) as { bootstrap: unknown; environments: readonly unknown[] };
    const environments = parseConfiguration(loaded.bootstrap, loaded.environments).environments;
    const stacks = new Set(report.stacks.map((stack) => stack.stack));
    return [
      "## Network modes",
      "",
      `What each network mode would cost each environment a month: the NAT gateways or interface endpoints, their addresses and natGbPerMonth through them; the rest of the stack aside. NAT modes are priced without interface endpoints (a stack that has both pays both: see its table above); endpoints only is the interface endpoints its services need, with the free gateway endpoints. From ${directory}.`,
      "",
      ...environments
        .filter((config) => stacks.has(config.environment))
        .flatMap((config) => networkModeSection(config.environment, compareNetworkModes(config, pricesFor(config.region), assumptionsForStack(file, config.environment)))),
    ];
  } catch (error) {
    if (!(error instanceof ConfigValidationError) && !(error instanceof Error && error.message.includes("Cannot find module"))) throw error;
    return ["## Network modes", "", `Not compared: the configuration in ${directory} did not load (${error.message.split("\n")[0]}).`, ""];
  }
}

/** A warning for each region whose price table is older than STALE_AFTER_DAYS. */
function staleWarnings(report: CostReport): string[] {
  const today = new Date().toISOString().slice(0, 10);
  return stalePriceTables(report.stacks.map((stack) => stack.region), today).map(
    (stale) => `> **WARNING: the ${stale.region} prices were compiled on ${stale.compiled}, ${stale.days} days ago (more than ${STALE_AFTER_DAYS}): check them against the AWS pricing pages.**\n`,
  );
}

function main(argv: readonly string[]): number {
  const outDir = option(argv, "--out") ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const file = readAssumptionsFile(option(argv, "--assumptions"), join(REPOSITORY_ROOT, "cost-assumptions.json"));
  const report = buildReport(loadStacks(outDir), file);
  console.log([...staleWarnings(report), renderMarkdown(report), ...networkModes(argv, outDir, report, file)].join("\n"));
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
