// Synthesizes every configuration (the shipped one, environments/, and each examples/<name>/) on
// both targets, exactly as `npm run synth -- --config <dir>` does (main.ts, CDKTF_OUTDIR set), and
// compares the outputs file by file: every JSON difference must be one of known-differences.js
// with exactly its values, and every text difference the serializers' whitespace (FORMATTING).
// Anything else is an unexplained difference: listed, and the run fails.
// Writes docs/terrain/json-differences.md (the report) and docs/terrain/json-differences.json.
//
// Used by run.js (`npm run test:cdktn`); alone, after the target is installed:
//   node targets/cdktn/differences.js   (cdktf on this node, cdktn on the target's Node 22)
"use strict";
const { spawn } = require("child_process");
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require("fs");
const { join, relative } = require("path");
const { DIFFERENCES, FORMATTING, sameJson, valueAt } = require("./known-differences");
const target = require("./target");

const ROOT = join(__dirname, "..", "..");
const OUT = join(__dirname, "out");
const REPORT_DIR = join(ROOT, "docs", "terrain");

// Each framework's serializer of its synthesized files (see snapshot-serializer.js).
const SERIALIZERS = {
  cdktf: (json) => require(require.resolve("json-stable-stringify", { paths: [join(ROOT, "node_modules", "cdktf")] }))(json, { space: 2 }),
  cdktn: (json) => require(require.resolve("safe-stable-stringify", { paths: [join(target.MODULES, "cdktn")] }))(json, null, 2),
};

