import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { spawnSync } from "child_process";
import { mkdtempSync, readdirSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App } from "cdktf";
import { bootstrap, environments } from "../environments";
import { buildPlatform } from "../modules/platform/platform";
import { changed, changedBootstrap, dataSourcesOf, onlyResource, ENVIRONMENT_NAMES, shippedEnvironment, synthBootstrap, synthEnvironment } from "./support/synth";

describe("every environment stack", () => {
  it.each(ENVIRONMENT_NAMES)("%s keeps its state in S3 under its own key, encrypted and locked", (name) => {
    const { json } = synthEnvironment(name);
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: bootstrap.stateBackend.bucket,
        region: bootstrap.stateBackend.region,
        key: `acme/${name}/terraform.tfstate`,
        encrypt: true,
        dynamodb_table: bootstrap.stateBackend.dynamodbTable,
        use_lockfile: true,
      },
    });
  });

  it("leaves out use_lockfile unless the environment opts in", () => {
    const { json } = synthEnvironment(changed("dev", (config) => void (config.stateBackend.useLockfile = false)));
    expect(json.terraform.backend.s3.use_lockfile).toBeUndefined();
    expect(json.terraform.backend.s3.dynamodb_table).toBe(bootstrap.stateBackend.dynamodbTable);
  });

  it.each(ENVIRONMENT_NAMES)("%s pins Terraform >= 1.11 and the AWS provider of the bindings", (name) => {
    const { json } = synthEnvironment(name);
    expect(json.terraform.required_version).toBe(">= 1.11");
    expect(json.terraform.required_providers.aws).toEqual({ source: "aws", version: "6.25.0" });
  });

  it.each(ENVIRONMENT_NAMES)("%s configures the provider's region, account guard and default tags", (name) => {
    const config = shippedEnvironment(name);
    const { text } = synthEnvironment(name);
    expect(text).toHaveProviderWithProperties(AwsProvider, {
      region: config.region,
      allowed_account_ids: config.allowedAccountIds,
      default_tags: [{ tags: { Project: "acme", Environment: name, ManagedBy: "cdktf", ...config.tags } }],
    });
  });

  it("omits allowed_account_ids when none are configured", () => {
    const { json } = synthEnvironment(changed("dev", (config) => void delete config.allowedAccountIds));
    expect(json.provider.aws[0].allowed_account_ids).toBeUndefined();
  });
});

/** Every stack's cdk.tf.json in `outdir`, by stack name. */
function readStacks(outdir: string): Map<string, string> {
  const stacks = readdirSync(join(outdir, "stacks")).sort();
  return new Map(stacks.map((stack) => [stack, readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")]));
}

describe("main.ts", () => {
  const outdir = mkdtempSync(join(tmpdir(), "platform-"));
  // The way `npm run synth` and `cdktf synth` run it: a fresh process, transpiled by swc.
  const run = spawnSync(process.execPath, ["--require", "./scripts/register.js", "main.ts"], {
    cwd: join(__dirname, ".."),
    env: { ...process.env, CDKTF_OUTDIR: outdir },
    encoding: "utf8",
  });

  it("synthesizes dev, staging and prod plus the bootstrap stack", () => {
    expect(run.status).toBe(0);
    expect(ENVIRONMENT_NAMES).toEqual(["dev", "staging", "prod"]);
    expect([...readStacks(outdir).keys()]).toEqual(["bootstrap", "dev", "prod", "staging"]);
  });

  it("prints the synth warnings, here dev's HTTP-only load balancer", () => {
    expect(run.stderr).toContain("Warning: dev/load-balancer: acme-dev: the load balancer serves plain HTTP");
  });

  it("writes byte-identical output to a synth in another process", () => {
    const inProcess = mkdtempSync(join(tmpdir(), "platform-"));
    buildPlatform(() => new App({ outdir: inProcess, stackTraces: false }), bootstrap, environments).app.synth();
    const expected = readStacks(inProcess);
    const actual = readStacks(outdir);
    for (const [stack, text] of expected) expect(actual.get(stack)).toBe(text);
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe(readFileSync(join(inProcess, "manifest.json"), "utf8"));
  });

  it("writes no absolute path of the machine that synthesized it", () => {
    for (const text of readStacks(outdir).values()) expect(text).not.toContain(process.cwd());
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).not.toContain(process.cwd());
  });
});

describe("bootstrap stack", () => {
  const stack = synthBootstrap();

  it("keeps its own state locally, beside the repository, until migrated", () => {
    expect(stack.json.terraform.backend).toEqual({ local: { path: "../../../terraform.bootstrap.tfstate" } });
  });

  it("moves its state into the bucket it creates when stateInBucket is set", () => {
    const migrated = synthBootstrap(changedBootstrap((config) => void (config.stateInBucket = true)));
    expect(migrated.json.terraform.backend.s3).toMatchObject({
      bucket: bootstrap.stateBackend.bucket,
      key: "acme/bootstrap/terraform.tfstate",
      encrypt: true,
      dynamodb_table: bootstrap.stateBackend.dynamodbTable,
    });
  });

  it("creates the state bucket with versioning, KMS encryption, no public access and enforced ownership", () => {
    expect(stack.text).toHaveResourceWithProperties(S3Bucket, {
      bucket: bootstrap.stateBackend.bucket,
      lifecycle: { prevent_destroy: true },
    });
    expect(stack.text).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: "Enabled" },
    });
    expect(stack.text).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true }],
    });
    expect(stack.text).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(stack.text).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
  });

  it("denies every request to the state bucket that does not use TLS", () => {
    expect(stack.text).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [
        expect.objectContaining({
          effect: "Deny",
          actions: ["s3:*"],
          principals: [{ type: "*", identifiers: ["*"] }],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        }),
      ],
    });
    const [documentName] = Object.keys(dataSourcesOf(stack, "aws_iam_policy_document"));
    expect(onlyResource(stack, "aws_s3_bucket_policy").policy).toBe(`\${data.aws_iam_policy_document.${documentName}.json}`);
  });

  it("expires noncurrent state versions after the configured days", () => {
    expect(stack.text).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [
        expect.objectContaining({
          status: "Enabled",
          noncurrent_version_expiration: [{ noncurrent_days: 90 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        }),
      ],
    });
  });

  it("creates the lock table on demand with LockID, point-in-time recovery, encryption and deletion protection", () => {
    expect(stack.text).toHaveResourceWithProperties(DynamodbTable, {
      name: bootstrap.stateBackend.dynamodbTable,
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
