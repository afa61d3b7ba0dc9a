import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { join } from "path";
import { TARGET } from "./support/target";

/**
 * The framework-import seam (targets/cdktn/target.js): the sources import cdktf's package names,
 * and the run answers them with the target's packages: cdktf's on `npm test`, CDK Terrain's on
 * `npm run test:cdktn`. On cdktn, its snapshot serializer holds the output to cdktf's golden
 * snapshot with only the known differences mapped back.
 */
interface Seam {
  rewrite(request: string): string | undefined;
  readonly MODULES: string;
}
interface SnapshotSerializer {
  test(value: unknown): boolean;
  serialize(value: string, config: object, indentation: string, depth: number, refs: unknown[], printer: (value: unknown) => string): string;
}

const seam: Seam = require("../targets/cdktn/target");
const packageName = (request: string): string => (require(require.resolve(`${request}/package.json`)) as { name: string }).name;

describe("the framework seam", () => {
  it(`GIVEN this run's target (${TARGET}) THEN the cdktf imports load that target's framework and bindings`, () => {
    expect(packageName("cdktf")).toBe(TARGET);
    expect(packageName("@cdktf/provider-aws")).toBe(`@${TARGET}/provider-aws`);
    expect(packageName("@cdktf/provider-random")).toBe(`@${TARGET}/provider-random`);
  });

  it("THEN the construct tree has one constructs package, the one the framework itself loads", () => {
    const frameworkDir = require.resolve("cdktf").replace(/lib[\\/]index\.js$/, "");
    expect(require.resolve("constructs")).toBe(require.resolve("constructs", { paths: [frameworkDir] }));
  });

  it("GIVEN a deep import THEN the alias keeps it deep, on the same file of the target's package", () => {
    expect(seam.rewrite("@cdktf/provider-aws/lib/vpc")).toBe(join(seam.MODULES, "@cdktn/provider-aws/lib/vpc"));
    expect(seam.rewrite("cdktf/lib/testing/adapters/jest")).toBe(join(seam.MODULES, "cdktn/lib/testing/adapters/jest"));
    expect(seam.rewrite("cdktf")).toBe(join(seam.MODULES, "cdktn"));
    expect(seam.rewrite("constructs")).toBe(join(seam.MODULES, "constructs"));
  });

  it("GIVEN a name that only starts like an aliased package THEN it resolves as before", () => {
    for (const request of ["cdktf-cli", "constructsx", "@cdktf/provider-awscc/lib/x", "./cdktf", "@cdktf/hcl2json"]) {
      expect(seam.rewrite(request)).toBeUndefined();
    }
  });
});

(TARGET === "cdktn" ? describe : describe.skip)("the cdktn snapshot serializer (npm run test:cdktn)", () => {
  // Loaded only when these tests run: a describe.skip body still runs, and the cdktf target has no cdktn install.
  let serializer: SnapshotSerializer;
  beforeAll(() => {
    serializer = require("../targets/cdktn/snapshot-serializer") as SnapshotSerializer;
  });
  const print = (value: string) => serializer.serialize(value, {}, "", 0, [], (printed) => String(printed));

  function synthWithProvider(): string {
    const stack = new TerraformStack(Testing.app(), "seam");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    return Testing.synth(stack);
  }

  it("GIVEN a stack synthesized on cdktn THEN it prints with cdktf's provider pin, in cdktf's format", () => {
    const text = synthWithProvider();
    expect(serializer.test(text)).toBe(true);
    const printed = JSON.parse(print(text)) as { terraform: { required_providers: { aws: object } } };
    expect(printed.terraform.required_providers.aws).toEqual({ source: "aws", version: "6.25.0" });
  });

  it("GIVEN a pin that is not the known cdktn value THEN it throws, naming the path and the table", () => {
    const text = synthWithProvider().replace('"version": "6.66.0"', '"version": "6.67.0"');
    expect(() => print(text)).toThrow(/terraform\.required_providers\.aws is .*6\.67\.0.*known-differences\.js/);
  });

  it("GIVEN a difference the table does not list THEN it stays in the printed text", () => {
    const text = synthWithProvider().replace('"region": "eu-west-1"', '"region": "eu-west-2"');
    expect(print(text)).toContain('"region": "eu-west-2"');
  });

  it("GIVEN a string that is no synthesized stack THEN it is left to jest", () => {
    expect(serializer.test('{"a": 1}')).toBe(false);
    expect(serializer.test("required_providers")).toBe(false);
  });
});
