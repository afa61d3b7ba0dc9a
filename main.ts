import { App } from "cdktf";
import { IConstruct } from "constructs";
import { existsSync, rmSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { ConfigValidationError } from "./modules/core/problems";
import { enforcePolicies, policyReport, PolicyViolationError } from "./modules/guardrails/policy-pack";
import { buildPlatform } from "./modules/platform/platform";

/**
 * `npm run synth [-- --config <dir>]`: synthesizes the configuration exported by `<dir>/index.ts`
 * (`bootstrap` and `environments`; default: ./environments) into $CDKTF_OUTDIR (default cdktf.out).
 */
function configurationDirectory(argv: readonly string[]): string {
  const flag = argv.indexOf("--config");
  return resolve(flag >= 0 && argv[flag + 1] ? argv[flag + 1] : join(__dirname, "environments"));
}

/** cdktf records warnings as construct metadata; `cdktf synth` prints them, plain node does not. */
function printWarnings(root: IConstruct): void {
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === "@cdktf/warn") console.warn(`Warning: ${construct.node.path}: ${String(entry.data)}`);
    }
  }
}

const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
const outdirExisted = existsSync(outdir);
try {
  const { bootstrap, environments } = require(configurationDirectory(process.argv)) as {
    bootstrap: unknown;
    environments: readonly unknown[];
  };
  // No stack traces in the manifest: they hold absolute paths, and output must not depend on the machine.
  const platform = buildPlatform(() => new App({ outdir, stackTraces: false }), bootstrap, environments);
  // The policy pack judges every stack before anything is written: a violation leaves cdktf.out as it was.
  enforcePolicies(platform.policies.values());
  platform.app.synth();
  writeFileSync(join(outdir, "policy-report.json"), `${JSON.stringify(policyReport(platform.policies.values()), null, 2)}\n`);
  printWarnings(platform.app);
  for (const pack of platform.policies.values()) {
    for (const line of pack.warnings()) console.warn(`Policy warning: ${line}`);
    console.log(`Policy: ${pack.summary()}`);
  }
} catch (error) {
  if (!(error instanceof ConfigValidationError || error instanceof PolicyViolationError)) throw error;
  // Creating the App makes an empty output directory (and its stacks/ folder): take them back if this
  // run made them. Nothing else was written, since the checks ran before synth.
  if (!outdirExisted) rmSync(outdir, { recursive: true, force: true });
  // A configuration mistake is the user's to fix: print the problems, not a stack trace.
  console.error(error.message);
  process.exit(1);
}
