import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { spawn } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App, Testing } from "cdktf";
import { bootstrap, environments } from "../environments";
import { policyReport } from "../modules/guardrails/policy-pack";
import { buildPlatform } from "../modules/platform/platform";
import { BootstrapInput } from "../modules/state/schema";
import {
  bootstrapInput,
  dataSourceAt,
  minimalEnvironment,
  resourceAt,
  synthesized,
  synthEnvironment,
  SynthesizedStack,
} from "./support/synth";
import { onTarget } from "./support/target";

const STATE = bootstrapInput.stateBackend;

/** The smallest valid bootstrap config for the minimal environment: its project and state location, every default. */
const MINIMAL_BOOTSTRAP: BootstrapInput = { project: "acme", stateBackend: { ...STATE } };

/** The bootstrap stack built from `config`, next to the minimal environment. */
function bootstrapStackOf(config: BootstrapInput = MINIMAL_BOOTSTRAP): SynthesizedStack {
  return synthesized(buildPlatform(() => Testing.app(), config, [minimalEnvironment()]).bootstrap);
}

describe("an environment stack", () => {
  const LOCK_TABLE = "acme-terraform-locks";

  describe.each([
    { environment: "test", backend: {}, lockfile: true, lockTable: undefined },
    { environment: "stage", backend: { dynamodbTable: LOCK_TABLE }, lockfile: true, lockTable: LOCK_TABLE },
    { environment: "qa", backend: { useLockfile: false, dynamodbTable: LOCK_TABLE }, lockfile: false, lockTable: LOCK_TABLE },
  ])("GIVEN environment $environment with backend $backend", ({ environment, backend, lockfile, lockTable }) => {
    const location = { ...STATE, dynamodbTable: backend.dynamodbTable };
    const { json } = synthEnvironment(minimalEnvironment({ environment, stateBackend: { ...location, ...backend } }), { ...bootstrapInput, stateBackend: location });

    it("THEN it keeps its state in the bootstrap's bucket under its own key, encrypted", () => {
      expect(json.terraform.backend.s3).toMatchObject({ bucket: STATE.bucket, region: STATE.region, key: `acme/${environment}/terraform.tfstate`, encrypt: true });
      expect(Object.keys(json.terraform.backend)).toEqual(["s3"]);
    });

    it(`THEN it ${lockfile ? "takes" : "leaves out"} Terraform's S3 lockfile and ${lockTable ? "also locks in the lock table" : "uses no lock table"}`, () => {
      expect(json.terraform.backend.s3.use_lockfile).toBe(lockfile ? true : undefined);
      expect(json.terraform.backend.s3.dynamodb_table).toBe(lockTable);
    });
  });

  describe("GIVEN the minimal environment", () => {
    const { json, text } = synthEnvironment(minimalEnvironment());

    it("THEN it pins Terraform >= 1.11 and the AWS provider of the bindings", () => {
      expect(json.terraform.required_version).toBe(">= 1.11");
      // Each target's bindings pin their own provider release (targets/cdktn/known-differences.js).
      expect(json.terraform.required_providers.aws).toEqual(
        onTarget({ cdktf: { source: "aws", version: "6.25.0" }, cdktn: { source: "hashicorp/aws", version: "6.66.0" } }),
      );
    });

    it("THEN its provider is in its region, with the platform's default tags and no account guard", () => {
      expect(text).toHaveProviderWithProperties(AwsProvider, {
        region: "eu-west-1",
        default_tags: [{ tags: { Project: "acme", Environment: "test", ManagedBy: "cdktf" } }],
      });
      expect(json.provider.aws).toHaveLength(1);
      expect(json.provider.aws[0].allowed_account_ids).toBeUndefined();
    });
  });

  describe("GIVEN an environment in another region than its state, with tags and allowed accounts", () => {
    const tags = { Owner: "platform-team", CostCenter: "platform" };
    const allowedAccountIds = ["123456789012", "210987654321"];
    const { json, text } = synthEnvironment(
      minimalEnvironment({ environment: "berlin", region: "eu-central-1", tags, allowedAccountIds }),
      { ...bootstrapInput, allowedAccountIds },
    );

    it("THEN its provider works in that region, only in those accounts, and adds the tags to the platform's", () => {
      expect(text).toHaveProviderWithProperties(AwsProvider, {
        region: "eu-central-1",
        allowed_account_ids: allowedAccountIds,
        default_tags: [{ tags: { Project: "acme", Environment: "berlin", ManagedBy: "cdktf", ...tags } }],
      });
    });

    it("THEN its state stays in the state backend's region", () => {
      expect(json.terraform.backend.s3).toMatchObject({ region: STATE.region, key: "acme/berlin/terraform.tfstate" });
    });
  });
});

