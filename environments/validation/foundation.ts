import { ProblemList } from "../../modules/lib/problem";
import { BootstrapConfig, EnvironmentConfig, StateBackendConfig } from "../types";

/** Lengths keep derived names such as "<project>-<env>-<service>-exec" within AWS limits. */
export const PROJECT_PATTERN = /^[a-z](?:[a-z0-9]|-(?!-)){0,14}[a-z0-9]$/;
export const ENVIRONMENT_PATTERN = /^[a-z][a-z0-9]{1,9}$/;
export const REGION_PATTERN = /^(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-[1-9]$/;
const ACCOUNT_ID_PATTERN = /^\d{12}$/;
const BUCKET_PATTERN = /^[a-z0-9](?:[a-z0-9.-]{1,61})[a-z0-9]$/;
const TABLE_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;
/** Tags the platform sets itself (see PlatformStack). */
export const RESERVED_TAG_KEYS = ["Project", "Environment", "ManagedBy"] as const;

export function checkProject(project: string, problems: ProblemList): void {
  problems.check(
    PROJECT_PATTERN.test(project),
    "project",
    project,
    "2-16 characters of a-z, 0-9 and single '-', starting with a letter and not ending with '-'",
  );
}

export function checkRegion(region: string, field: string, problems: ProblemList): void {
  problems.check(REGION_PATTERN.test(region), field, region, "an AWS region code such as eu-west-1 or us-east-2");
}

export function checkAllowedAccountIds(ids: readonly string[] | undefined, problems: ProblemList): void {
  ids?.forEach((id, index) =>
    problems.check(ACCOUNT_ID_PATTERN.test(id), `allowedAccountIds[${index}]`, id, "a 12-digit AWS account id"),
  );
}

export function checkTags(tags: Readonly<Record<string, string>> | undefined, problems: ProblemList): void {
  for (const [key, value] of Object.entries(tags ?? {})) {
    problems.check(
      key.length >= 1 && key.length <= 128 && !key.toLowerCase().startsWith("aws:"),
      `tags`,
      key,
      "tag keys of 1-128 characters that do not start with 'aws:'",
    );
    problems.check(
      !(RESERVED_TAG_KEYS as readonly string[]).includes(key),
      `tags.${key}`,
      value,
      `no ${RESERVED_TAG_KEYS.join(", ")} tag: the platform sets those itself`,
    );
    problems.check(value.length <= 256, `tags.${key}`, value, "a tag value of at most 256 characters");
  }
}

export function checkStateBackend(backend: Omit<StateBackendConfig, "useLockfile">, problems: ProblemList): void {
  const field = problems.nested("stateBackend");
  field.check(
    BUCKET_PATTERN.test(backend.bucket) && !backend.bucket.includes("..") && !/^\d+\.\d+\.\d+\.\d+$/.test(backend.bucket),
    "bucket",
    backend.bucket,
    "an S3 bucket name of 3-63 characters of a-z, 0-9, '.', '-', starting and ending with a letter or digit",
  );
  checkRegion(backend.region, "region", field);
  field.check(
    TABLE_PATTERN.test(backend.dynamodbTable),
    "dynamodbTable",
    backend.dynamodbTable,
    "a DynamoDB table name of 3-255 characters of A-Z, a-z, 0-9, '_', '.', '-'",
  );
}

/** The environment's backend must be the one the bootstrap stack creates, or `terraform init` fails. */
export function checkBackendMatchesBootstrap(
  environment: EnvironmentConfig,
  bootstrap: BootstrapConfig,
  problems: ProblemList,
): void {
  const field = problems.nested("stateBackend");
  for (const key of ["bucket", "region", "dynamodbTable"] as const) {
    field.check(
      environment.stateBackend[key] === bootstrap.stateBackend[key],
      key,
      environment.stateBackend[key],
      `${JSON.stringify(bootstrap.stateBackend[key])}, the ${key} the bootstrap stack creates`,
    );
  }
}

export function checkEnvironmentIdentity(config: EnvironmentConfig, problems: ProblemList): void {
  checkProject(config.project, problems);
  problems.check(
    ENVIRONMENT_PATTERN.test(config.environment),
    "environment",
    config.environment,
    "2-10 characters of a-z and 0-9, starting with a letter",
  );
  checkRegion(config.region, "region", problems);
  checkAllowedAccountIds(config.allowedAccountIds, problems);
  checkTags(config.tags, problems);
  checkStateBackend(config.stateBackend, problems);
}
