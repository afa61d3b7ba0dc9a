import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { parseConfiguration } from "../modules/platform/configuration";
import { synthesizeStack } from "../modules/platform/synthesis";
import { environmentsInDeployOrder, stackNamesOf } from "../modules/platform/stack-names";

const ROOT = join(__dirname, "..");

/**
 * The README's "Adding an environment" steps (docs/wave/newcomer.md), done to a copy of
 * environments/ beside it (so its relative imports still resolve): copy staging.ts, give the copy
 * its own name, CIDR, domain and namespace, list it in index.ts. Nothing else is edited.
 */
function addEnvironment(directory: string, name: string): void {
  const staging = readFileSync(join(directory, "staging.ts"), "utf8");
  const copy = staging
    .replace("export const staging:", `export const ${name}:`)
    .replace('environment: "staging"', `environment: "${name}"`)
    .replace('cidr: "10.20.0.0/16"', 'cidr: "10.40.0.0/16"')
    .replace('serviceDiscoveryNamespace: "staging.acme.internal"', `serviceDiscoveryNamespace: "${name}.acme.internal"`)
    .replace("domainName: FORK.stagingDomain", `domainName: "${name}.acme.example.com"`);
  expect(copy).not.toContain("staging.acme");
  writeFileSync(join(directory, `${name}.ts`), copy);
  const index = readFileSync(join(directory, "index.ts"), "utf8")
    .replace('import { staging } from "./staging";', `import { staging } from "./staging";\nimport { ${name} } from "./${name}";`)
    .replace("[dev, staging, prod]", `[dev, staging, ${name}, prod]`);
  writeFileSync(join(directory, "index.ts"), index);
}

describe("GIVEN the README's steps for a new environment qa, done to a copy of environments/", () => {
  const directory = mkdtempSync(join(ROOT, ".new-environment-"));
  cpSync(join(ROOT, "environments"), directory, { recursive: true });
  addEnvironment(directory, "qa");
  const { bootstrap, environments } = require(directory) as { bootstrap: unknown; environments: readonly unknown[] };
  const staging = mkdtempSync(join(directory, "staging-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("THEN the configuration parses, with qa a stack of its own", () => {
    expect(stackNamesOf(parseConfiguration(bootstrap, environments))).toEqual(["bootstrap", "dev", "staging", "qa", "prod"]);
  });

  it("THEN the workflows' environment list has qa, applied with staging's tier before prod", () => {
    expect(environmentsInDeployOrder(parseConfiguration(bootstrap, environments))).toEqual(["dev", "staging", "qa", "prod"]);
  });

  it("THEN qa synthesizes with its policy pack passing, and the bootstrap stack beside it", () => {
    const configuration = parseConfiguration(bootstrap, environments);
    for (const name of ["qa", "bootstrap"]) {
      const result = synthesizeStack(configuration, name, staging);
      expect(result.violations).toEqual([]);
      expect(readdirSync(join(staging, name, "stacks"))).toEqual([name]);
    }
    const qa = JSON.parse(readFileSync(join(staging, "qa", "stacks", "qa", "cdk.tf.json"), "utf8")) as { terraform: { backend: { s3: { key: string } } } };
    expect(qa.terraform.backend.s3.key).toBe("acme/qa/terraform.tfstate");
  });

  it("THEN the stack it was copied from is byte for byte as before: its golden snapshot needs no update", () => {
    const shipped = require(join(ROOT, "environments")) as { bootstrap: unknown; environments: readonly unknown[] };
    const stagedJson = (input: { bootstrap: unknown; environments: readonly unknown[] }) => {
      const folder = mkdtempSync(join(directory, "compare-"));
      expect(synthesizeStack(parseConfiguration(input.bootstrap, input.environments), "staging", folder).violations).toEqual([]);
      return readFileSync(join(folder, "staging", "stacks", "staging", "cdk.tf.json"), "utf8");
    };
    expect(stagedJson({ bootstrap, environments })).toBe(stagedJson(shipped));
  });
});
