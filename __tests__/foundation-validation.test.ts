import { mkdtempSync, readdirSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App, Testing } from "cdktf";
import { ConfigValidationError } from "../modules/core/problems";
import { buildPlatform } from "../modules/platform/platform";
import { EnvironmentInput } from "../modules/platform/schema";
import { BootstrapInput } from "../modules/state/schema";
import { bootstrapInput, changed, changedBootstrap, Mutable, minimalEnvironment, validationMessage } from "./support/synth";

/** The message for the minimal environment with `change` applied. */
function problemWith(change: (config: Mutable<EnvironmentInput>) => void): string {
  return validationMessage(changed(minimalEnvironment(), change));
}

/** A second valid environment, next to the minimal one: its own name and a VPC that does not overlap. */
function otherEnvironment(environment: string, cidr: string): EnvironmentInput {
  return minimalEnvironment({ environment, network: { cidr } });
}

/** The ConfigValidationError building the platform throws, or undefined. */
function buildError(bootstrap: BootstrapInput, environments: readonly unknown[]): ConfigValidationError | undefined {
  try {
    buildPlatform(() => Testing.app(), bootstrap, environments);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  return undefined;
}

describe("GIVEN one valid and one invalid environment", () => {
  const valid = minimalEnvironment();
  const broken = changed(otherEnvironment("broken", "10.98.0.0/16"), (config) => void (config.region = "europe"));

  it("WHEN the platform is built THEN it fails before creating the app, so nothing is written to the output directory", () => {
    const outdir = mkdtempSync(join(tmpdir(), "platform-"));
    const createApp = jest.fn(() => new App({ outdir }));
    expect(() => buildPlatform(createApp, bootstrapInput, [valid, broken])).toThrow(ConfigValidationError);
    expect(createApp).not.toHaveBeenCalled();
    expect(readdirSync(outdir)).toEqual([]);
  });
});

describe("GIVEN two environments with a problem each", () => {
  const first = changed(minimalEnvironment(), (config) => void (config.project = ""));
  const second = changed(otherEnvironment("second", "10.98.0.0/16"), (config) => void (config.region = "mars-1"));

  it("WHEN the platform is built THEN one error lists every problem of every environment", () => {
    const error = buildError(bootstrapInput, [first, second]);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error?.problems).toContainEqual(expect.stringMatching(/^environment "test": project is ""; expected 2-16 characters/));
    expect(error?.problems).toContainEqual(
      'environment "second": region is "mars-1"; expected an AWS region code such as eu-west-1 or us-east-2',
    );
  });
});

