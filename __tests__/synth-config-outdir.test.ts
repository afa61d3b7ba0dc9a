import { spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

const ROOT = join(__dirname, "..");

/**
 * Every example's index.ts suggests `npm run synth -- --config examples/<name>`: that must write into
 * the example's own cdktf.out and leave the one in the working folder (the shipped configuration's)
 * as it was. The example is reached through a folder that re-exports it, so the test writes nothing
 * into the repository.
 */
describe("GIVEN a working folder holding the shipped configuration's cdktf.out", () => {
  const work = mkdtempSync(join(tmpdir(), "synth-config-"));
  const shippedOut = join(work, "cdktf.out", "stacks", "dev");
  mkdirSync(shippedOut, { recursive: true });
  writeFileSync(join(shippedOut, "cdk.tf.json"), '{"shipped":true}');
  const config = join(work, "node-app");
  mkdirSync(config);
  writeFileSync(join(config, "index.ts"), `export * from ${JSON.stringify(join(ROOT, "examples", "node-app"))};\n`);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("WHEN synth runs with --config <example> THEN the stack lands in <example>/cdktf.out and the working folder's cdktf.out is untouched", () => {
    const env = { ...process.env };
    delete env.CDKTF_OUTDIR;
    delete env.SYNTH_STACKS;
    const run = spawnSync(process.execPath, ["--require", join(ROOT, "scripts", "register.js"), join(ROOT, "main.ts"), "--config", config, "--stack", "bootstrap"], {
      cwd: work,
      env,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(existsSync(join(config, "cdktf.out", "stacks", "bootstrap", "cdk.tf.json"))).toBe(true);
    expect(readdirSync(join(work, "cdktf.out", "stacks"))).toEqual(["dev"]);
    expect(readFileSync(join(shippedOut, "cdk.tf.json"), "utf8")).toBe('{"shipped":true}');
  });
});
