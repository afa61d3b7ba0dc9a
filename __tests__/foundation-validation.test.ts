import { mkdtempSync, readdirSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App, Testing } from "cdktf";
import { bootstrap, environments } from "../environments";
import { ConfigValidationError } from "../modules/core/problems";
import { buildPlatform } from "../modules/platform/platform";
import { changed, changedBootstrap, shippedEnvironment, validationMessage } from "./support/synth";

function problemWith(change: Parameters<typeof changed>[1]): string {
  return validationMessage(changed("dev", change));
}

describe("invalid configuration", () => {
  it("fails before anything is written to the output directory", () => {
    const outdir = mkdtempSync(join(tmpdir(), "platform-"));
    const broken = changed("prod", (config) => void (config.region = "europe"));
    const createApp = jest.fn(() => new App({ outdir }));
    expect(() => buildPlatform(createApp, bootstrap, [shippedEnvironment("dev"), broken])).toThrow(ConfigValidationError);
    expect(createApp).not.toHaveBeenCalled();
    expect(readdirSync(outdir)).toEqual([]);
  });

  it("lists every problem of every environment in one error", () => {
    let error: unknown;
    try {
      buildPlatform(() => Testing.app(), bootstrap, [
        changed("dev", (config) => void (config.project = "")),
        changed("prod", (config) => void (config.region = "mars-1")),
      ]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems;
    expect(problems).toContainEqual(expect.stringMatching(/^environment "dev": project is ""; expected 2-16 characters/));
    expect(problems).toContainEqual(
      'environment "prod": region is "mars-1"; expected an AWS region code such as eu-west-1 or us-east-2',
    );
  });
});

describe("environment identity", () => {
  it("rejects an empty project name", () => {
    expect(problemWith((config) => void (config.project = ""))).toContain('environment "dev": project is ""');
  });

  it("rejects a project name too long for AWS names derived from it", () => {
    expect(problemWith((config) => void (config.project = "acme-payments-platform"))).toContain(
      'project is "acme-payments-platform"; expected 2-16 characters of a-z, 0-9 and single \'-\'',
    );
  });

  it("rejects an environment name that is not a short lowercase word", () => {
    expect(problemWith((config) => void (config.environment = "Dev-1"))).toContain(
      'environment "Dev-1": environment is "Dev-1"; expected 2-10 characters of a-z and 0-9, starting with a letter',
    );
  });

  it("rejects duplicate environment names", () => {
    expect(validationMessage(shippedEnvironment("dev"))).toBe("");
    expect(() => buildPlatform(() => Testing.app(), bootstrap, [shippedEnvironment("dev"), shippedEnvironment("dev")])).toThrow(
      'environment "dev": environment is "dev"; expected a name no other environment uses',
    );
  });

  it("rejects an environment named like the bootstrap stack", () => {
    expect(problemWith((config) => void (config.environment = "bootstrap"))).toContain(
      'environment "bootstrap": environment is "bootstrap"; expected a name other than the bootstrap stack\'s',
    );
  });

  it("rejects an unknown region format", () => {
    expect(problemWith((config) => void (config.region = "eu-west"))).toContain(
      'environment "dev": region is "eu-west"; expected an AWS region code such as eu-west-1',
    );
  });

  it("rejects malformed account ids", () => {
    expect(problemWith((config) => void (config.allowedAccountIds = ["12345"]))).toContain(
      'allowedAccountIds[0] is "12345"; expected a 12-digit AWS account id',
    );
  });

  it("rejects tags that override the platform's own or use the aws: prefix", () => {
    const message = problemWith((config) => void (config.tags = { Environment: "production", "aws:owner": "me" }));
    expect(message).toContain('tags has the key "Environment"; expected no Project, Environment, ManagedBy tag');
    expect(message).toContain("tags has the key \"aws:owner\"; expected tag keys of 1-128 letters, digits, spaces and _ . : / = + - @ that do not start with 'aws:'");
  });

  it("rejects no environments at all", () => {
    expect(() => buildPlatform(() => Testing.app(), bootstrap, [])).toThrow("environments: none configured");
  });
});

describe("state backend", () => {
  it("rejects a bucket the bootstrap stack does not create", () => {
    expect(problemWith((config) => void (config.stateBackend = { ...config.stateBackend, bucket: "other-state-bucket" }))).toContain(
      `stateBackend.bucket is "other-state-bucket"; expected "${bootstrap.stateBackend.bucket}", the bucket the bootstrap stack creates`,
    );
  });

  it("rejects an invalid bucket name in the bootstrap config", () => {
    expect(() =>
      buildPlatform(() => Testing.app(), changedBootstrap((config) => void (config.stateBackend.bucket = "Acme_State")), environments),
    ).toThrow('bootstrap: stateBackend.bucket is "Acme_State"; expected an S3 bucket name of 3-63 characters');
  });

  it("rejects an invalid lock table name", () => {
    const message = validationMessage(
      changed("dev", (config) => void (config.stateBackend = { ...config.stateBackend, dynamodbTable: "locks!" })),
      changedBootstrap((config) => void (config.stateBackend.dynamodbTable = "locks!")),
    );
    expect(message).toContain('bootstrap: stateBackend.dynamodbTable is "locks!"; expected a DynamoDB table name');
    expect(message).toContain('environment "dev": stateBackend.dynamodbTable is "locks!"');
  });

  it("rejects a noncurrent version expiry below one day", () => {
    expect(() =>
      buildPlatform(() => Testing.app(), changedBootstrap((config) => void (config.noncurrentVersionExpirationDays = 0)), environments),
    ).toThrow("bootstrap: noncurrentVersionExpirationDays is 0; expected a whole number of days from 1 to 36500");
  });

  it("rejects an environment of another project than the bootstrap stack's", () => {
    expect(problemWith((config) => void (config.project = "globex"))).toContain(
      'project is "globex"; expected "acme", the bootstrap stack\'s project',
    );
  });
});