describe("GIVEN the minimal environment", () => {
  it("THEN it is valid", () => {
    expect(validationMessage(minimalEnvironment())).toBe("");
  });

  describe("environment identity", () => {
    it("WHEN the project name is empty THEN it is rejected", () => {
      expect(problemWith((config) => void (config.project = ""))).toContain('environment "test": project is ""');
    });

    it("WHEN the project name is too long for the AWS names derived from it THEN it is rejected", () => {
      expect(problemWith((config) => void (config.project = "acme-payments-platform"))).toContain(
        'project is "acme-payments-platform"; expected 2-16 characters of a-z, 0-9 and single \'-\'',
      );
    });

    it("WHEN the environment name is not a short lowercase word THEN it is rejected", () => {
      expect(problemWith((config) => void (config.environment = "Dev-1"))).toContain(
        'environment "Dev-1": environment is "Dev-1"; expected 2-10 characters of a-z and 0-9, starting with a letter',
      );
    });

    it("WHEN it is named like the bootstrap stack THEN it is rejected", () => {
      expect(problemWith((config) => void (config.environment = "bootstrap"))).toContain(
        'environment "bootstrap": environment is "bootstrap"; expected a name other than the bootstrap stack\'s',
      );
    });

    it("WHEN the region is not a region code THEN it is rejected", () => {
      expect(problemWith((config) => void (config.region = "eu-west"))).toContain(
        'environment "test": region is "eu-west"; expected an AWS region code such as eu-west-1',
      );
    });

    it("WHEN an allowed account id is malformed THEN it is rejected", () => {
      expect(problemWith((config) => void (config.allowedAccountIds = ["12345"]))).toContain(
        'allowedAccountIds[0] is "12345"; expected a 12-digit AWS account id',
      );
    });

    it("WHEN tags override the platform's own or use the aws: prefix THEN both are rejected", () => {
      const message = problemWith((config) => void (config.tags = { Environment: "production", "aws:owner": "me" }));
      expect(message).toContain('tags has the key "Environment"; expected no Project, Environment, ManagedBy tag');
      expect(message).toContain(
        "tags has the key \"aws:owner\"; expected tag keys of 1-128 letters, digits, spaces and _ . : / = + - @ that do not start with 'aws:'",
      );
    });

    it("WHEN it is configured twice under the same name THEN the platform refuses the duplicate", () => {
      expect(() => buildPlatform(() => Testing.app(), bootstrapInput, [minimalEnvironment(), minimalEnvironment()])).toThrow(
        'environment "test": environment is "test"; expected a name no other environment uses',
      );
    });

    it("WHEN it belongs to another project than the bootstrap stack THEN it is rejected", () => {
      expect(problemWith((config) => void (config.project = "globex"))).toContain(
        'project is "globex"; expected "acme", the bootstrap stack\'s project',
      );
    });
  });

  describe("state backend", () => {
    it("WHEN its state bucket is not the one the bootstrap stack creates THEN it is rejected", () => {
      expect(problemWith((config) => void (config.stateBackend = { ...config.stateBackend, bucket: "other-state-bucket" }))).toContain(
        `stateBackend.bucket is "other-state-bucket"; expected "${bootstrapInput.stateBackend.bucket}", the bucket the bootstrap stack creates`,
      );
    });

    it("WHEN it allows an account the bootstrap stack does not (a copy from another organisation) THEN it is rejected, naming both", () => {
      const message = validationMessage(changed(minimalEnvironment(), (config) => void (config.allowedAccountIds = ["210987654321"])));
      expect(message).toContain(
        `environment "test": allowedAccountIds is ["210987654321"]; expected accounts the bootstrap stack allows too (${JSON.stringify(bootstrapInput.allowedAccountIds)})`,
      );
    });

    it("WHEN it and the bootstrap config name an invalid lock table THEN both are rejected", () => {
      const message = validationMessage(
        changed(minimalEnvironment(), (config) => void (config.stateBackend = { ...config.stateBackend, dynamodbTable: "locks!" })),
        changedBootstrap((config) => void (config.stateBackend.dynamodbTable = "locks!")),
      );
      expect(message).toContain('bootstrap: stateBackend.dynamodbTable is "locks!"; expected a DynamoDB table name');
      expect(message).toContain('environment "test": stateBackend.dynamodbTable is "locks!"');
    });
  });
});

describe("GIVEN the bootstrap config", () => {
  it("WHEN its bucket name is invalid THEN the platform refuses it", () => {
    expect(() =>
      buildPlatform(() => Testing.app(), changedBootstrap((config) => void (config.stateBackend.bucket = "Acme_State")), [minimalEnvironment()]),
    ).toThrow('bootstrap: stateBackend.bucket is "Acme_State"; expected an S3 bucket name of 3-63 characters');
  });

  it("WHEN noncurrent versions would expire in less than a day THEN the platform refuses it", () => {
    expect(() =>
      buildPlatform(() => Testing.app(), changedBootstrap((config) => void (config.noncurrentVersionExpirationDays = 0)), [minimalEnvironment()]),
    ).toThrow("bootstrap: noncurrentVersionExpirationDays is 0; expected a whole number of days from 1 to 36500");
  });

  it("WHEN there are no environments at all THEN the platform refuses to build", () => {
    expect(() => buildPlatform(() => Testing.app(), bootstrapInput, [])).toThrow("environments: none configured");
  });
});