/** The configurations a user synthesizes: the shipped one and every example. */
function configurations() {
  const examples = readdirSync(join(ROOT, "examples"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, "examples", entry.name, "index.ts")))
    .map((entry) => ({ name: `examples/${entry.name}`, dir: join("examples", entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return [{ name: "environments (shipped)", dir: "environments" }, ...examples];
}

function outdirOf(targetName, configuration) {
  return join(OUT, targetName, configuration.dir.replace(/\//g, "-"));
}

/** `main.ts --config <dir>` on one target; resolves with its exit code and output. */
function synthesize(node, targetName, configuration) {
  const outdir = outdirOf(targetName, configuration);
  rmSync(outdir, { recursive: true, force: true });
  // cdktf's App creates its outdir but not the folders above it.
  mkdirSync(join(OUT, targetName), { recursive: true });
  const env = { ...process.env, CDKTF_OUTDIR: outdir };
  if (targetName === "cdktn") env.CDK_TARGET = "cdktn";
  else delete env.CDK_TARGET;
  const args = ["--require", "./scripts/register.js", "main.ts", "--config", configuration.dir];
  return new Promise((done) => {
    const child = spawn(node, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => done({ configuration, code: 1, output: String(error) }));
    child.on("close", (code) => done({ configuration, code: code ?? 1, output }));
  });
}

/** Runs `task` over `items`, `limit` at a time, results in input order. */
async function pool(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Every configuration on one target, `limit` processes at a time; throws on a failed synth. */
async function synthesizeAll(node, targetName, limit = 2) {
  const started = Date.now();
  const outcomes = await pool(configurations(), limit, (configuration) => synthesize(node, targetName, configuration));
  const failed = outcomes.filter((outcome) => outcome.code !== 0);
  for (const outcome of failed) console.error(`${targetName}: ${outcome.configuration.name}: synth FAILED (exit ${outcome.code})\n${outcome.output.replace(/^/gm, "    ")}`);
  if (failed.length > 0) throw new Error(`${failed.length} configuration(s) failed to synthesize on ${targetName}`);
  const stacks = outcomes.map((outcome) => readdirSync(join(outdirOf(targetName, outcome.configuration), "stacks")).length);
  return { seconds: (Date.now() - started) / 1000, configurations: outcomes.length, stacks: stacks.reduce((a, b) => a + b, 0) };
}

function filesUnder(dir, prefix = "") {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

/** Leaf-level differences of two JSON values: [{ path, cdktf, cdktn }]. */
function jsonDifferences(a, b, path = []) {
  if (sameJson(a, b)) return [];
  const containers = a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b);
  if (!containers) return [{ path, cdktf: a, cdktn: b }];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((key) => jsonDifferences(a[key], b[key], [...path, key]));
}

/** The synthesized file's kind, as known-differences.js names it; undefined for the project's own files. */
function fileKind(file) {
  if (file === "manifest.json") return "manifest";
  if (/^stacks\/[^/]+\/cdk\.tf\.json$/.test(file)) return "stack";
  return undefined;
}

const startsWith = (path, prefix) => prefix.every((key, index) => path[index] === key);

/** The known difference explaining a leaf difference of `file`, when both whole values match the table. */
function explanation(kind, leaf, cdktfJson, cdktnJson) {
  return DIFFERENCES.find(
    (known) =>
      known.file === kind &&
      startsWith(leaf.path, known.path) &&
      sameJson(valueAt(cdktfJson, known.path), known.cdktf) &&
      sameJson(valueAt(cdktnJson, known.path), known.cdktn),
  );
}

/** Compares one configuration's outputs of both targets. */
function compareConfiguration(configuration) {
  const [cdktfDir, cdktnDir] = ["cdktf", "cdktn"].map((name) => outdirOf(name, configuration));
  const files = [...new Set([...filesUnder(cdktfDir), ...filesUnder(cdktnDir)])].sort();
  const seen = []; // { id, file }
  const unexplained = []; // { file, path, cdktf, cdktn }
  const formatted = [];
  for (const file of files) {
    const [cdktfPath, cdktnPath] = [join(cdktfDir, file), join(cdktnDir, file)];
    if (!existsSync(cdktfPath) || !existsSync(cdktnPath)) {
      unexplained.push({ file, path: [], cdktf: existsSync(cdktfPath) ? "(file)" : "(absent)", cdktn: existsSync(cdktnPath) ? "(file)" : "(absent)" });
      continue;
    }
    const [cdktfText, cdktnText] = [readFileSync(cdktfPath, "utf8"), readFileSync(cdktnPath, "utf8")];
    if (cdktfText === cdktnText) continue;
    const kind = fileKind(file);
    if (!file.endsWith(".json")) {
      unexplained.push({ file, path: [], cdktf: "(text)", cdktn: "(different text)" });
      continue;
    }
    const [cdktfJson, cdktnJson] = [JSON.parse(cdktfText), JSON.parse(cdktnText)];
    const leaves = jsonDifferences(cdktfJson, cdktnJson);
    for (const leaf of leaves) {
      const known = kind && explanation(kind, leaf, cdktfJson, cdktnJson);
      if (known) seen.push({ id: known.id, file });
      else unexplained.push({ file, ...leaf });
    }
    // Text beyond the JSON: a framework's file must be exactly its serializer's output (then the
    // only text difference is FORMATTING); the project's own files must not differ at all.
    const ownSerializers = SERIALIZERS.cdktf(cdktfJson) === cdktfText && SERIALIZERS.cdktn(cdktnJson) === cdktnText;
    if (kind && !ownSerializers) unexplained.push({ file, path: [], cdktf: "(text)", cdktn: "(not its framework's serializer output)" });
    else if (kind && SERIALIZERS.cdktf(cdktnJson) !== cdktnText) formatted.push(file);
    else if (!kind && leaves.length === 0) unexplained.push({ file, path: [], cdktf: "(text)", cdktn: "(same JSON, other text)" });
  }
  return { configuration: configuration.name, files: files.length, seen, unexplained, formatted: [...new Set(formatted)] };
}

const code = (value) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

/** Where a known difference occurs: "environments (shipped): manifest.json, 4 stacks; ...". */
function occurrences(results, id) {
  return results
    .map((result) => {
      const files = [...new Set(result.seen.filter((entry) => entry.id === id).map((entry) => entry.file))];
      const stacks = files.filter((file) => file.startsWith("stacks/")).length;
      const other = files.filter((file) => !file.startsWith("stacks/"));
      const parts = [...other, ...(stacks > 0 ? [`${stacks} stack${stacks === 1 ? "" : "s"}`] : [])];
      return parts.length > 0 ? `${result.configuration}: ${parts.join(", ")}` : undefined;
    })
    .filter(Boolean);
}

function markdown(results, versions) {
  const lines = [
    "# JSON differences between the cdktf and the CDK Terrain target",
    "",
    "Generated by `npm run test:cdktn` (targets/cdktn/differences.js): every configuration (the shipped",
    "`environments/` and each `examples/<name>/`) synthesized on both targets with `main.ts --config <dir>`,",
    "then compared file by file (manifest.json, stacks/<stack>/cdk.tf.json, policy-report.json). Every",
    "difference must be one of targets/cdktn/known-differences.js with exactly the values below; any other",
    "fails the run. Do not edit by hand.",
    "",
    `- cdktf target: ${versions.cdktf}`,
    `- CDK Terrain target: ${versions.cdktn}`,
    "",
    "## Differences in the JSON",
    "",
    "| Difference | File | JSON path | cdktf | cdktn | Where |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const known of DIFFERENCES) {
    const where = occurrences(results, known.id);
    const file = known.file === "stack" ? "stacks/*/cdk.tf.json" : "manifest.json";
    lines.push(`| ${known.id} | ${file} | ${code(known.path.join("."))} | ${code(known.cdktf)} | ${code(known.cdktn)} | ${where.length > 0 ? where.join("; ") : "not seen"} |`);
  }
  lines.push("", "Why each one, and what it means for a user:", "");
  for (const known of DIFFERENCES) lines.push(`- **${known.id}**: ${known.why}`);
  const formatted = results.reduce((sum, result) => sum + result.formatted.length, 0);
  const files = results.reduce((sum, result) => sum + result.files, 0);
  lines.push(
    "",
    "## Differences in the text only",
    "",
    `- **formatting** (${formatted} of ${files} files): ${FORMATTING}`,
    "",
    "Everything else is the same JSON: every resource, data source, output, backend and provider",
    "block with all its arguments, and every logical id; the policy report is identical byte for byte.",
    "",
    "## Unexplained differences",
    "",
  );
  const unexplained = results.flatMap((result) => result.unexplained.map((entry) => ({ configuration: result.configuration, ...entry })));
  // The other way round: a listed difference that no output shows means the table is stale, and a
  // configuration without cdktn's manifest version was not synthesized by cdktn at all (the seam
  // did not apply), which would otherwise pass as "no differences".
  for (const known of DIFFERENCES.filter((entry) => occurrences(results, entry.id).length === 0)) {
    unexplained.push({ configuration: "(all)", file: known.file, path: known.path, cdktf: known.cdktf, cdktn: "(listed in known-differences.js, seen nowhere)" });
  }
  for (const result of results.filter((entry) => !entry.seen.some((seen) => seen.id === "manifest-version"))) {
    unexplained.push({ configuration: result.configuration, file: "manifest.json", path: ["version"], cdktf: "(cdktf's)", cdktn: "(not cdktn's: the target did not run)" });
  }
  if (unexplained.length === 0) lines.push("None.");
  for (const entry of unexplained) {
    lines.push(`- ${entry.configuration}: ${entry.file} ${code(entry.path.join(".") || "(whole file)")}: cdktf ${code(entry.cdktf)}, cdktn ${code(entry.cdktn)}`);
  }
  return { text: `${lines.join("\n")}\n`, unexplained };
}

/** Versions of the cdktf target, from the root's installed packages. */
function cdktfVersions() {
  const manifest = (name) => JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8"));
  const bindings = (name) => `${name}@${manifest(name).version} (${manifest(name).cdktf.provider.name.split("/").pop()} provider ${manifest(name).cdktf.provider.version})`;
  return `cdktf@${manifest("cdktf").version}, ${bindings("@cdktf/provider-aws")}, ${bindings("@cdktf/provider-random")}, constructs@${manifest("constructs").version}`;
}

function cdktnVersions() {
  const versions = target.versions();
  const bindings = ({ package: name, provider }) => `${name} (${provider.split("/").pop().replace("@", " provider ")})`;
  return `${versions.framework}, ${bindings(versions.aws)}, ${bindings(versions.random)}, ${versions.constructs}`;
}

/**
 * Synthesizes everything on both targets (cdktf on `cdktfNode`, cdktn on `cdktnNode`), compares,
 * writes the report. Returns the synth timings and the unexplained differences.
 */
async function run({ cdktfNode, cdktnNode }) {
  mkdirSync(OUT, { recursive: true });
  const timing = { cdktf: await synthesizeAll(cdktfNode, "cdktf"), cdktn: await synthesizeAll(cdktnNode, "cdktn") };
  const results = configurations().map(compareConfiguration);
  const report = markdown(results, { cdktf: cdktfVersions(), cdktn: cdktnVersions() });
  mkdirSync(REPORT_DIR, { recursive: true });
  writeFileSync(join(REPORT_DIR, "json-differences.md"), report.text);
  const summary = results.map(({ configuration, files, seen, unexplained, formatted }) => ({
    configuration,
    files,
    known: [...new Set(seen.map((entry) => `${entry.id} ${entry.file}`))].sort(),
    formatted,
    unexplained,
  }));
  writeFileSync(join(REPORT_DIR, "json-differences.json"), `${JSON.stringify({ known: DIFFERENCES, results: summary }, null, 2)}\n`);
  return { timing, unexplained: report.unexplained, report: relative(ROOT, join(REPORT_DIR, "json-differences.md")) };
}

module.exports = { run, configurations, filesUnder };

if (require.main === module) {
  const node22 = require("./node22").path();
  run({ cdktfNode: process.execPath, cdktnNode: node22 }).then(
    ({ timing, unexplained, report }) => {
      console.log(`synth cdktf ${timing.cdktf.seconds.toFixed(1)} s, cdktn ${timing.cdktn.seconds.toFixed(1)} s; report: ${report}`);
      if (unexplained.length > 0) {
        console.error(`${unexplained.length} unexplained difference(s): see ${report}`);
        process.exitCode = 1;
      }
    },
    (error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