/** Every stack's cdk.tf.json in `outdir`, by stack name. */
function readStacks(outdir: string): Map<string, string> {
  const stacks = readdirSync(join(outdir, "stacks")).sort();
  return new Map(stacks.map((stack) => [stack, readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")]));
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** main.ts in a fresh process, transpiled by swc, as `npm run synth` runs it; resolves when it exits. */
function runMain(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--require", "./scripts/register.js", "main.ts", ...args], {
      cwd: join(__dirname, ".."),
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

/**
 * End to end: the shipped app synthesized by main.ts in a fresh process, with its stacks spread
 * over two worker processes, against one App holding every stack built in this process (the
 * serial way). The child runs while this process builds its own, so the two cost one synth's wall time.
 */
describe("GIVEN main.ts run in a fresh process with two synth workers", () => {
  const parent = mkdtempSync(join(tmpdir(), "platform-"));
  const outdir = join(parent, "cdktf.out");
  const running = runMain([], { CDKTF_OUTDIR: outdir, SYNTH_WORKERS: "2" });
  const inProcess = mkdtempSync(join(tmpdir(), "platform-"));
  const platform = buildPlatform(() => new App({ outdir: inProcess, stackTraces: false }), bootstrap, environments);
  platform.app.synth();
  const environmentNames = environments.map((environment) => String(environment.environment));
  let run: Run;
  // A fresh process's synth takes seconds, far more while other work loads the machine.
  beforeAll(async () => {
    run = await running;
  }, 120_000);

  it("THEN it succeeds and writes the bootstrap stack and one stack per shipped environment, leaving nothing else beside it", () => {
    expect(run.status).toBe(0);
    expect(environmentNames.length).toBeGreaterThan(0);
    expect([...readStacks(outdir).keys()]).toEqual(["bootstrap", ...environmentNames].sort());
    expect(readdirSync(parent)).toEqual(["cdktf.out"]);
  });

  it("THEN it is quiet: nothing on stderr, a note per synth warning with its construct path, one policy line", () => {
    expect(run.stderr).toBe("");
    const warnings = platform.app.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => `Note: ${construct.node.path}: ${String(entry.data)}`),
      );
    const lines = run.stdout.trim().split("\n");
    expect(lines.filter((line) => line.startsWith("Note: "))).toEqual(warnings);
    // Placeholders: one line per stack.
    expect(warnings.filter((line) => line.includes("placeholder values"))).toHaveLength(environmentNames.length + 1);
    for (const environment of environments.filter((config) => config.loadBalancer && !config.loadBalancer.certificate)) {
      expect(run.stdout).toContain(`Note: ${String(environment.environment)}/load-balancer: acme-${String(environment.environment)}: the load balancer serves plain HTTP`);
    }
    expect(lines.filter((line) => line.startsWith("Policy"))).toEqual([expect.stringMatching(/^Policy: \d+ stack\(s\), \d+ checks, 0 failed, \d+ warning\(s\), \d+ suppressed \(details: .*policy-report\.json, or --verbose\)$/)]);
    expect(lines.length).toBeLessThanOrEqual(warnings.length + 2);
  });

  it("THEN its output is byte-identical to a synth of the same app in this process, manifest included", () => {
    const expected = readStacks(inProcess);
    const actual = readStacks(outdir);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [stack, text] of expected) expect(actual.get(stack)).toBe(text);
    expectSameManifest(outdir, inProcess);
  });

  it("THEN it writes the policy report of every stack, the same as the in-process pack's, with nothing failed", () => {
    const report = JSON.parse(readFileSync(join(outdir, "policy-report.json"), "utf8")) as { results: { stack: string; status: string }[] };
    expect(report).toEqual(JSON.parse(JSON.stringify(policyReport(platform.policies.values()))));
    expect(new Set(report.results.map((result) => result.stack))).toEqual(new Set(["bootstrap", ...environmentNames]));
    expect(report.results.filter((result) => result.status === "fail")).toEqual([]);
  });

  it("THEN its output holds no absolute path of the machine that synthesized it", () => {
    for (const text of readStacks(outdir).values()) expect(text).not.toContain(process.cwd());
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).not.toContain(process.cwd());
  });

  describe("WHEN run again with --stack for one environment, after an environment was removed from the configuration", () => {
    const [first, second] = environmentNames;
    let again: Run;
    beforeAll(async () => {
      await running;
      mkdirSync(join(outdir, "stacks", "removed"));
      writeFileSync(join(outdir, "stacks", "removed", "cdk.tf.json"), "{}");
      writeFileSync(join(outdir, "stacks", second, "marker"), "kept");
      writeFileSync(join(outdir, "stacks", first, "cdk.tf.json"), "{}");
      again = await runMain(["--stack", first], { CDKTF_OUTDIR: outdir });
    }, 120_000);

    it("THEN it rewrites only that stack, keeps the others' folders and removes the stale one", () => {
      expect(again.status).toBe(0);
      expect(readFileSync(join(outdir, "stacks", first, "cdk.tf.json"), "utf8")).toBe(readStacks(inProcess).get(first));
      expect(readFileSync(join(outdir, "stacks", second, "marker"), "utf8")).toBe("kept");
      expect(existsSync(join(outdir, "stacks", "removed"))).toBe(false);
      expectSameManifest(outdir, inProcess);
      expect(again.stdout).toContain(`Synthesized ${first} into`);
    });
  });
});

describe("GIVEN a mistake in how synth is called", () => {
  it.each([
    ["a CDKTF_OUTDIR whose parent is missing", [], { CDKTF_OUTDIR: join(tmpdir(), "no-such-parent-folder", "cdktf.out") }, /^CDKTF_OUTDIR is .*no-such-parent-folder.*, but its parent folder .* does not exist; create it or choose another CDKTF_OUTDIR$/],
    ["an unknown stack", ["--stack", "nope"], { CDKTF_OUTDIR: join(tmpdir(), "never-written") }, /^--stack nope: not a stack of this configuration; expected one of bootstrap, /],
  ])("WHEN given %s THEN it says so in one line, with no stack trace, writing nothing", async (_, args, env, message) => {
    const run = await runMain(args, env);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(message)]);
    expect(existsSync(join(tmpdir(), "never-written"))).toBe(false);
  }, 60_000);
});

