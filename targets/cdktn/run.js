// `npm run test:cdktn [-- <jest args>]`: the project's checks on the CDK Terrain target.
// 1. installs targets/cdktn from its own lock file (npm ci) when it is missing or out of date;
// 2. prints the framework, provider and Node versions it runs;
// 3. on the target's Node 22, with the cdktf imports answered by cdktn (target.js): the type check
//    (tsconfig.json here), the whole jest suite (jest.config.js here), and the synth of every shipped
//    and example stack (differences.js, which also synthesizes them on cdktf and writes the
//    JSON difference report to docs/terrain/, failing on any difference it cannot explain);
// 4. prints each step's time.
// Jest arguments after `--` go to jest (`npm run test:cdktn -- __tests__/network.test.ts`); with
// any, only jest runs.
"use strict";
const { spawnSync } = require("child_process");
const { createHash } = require("crypto");
const { existsSync, readFileSync, rmSync, writeFileSync } = require("fs");
const { delimiter, dirname, join, relative } = require("path");

const DIR = __dirname;
const ROOT = join(DIR, "..", "..");
const STAMP = join(DIR, "node_modules", ".installed-lock-sha1");
const CLI_OUT = join(DIR, "out", "cli");

function lockHash() {
  return createHash("sha1").update(readFileSync(join(DIR, "package-lock.json"))).digest("hex");
}

/** npm ci in targets/cdktn unless node_modules was installed from this very lock file. */
function ensureInstalled() {
  const hash = lockHash();
  if (existsSync(STAMP) && readFileSync(STAMP, "utf8").trim() === hash) return false;
  console.log("targets/cdktn: installing from its package-lock.json (npm ci)");
  // npm ci runs on the machine's Node (20): the target's packages ask for >= 22 in `engines`,
  // which npm reports as warnings only; they run on the Node 22 it installs.
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: DIR, stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) throw new Error(`npm ci in targets/cdktn failed (exit ${result.status})`);
  writeFileSync(STAMP, `${hash}\n`);
  return true;
}

/** tsconfig.json's `paths` must be the seam's table (target.js), or the type check checks something else. */
function checkTsconfigPaths(target) {
  const tsconfig = JSON.parse(readFileSync(join(DIR, "tsconfig.json"), "utf8"));
  const expected = target.tsconfigPaths();
  if (JSON.stringify(tsconfig.compilerOptions.paths) !== JSON.stringify(expected)) {
    throw new Error(`targets/cdktn/tsconfig.json: compilerOptions.paths is not target.js's table; expected ${JSON.stringify(expected)}`);
  }
}

/** Files that differ (or exist on one side only) between two output folders. */
function differingFiles(a, b) {
  const { filesUnder } = require("./differences");
  const all = [...new Set([...filesUnder(a), ...filesUnder(b)])].sort();
  return all.filter((file) => !existsSync(join(a, file)) || !existsSync(join(b, file)) || !readFileSync(join(a, file)).equals(readFileSync(join(b, file))));
}

function step(name, timings, command, args, env = {}) {
  console.log(`\n== cdktn: ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, CDK_TARGET: "cdktn", ...env } });
  timings.push([name, (Date.now() - started) / 1000]);
  if (result.status !== 0) throw new Error(`cdktn: ${name} failed (exit ${result.status ?? result.signal})`);
}

async function main(jestArgs) {
  const timings = [];
  const installStarted = Date.now();
  if (ensureInstalled()) timings.push(["install (npm ci)", (Date.now() - installStarted) / 1000]);
  const target = require("./target");
  const node22 = require("./node22").path();
  checkTsconfigPaths(target);

  const versions = target.versions();
  const node = spawnSync(node22, ["--version"], { encoding: "utf8" }).stdout.trim();
  console.log(
    `CDK Terrain target: ${versions.framework}, ${versions.cli}, ${versions.aws.package} (${versions.aws.provider}), ` +
      `${versions.random.package} (${versions.random.provider}), ${versions.constructs}, Node ${node} (${relative(ROOT, node22)})`,
  );

  const bin = (path) => join(ROOT, "node_modules", path);
  if (jestArgs.length > 0) {
    step("jest", timings, node22, [bin("jest/bin/jest.js"), "-c", join(DIR, "jest.config.js"), ...jestArgs]);
  } else {
    step("type check", timings, node22, [bin("typescript-native/bin/tsc"), "-p", join(DIR, "tsconfig.json")]);
    step("jest", timings, node22, [bin("jest/bin/jest.js"), "-c", join(DIR, "jest.config.js"), ...(process.env.CI ? ["--ci"] : [])]);
    // The CLI a user runs instead of cdktf-cli, on this repository's cdktf.json (its `app` runs the
    // `node` on PATH: the target's). Its output must equal main.ts's (compared below).
    rmSync(CLI_OUT, { recursive: true, force: true });
    const pathWithNode22 = `${dirname(node22)}${delimiter}${process.env.PATH ?? ""}`;
    step("cdktn synth (CLI)", timings, node22, [join(DIR, "node_modules", "cdktn-cli", "bin", "cdktn"), "synth", "--output", CLI_OUT], { PATH: pathWithNode22, CI: "true", CHECKPOINT_DISABLE: "1" });
    console.log("\n== synth of every configuration, on cdktf and on cdktn, and their differences");
    const { timing, unexplained, report } = await require("./differences").run({ cdktfNode: process.execPath, cdktnNode: node22 });
    for (const name of ["cdktf", "cdktn"]) {
      const { seconds, configurations, stacks } = timing[name];
      timings.push([`synth on ${name} (${configurations} configurations, ${stacks} stacks)`, seconds]);
    }
    const cliDifferences = differingFiles(CLI_OUT, join(DIR, "out", "cdktn", "environments"));
    if (cliDifferences.length > 0) throw new Error(`cdktn synth wrote other files than main.ts: ${cliDifferences.join(", ")}`);
    console.log(`JSON differences: ${report}${unexplained.length > 0 ? `, ${unexplained.length} UNEXPLAINED` : ", all explained"}`);
    if (unexplained.length > 0) throw new Error(`${unexplained.length} unexplained JSON difference(s) between the targets: read ${report}`);
  }
  console.log("\ncdktn target times:");
  for (const [name, seconds] of timings) console.log(`  ${name}: ${seconds.toFixed(1)} s`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`\n${error.message}`);
  process.exitCode = 1;
});