describe("the bootstrap stack", () => {
  describe("GIVEN the minimal bootstrap config", () => {
    const stack = bootstrapStackOf();
    const bucket = resourceAt(stack, "aws_s3_bucket", "state/state-bucket/bucket");

    it("THEN it keeps its own state locally, beside the repository, until migrated", () => {
      expect(stack.json.terraform.backend).toEqual({ local: { path: "../../../terraform.bootstrap.tfstate" } });
    });

    it("THEN it creates the state bucket, protected from destroy, with versioning, KMS encryption, no public access and enforced ownership", () => {
      expect(bucket.resource).toMatchObject({ bucket: STATE.bucket, lifecycle: { prevent_destroy: true } });
      expect(resourceAt(stack, "aws_s3_bucket_versioning", "state/state-bucket/versioning").resource).toMatchObject({
        bucket: bucket.ref("id"),
        versioning_configuration: { status: "Enabled" },
      });
      expect(resourceAt(stack, "aws_s3_bucket_server_side_encryption_configuration", "state/state-bucket/encryption").resource).toMatchObject({
        bucket: bucket.ref("id"),
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true }],
      });
      expect(resourceAt(stack, "aws_s3_bucket_public_access_block", "state/state-bucket/public-access-block").resource).toMatchObject({
        bucket: bucket.ref("id"),
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(resourceAt(stack, "aws_s3_bucket_ownership_controls", "state/state-bucket/ownership").resource).toMatchObject({
        bucket: bucket.ref("id"),
        rule: { object_ownership: "BucketOwnerEnforced" },
      });
    });

    it("THEN the state bucket denies every request that does not use TLS", () => {
      const document = dataSourceAt(stack, "aws_iam_policy_document", "state/state-bucket/policy-document");
      expect(document.resource.statement).toEqual([
        expect.objectContaining({
          effect: "Deny",
          actions: ["s3:*"],
          principals: [{ type: "*", identifiers: ["*"] }],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        }),
      ]);
      expect(resourceAt(stack, "aws_s3_bucket_policy", "state/state-bucket/policy").resource).toMatchObject({
        bucket: bucket.ref("id"),
        policy: document.ref("json"),
      });
    });

    it("THEN noncurrent state versions expire after 90 days by default, and unfinished uploads after 7", () => {
      expect(resourceAt(stack, "aws_s3_bucket_lifecycle_configuration", "state/state-bucket/lifecycle").resource.rule).toEqual([
        expect.objectContaining({
          status: "Enabled",
          noncurrent_version_expiration: [{ noncurrent_days: 90 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        }),
      ]);
    });

    it("THEN it creates no lock table: the state is locked by Terraform's S3 lockfile", () => {
      expect(stack.json.resource?.aws_dynamodb_table).toBeUndefined();
    });
  });

  describe("GIVEN a dynamodbTable", () => {
    const stateBackend = { ...STATE, dynamodbTable: "acme-terraform-locks" };
    const stack = synthesized(buildPlatform(() => Testing.app(), { ...MINIMAL_BOOTSTRAP, stateBackend }, [minimalEnvironment({ stateBackend })]).bootstrap);

    it("THEN it creates the lock table on demand with LockID, point-in-time recovery, encryption and deletion protection", () => {
      expect(resourceAt(stack, "aws_dynamodb_table", "state/lock-table").resource).toMatchObject({
        name: "acme-terraform-locks",
        billing_mode: "PAY_PER_REQUEST",
        hash_key: "LockID",
        attribute: [{ name: "LockID", type: "S" }],
        point_in_time_recovery: { enabled: true },
        server_side_encryption: { enabled: true },
        deletion_protection_enabled: true,
        lifecycle: { prevent_destroy: true },
      });
    });
  });

  describe("GIVEN noncurrentVersionExpirationDays 30", () => {
    const stack = bootstrapStackOf({ ...MINIMAL_BOOTSTRAP, noncurrentVersionExpirationDays: 30 });

    it("THEN noncurrent state versions expire after 30 days", () => {
      const [rule] = Object.values(resourceAt(stack, "aws_s3_bucket_lifecycle_configuration", "state/state-bucket/lifecycle").resource.rule);
      expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    });
  });

  describe("GIVEN stateInBucket", () => {
    const stack = bootstrapStackOf({ ...MINIMAL_BOOTSTRAP, stateInBucket: true });

    it("THEN it keeps its state in the bucket it creates, under the project's bootstrap key, encrypted and locked", () => {
      expect(stack.json.terraform.backend).toEqual({
        s3: {
          bucket: STATE.bucket,
          region: STATE.region,
          key: "acme/bootstrap/terraform.tfstate",
          encrypt: true,
          use_lockfile: true,
        },
      });
    });
  });
});

/** The manifest the synth workers merge has the bytes the framework's own App writes, on either target. */
function expectSameManifest(actualDir: string, expectedDir: string): void {
  const [actual, expected] = [actualDir, expectedDir].map((dir) => readFileSync(join(dir, "manifest.json"), "utf8"));
  expect(actual).toBe(expected);
}
