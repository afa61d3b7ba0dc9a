import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";
import { DeployEnvironment, DeployRoles } from "../modules/delivery/deploy-roles";
import { imagePublisherTargets, serviceDeployTarget } from "../modules/delivery/image-publisher";
import { DeliveryConfig, DeliveryInput, deliveryProblems, deliverySchema, resolvedPublishers } from "../modules/delivery/schema";
import { StateLocation } from "../modules/delivery/state-access";
import { PASSED_TO_SERVICES } from "../modules/platform/capabilities";
import {
  checkRepository,
  checkWorkflow,
  isMapping,
  listAt,
  mappingAt,
  nodeVersionProblems,
  npmScriptsIn,
  parseYaml,
  satisfiesConstraint,
  terraformVersionProblems,
  textAt,
  YamlValue,
} from "../scripts/check-workflows";
import { dataSourceAt, Json, minimalEnvironment, resourceAt, resourcesOf, synthEnvironment, synthesized, SynthesizedStack } from "./support/synth";

const ROOT = join(__dirname, "..");
const AUD = "token.actions.githubusercontent.com:aud";
const SUB = "token.actions.githubusercontent.com:sub";

const DELIVERY: DeliveryInput = {
  github: { repository: "acme/platform" },
  environments: { dev: {}, staging: {}, prod: { githubEnvironment: "production" } },
  imagePublishers: [{ githubRepository: "acme/api", environment: "dev", service: "api" }],
};

const ENVIRONMENTS: readonly DeployEnvironment[] = [
  { name: "dev", region: "eu-west-1", stateKey: "acme/dev/terraform.tfstate", passedToServices: PASSED_TO_SERVICES },
  { name: "staging", region: "eu-west-1", stateKey: "acme/staging/terraform.tfstate", passedToServices: PASSED_TO_SERVICES },
  { name: "prod", region: "eu-central-1", stateKey: "acme/prod/terraform.tfstate", passedToServices: PASSED_TO_SERVICES },
];

const STATE: StateLocation = { bucket: "acme-terraform-state-123456789012", lockTable: "acme-terraform-locks", region: "eu-west-1" };

/** A fresh stack holding only the deploy roles. */
function synthDeployRoles(input: DeliveryInput = DELIVERY, state: StateLocation = STATE): SynthesizedStack {
  const app = Testing.app();
  const stack = new TerraformStack(app, "harness");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const delivery = deliverySchema.parse(input);
  new DeployRoles(stack, "delivery", {
    project: "acme",
    delivery,
    environments: ENVIRONMENTS,
    state,
    otherStateKeys: ["acme/bootstrap/terraform.tfstate"],
    imagePublishers: imagePublisherTargets("acme", resolvedPublishers(delivery, []), {
      ecrRegion: "eu-west-1",
      imageTagParameter: (environment, service) => `/acme/${environment}/${service}/image-tag`,
    }),
  });
  return synthesized(stack);
}

function statementsOf(stack: SynthesizedStack, path: string): Json[] {
  return Object.values(dataSourceAt(stack, "aws_iam_policy_document", path).resource.statement);
}

function statement(stack: SynthesizedStack, path: string, sid: string): Json {
  const found = statementsOf(stack, path).find((candidate) => String(candidate.sid) === sid);
  if (!found) throw new Error(`no statement ${sid} in ${path}`);
  return found;
}

function conditionsOf(found: Json): { test: string; variable: string; values: string[] }[] {
  return Object.values(found.condition ?? {}).map((condition) => ({
    test: String(condition.test),
    variable: String(condition.variable),
    values: Object.values(condition.values).map(String),
  }));
}

function subjectsOf(stack: SynthesizedStack, trustPath: string): string[] {
  const [trust] = statementsOf(stack, trustPath);
  return conditionsOf(trust).find((condition) => condition.variable === SUB)?.values ?? [];
}

function strings(value: Json): string[] {
  return Object.values(value).map(String);
}

const stack = synthDeployRoles();
const providerArn = resourceAt(stack, "aws_iam_openid_connect_provider", "delivery/github-oidc/provider").ref("arn");
const BUCKET_ARN = `arn:${dataSourceAt(stack, "aws_partition", "delivery/partition").ref("partition")}:s3:::${STATE.bucket}`;
const TRUST_POLICIES = ["delivery/dev-plan-trust", "delivery/prod-apply-trust", "delivery/dev-api-publish/trust"];

describe("the GitHub OIDC provider", () => {
  it("THEN trusts GitHub's issuer for the STS audience, without a thumbprint (IAM validates GitHub against its trusted CAs)", () => {
    const provider = resourceAt(stack, "aws_iam_openid_connect_provider", "delivery/github-oidc/provider").resource;
    expect(provider.url).toBe("https://token.actions.githubusercontent.com");
    expect(provider.client_id_list).toEqual(["sts.amazonaws.com"]);
    expect(provider.thumbprint_list).toBeUndefined();
  });

  it("WHEN the account has one already THEN none is created and the roles trust the existing one", () => {
    const existing = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const reused = synthDeployRoles({ ...DELIVERY, github: { repository: "acme/platform", oidcProvider: { existingArn: existing } } });
    expect(resourcesOf(reused, "aws_iam_openid_connect_provider")).toEqual({});
    expect(statementsOf(reused, "delivery/dev-apply-trust")[0].principals).toEqual([{ type: "Federated", identifiers: [existing] }]);
  });
});

describe("every trust policy", () => {
  it.each(TRUST_POLICIES)("%s: only AssumeRoleWithWebIdentity through the GitHub provider, aud and sub pinned with StringEquals", (path) => {
    const trust = statementsOf(stack, path);
    expect(trust).toHaveLength(1);
    expect(trust[0].effect).toBe("Allow");
    expect(trust[0].actions).toEqual(["sts:AssumeRoleWithWebIdentity"]);
    expect(trust[0].principals).toEqual([{ type: "Federated", identifiers: [providerArn] }]);
    const conditions = conditionsOf(trust[0]);
    expect(conditions.map(({ test, variable }) => [test, variable])).toEqual([
      ["StringEquals", AUD],
      ["StringEquals", SUB],
    ]);
    expect(conditions[0].values).toEqual(["sts.amazonaws.com"]);
    expect(conditions[1].values.every((subject) => !/[*?]/.test(subject))).toBe(true);
  });

  it("THEN each role uses its own trust policy", () => {
    const role = resourceAt(stack, "aws_iam_role", "delivery/dev-apply-role").resource;
    expect(role.assume_role_policy).toBe(dataSourceAt(stack, "aws_iam_policy_document", "delivery/dev-apply-trust").ref("json"));
  });
});

describe("the plan role of an environment", () => {
  it("THEN trusts exactly pushes to main, and the pull-request plan role exactly the repository's pull requests", () => {
    expect(subjectsOf(stack, "delivery/dev-plan-trust")).toEqual(["repo:acme/platform:ref:refs/heads/main"]);
    expect(subjectsOf(stack, "delivery/dev-plan-pr-trust")).toEqual(["repo:acme/platform:pull_request"]);
  });

  it("WHEN the main branch is another THEN that branch replaces main", () => {
    const trunk = synthDeployRoles({ ...DELIVERY, github: { repository: "acme/platform", mainBranch: "trunk" } });
    expect(subjectsOf(trunk, "delivery/dev-plan-trust")).toEqual(["repo:acme/platform:ref:refs/heads/trunk"]);
    expect(subjectsOf(trunk, "delivery/dev-plan-pr-trust")).toEqual(["repo:acme/platform:pull_request"]);
  });

  it("WHEN the repository emits immutable subject claims THEN the subjects carry its owner and repository ids", () => {
    const immutable = synthDeployRoles({ ...DELIVERY, github: { repository: "acme@123456/platform@789012" } });
    expect(subjectsOf(immutable, "delivery/staging-apply-trust")).toEqual(["repo:acme@123456/platform@789012:environment:staging"]);
  });

  it("THEN is named <project>-<env>-github-plan and starts from ReadOnlyAccess", () => {
    expect(resourceAt(stack, "aws_iam_role", "delivery/dev-plan-role").resource.name).toBe("acme-dev-github-plan");
    expect(resourceAt(stack, "aws_iam_role_policy_attachment", "delivery/dev-plan-base-policy").resource.policy_arn).toMatch(/:iam::aws:policy\/ReadOnlyAccess$/);
  });

  it("THEN reads only its own state folder and writes only its lockfile and its lock item", () => {
    const document = "delivery/dev-plan-policy-document";
    expect(strings(statement(stack, document, "ReadOwnState").resources)).toEqual([`${BUCKET_ARN}/acme/dev/*`]);
    expect(strings(statement(stack, document, "TakeOwnLockfile").resources)).toEqual([`${BUCKET_ARN}/acme/dev/terraform.tfstate.tflock`]);
    const lock = statement(stack, document, "TakeOwnLock");
    expect(lock.actions).toEqual(["dynamodb:PutItem", "dynamodb:DeleteItem"]);
    expect(conditionsOf(lock)).toEqual([
      {
        test: "ForAllValues:StringEquals",
        variable: "dynamodb:LeadingKeys",
        values: ["acme-terraform-state-123456789012/acme/dev/terraform.tfstate"],
      },
    ]);
    const writes = statementsOf(stack, document).flatMap((found) => strings(found.actions)).filter((action) => /Put|Delete/.test(action));
    expect(writes.sort()).toEqual(["dynamodb:DeleteItem", "dynamodb:PutItem", "s3:DeleteObject", "s3:PutObject"]);
  });

  it("THEN reads no data: objects outside its state folder, items outside the lock table, secrets and messages are denied", () => {
    const guards = "delivery/dev-plan-guards-document";
    expect(strings(statement(stack, guards, "DenyObjectReadsButOwnState").not_resources)).toEqual([`${BUCKET_ARN}/acme/dev/*`]);
    expect(strings(statement(stack, guards, "DenyDataReads").actions)).toEqual(expect.arrayContaining(["secretsmanager:GetSecretValue", "sqs:ReceiveMessage"]));
    expect(statementsOf(stack, guards).every((found) => String(found.effect) === "Deny")).toBe(true);
  });

  it("WHEN the state bucket has a customer managed key THEN the plan may decrypt with it through S3 only", () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/state";
    const withKey = synthDeployRoles(DELIVERY, { ...STATE, kmsKeyArn: key });
    const use = statement(withKey, "delivery/dev-plan-policy-document", "UseStateKey");
    expect(use.actions).toEqual(["kms:Decrypt"]);
    expect(conditionsOf(use)[0]).toEqual({ test: "StringEquals", variable: "kms:ViaService", values: ["s3.eu-west-1.amazonaws.com"] });
  });
});

describe("the apply role of an environment", () => {
  it("THEN trusts only its GitHub environment", () => {
    expect(subjectsOf(stack, "delivery/dev-apply-trust")).toEqual(["repo:acme/platform:environment:dev"]);
    expect(subjectsOf(stack, "delivery/prod-apply-trust")).toEqual(["repo:acme/platform:environment:production"]);
  });

  it("THEN is named <project>-<env>-github-apply, starts from PowerUserAccess and lasts two hours at most", () => {
    const role = resourceAt(stack, "aws_iam_role", "delivery/prod-apply-role").resource;
    expect(role.name).toBe("acme-prod-github-apply");
    expect(role.max_session_duration).toBe(7200);
    expect(resourceAt(stack, "aws_iam_role_policy_attachment", "delivery/prod-apply-base-policy").resource.policy_arn).toMatch(/:policy\/PowerUserAccess$/);
  });

  it("THEN manages only roles named <project>-<env>-* and passes them only to the services that use them", () => {
    const document = "delivery/dev-apply-policy-document";
    expect(strings(statement(stack, document, "ManageOwnRoles").resources)).toEqual([expect.stringMatching(/:role\/acme-dev-\*$/)]);
    expect(strings(statement(stack, document, "ManageOwnRoles").actions)).not.toContain("iam:PassRole");
    const pass = statement(stack, document, "PassOwnRolesToTheirServices");
    expect(strings(pass.resources)).toEqual([expect.stringMatching(/:role\/acme-dev-\*$/)]);
    expect(conditionsOf(pass)[0]).toMatchObject({ test: "StringEquals", variable: "iam:PassedToService" });
    expect(conditionsOf(pass)[0].values).toContain("ecs-tasks.amazonaws.com");
  });

  it("THEN may not change the deploy roles themselves", () => {
    const guard = statement(stack, "delivery/dev-apply-guards-document", "DenyChangingDeployRoles");
    expect(guard.effect).toBe("Deny");
    expect(strings(guard.resources)).toEqual([expect.stringMatching(/:role\/acme-dev-github-\*$/)]);
  });

  it("THEN acts only in its region and the state's, global services aside", () => {
    const regions = (environment: string) =>
      conditionsOf(statement(stack, `delivery/${environment}-apply-guards-document`, "DenyOtherRegions"))[0];
    expect(regions("dev")).toEqual({ test: "StringNotEquals", variable: "aws:RequestedRegion", values: ["eu-west-1"] });
    expect(regions("prod").values).toEqual(["eu-central-1", "eu-west-1"]);
    expect(strings(statement(stack, "delivery/dev-apply-guards-document", "DenyOtherRegions").not_actions)).toContain("iam:*");
  });

  it("THEN touches no resource tagged as another environment's, nor tags one so", () => {
    const guards = "delivery/dev-apply-guards-document";
    expect(conditionsOf(statement(stack, guards, "DenyOtherEnvironmentsResources"))).toEqual([
      { test: "StringNotEquals", variable: "aws:ResourceTag/Environment", values: ["dev"] },
      { test: "Null", variable: "aws:ResourceTag/Environment", values: ["false"] },
    ]);
    expect(conditionsOf(statement(stack, guards, "DenyTaggingAsOtherEnvironment"))[0].variable).toBe("aws:RequestTag/Environment");
  });

  it("THEN writes its own state, and may not touch other environments' states or the bucket and table themselves", () => {
    expect(strings(statement(stack, "delivery/dev-apply-policy-document", "WriteOwnState").resources)).toEqual([`${BUCKET_ARN}/acme/dev/*`]);
    const guards = "delivery/dev-apply-guards-document";
    expect(strings(statement(stack, guards, "DenyOtherStates").resources)).toEqual([
      `${BUCKET_ARN}/acme/staging/*`,
      `${BUCKET_ARN}/acme/prod/*`,
      `${BUCKET_ARN}/acme/bootstrap/*`,
    ]);
    expect(strings(statement(stack, guards, "DenyStateBucketChanges").not_actions)).toEqual(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]);
    expect(conditionsOf(statement(stack, guards, "DenyOtherLockEntries"))[0].values).toEqual([
      "acme-terraform-state-123456789012/acme/dev/terraform.tfstate",
      "acme-terraform-state-123456789012/acme/dev/terraform.tfstate-md5",
    ]);
  });
});

describe("the image-publish role of a service", () => {
  const document = "delivery/dev-api-publish/policy-document";

  it("THEN trusts only the service repository's jobs in the environment's GitHub environment", () => {
    expect(subjectsOf(stack, "delivery/dev-api-publish/trust")).toEqual(["repo:acme/api:environment:dev"]);
    expect(resourceAt(stack, "aws_iam_role", "delivery/dev-api-publish/role").resource.name).toBe("acme-dev-github-publish-api");
  });

  it("WHEN it publishes from a branch THEN it trusts pushes to that branch only", () => {
    const fromMain = synthDeployRoles({ ...DELIVERY, imagePublishers: [{ githubRepository: "acme/api", environment: "dev", service: "api", publishFrom: { branch: "main" } }] });
    expect(subjectsOf(fromMain, "delivery/dev-api-publish/trust")).toEqual(["repo:acme/api:ref:refs/heads/main"]);
  });

  it("THEN pushes to its one repository and rolls out its one service, nothing else", () => {
    expect(strings(statement(stack, document, "PushOwnImage").resources)).toEqual([expect.stringMatching(/:ecr:eu-west-1:.*:repository\/acme-dev\/api$/)]);
    const rollOut = statement(stack, document, "RollOutOwnFamily");
    expect(strings(rollOut.resources)).toEqual([expect.stringMatching(/:ecs:eu-west-1:.*:service\/acme-dev\/acme-dev-api$/)]);
    expect(conditionsOf(rollOut)).toEqual([{ test: "ArnLikeIfExists", variable: "ecs:task-definition", values: [expect.stringMatching(/:task-definition\/acme-dev-api:\*$/)] }]);
    const pass = statement(stack, document, "PassOwnTaskRoles");
    expect(strings(pass.resources)).toEqual([expect.stringMatching(/:role\/acme-dev-api-task$/), expect.stringMatching(/:role\/acme-dev-api-execution$/)]);
    expect(conditionsOf(pass)).toEqual([{ test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] }]);
    expect(strings(statement(stack, document, "RecordRelease").resources)).toEqual([expect.stringMatching(/:parameter\/acme\/dev\/api\/image-tag$/)]);
  });

  it("THEN uses a wildcard resource only where IAM accepts no other", () => {
    const wildcard = statementsOf(stack, document).filter((found) => strings(found.resources).includes("*"));
    expect(wildcard.flatMap((found) => strings(found.actions)).sort()).toEqual([
      "ecr:GetAuthorizationToken",
      "ecs:DescribeTaskDefinition",
      "ecs:RegisterTaskDefinition",
    ]);
  });
});

describe("outputs for the GitHub variables", () => {
  it("THEN name every role ARN by environment (and service)", () => {
    expect(Object.keys(stack.json.output).sort()).toEqual([
      "github_apply_role_arns",
      "github_image_publish_role_arns",
      "github_oidc_provider_arn",
      "github_plan_role_arns",
      "github_pr_plan_role_arns",
    ]);
    for (const output of ["github_pr_plan_role_arns", "github_plan_role_arns", "github_apply_role_arns"]) {
      expect(Object.keys(stack.json.output[output].value).sort()).toEqual(ENVIRONMENTS.map((environment) => environment.name).sort());
    }
    expect(Object.keys(stack.json.output.github_image_publish_role_arns.value)).toEqual(["dev/api"]);
  });
});

describe("no long-lived access keys anywhere", () => {
  it("THEN the deploy roles create no IAM user and no access key", () => {
    for (const type of ["aws_iam_access_key", "aws_iam_user", "aws_iam_user_login_profile", "aws_iam_service_specific_credential"]) {
      expect(resourcesOf(stack, type)).toEqual({});
    }
  });

  it("THEN no module of the platform can create one", () => {
    const sources = typeScriptFiles(join(ROOT, "modules")).filter((path) => /iam-access-key|iam-user\b|IamAccessKey|IamUser\b/.test(readFileSync(path, "utf8")));
    expect(sources).toEqual([]);
  });
});

function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return typeScriptFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

describe("the delivery settings", () => {
  const parse = (input: unknown) => deliverySchema.safeParse(input);

  it("THEN default to the main branch, a new OIDC provider, each environment's own GitHub environment and publishing from it", () => {
    const config: DeliveryConfig = deliverySchema.parse({
      github: { repository: "acme/platform" },
      environments: { dev: {} },
      imagePublishers: [{ githubRepository: "acme/api", environment: "dev", service: "api" }],
    });
    expect(config.github).toEqual({ repository: "acme/platform", mainBranch: "main", oidcProvider: "create" });
    expect(config.environments).toEqual({ dev: { githubEnvironment: "dev" } });
    expect(resolvedPublishers(config, [])[0].publishFrom).toEqual({ githubEnvironment: "dev" });
  });

  it.each([
    ["a repository without owner", { repository: "platform" }],
    ["a wildcard repository", { repository: "acme/*" }],
    ["an immutable id on one side only", { repository: "acme@123/platform" }],
    ["a wildcard branch", { repository: "acme/platform", mainBranch: "release/*" }],
    ["an unknown key", { repository: "acme/platform", branch: "main" }],
    ["a provider ARN of another issuer", { repository: "acme/platform", oidcProvider: { existingArn: "arn:aws:iam::123456789012:oidc-provider/example.com" } }],
  ])("WHEN github has %s THEN it is refused", (_, github) => {
    expect(parse({ github, environments: { dev: {} } }).success).toBe(false);
  });

  it("WHEN a publisher names both a GitHub environment and a branch THEN it is refused", () => {
    const publisher = { githubRepository: "acme/api", environment: "dev", service: "api", publishFrom: { githubEnvironment: "dev", branch: "main" } };
    expect(parse({ github: { repository: "acme/platform" }, environments: { dev: {} }, imagePublishers: [publisher] }).success).toBe(false);
  });

  it("WHEN an environment's GitHub environment has a wildcard THEN it is refused", () => {
    expect(parse({ github: { repository: "acme/platform" }, environments: { dev: { githubEnvironment: "dev*" } } }).success).toBe(false);
  });

  it("THEN are checked against the environments: known names, ECR services, one publisher each, no service named like a deploy role", () => {
    const config = deliverySchema.parse({
      github: { repository: "acme/platform" },
      environments: { dev: {}, qa: {} },
      imagePublishers: [
        { githubRepository: "acme/web", environment: "dev", service: "web" },
        { githubRepository: "acme/api", environment: "dev", service: "api" },
        { githubRepository: "acme/api", environment: "dev", service: "api" },
        { githubRepository: "acme/api", environment: "uat", service: "api" },
      ],
    });
    const problems = deliveryProblems("bootstrap.delivery", config, [{ name: "dev", services: ["web", "api", "github-sync"], ecrServices: ["api"] }]);
    expect(problems).toEqual([
      'bootstrap.delivery: environments.qa is "qa"; expected one of the configured environments: dev',
      'bootstrap.delivery: imagePublishers[0].service is "web"; expected a service of environment "dev" whose image comes from ECR: api',
      'bootstrap.delivery: imagePublishers[3].environment is "uat"; expected one of the configured environments: dev',
      'bootstrap.delivery: imagePublishers[2] is "dev/api"; expected one publisher per environment and service',
      expect.stringContaining('environment "dev": services[2].name is "github-sync"; expected a name that does not start with "github"'),
    ]);
  });
});

describe("the names a publisher targets", () => {
  // GIVEN an environment with a service whose image comes from ECR WHEN it is synthesized
  const environment = synthEnvironment(
    minimalEnvironment({
      services: [
        {
          name: "worker-service",
          image: { source: "ecr", tag: "1.0.0", keepLastImages: 10 },
          cpu: 256,
          memory: 512,
          desiredCount: 1,
        },
      ],
    }),
  );
  const target = serviceDeployTarget("acme", "test", "worker-service", { ecrRegion: "eu-west-1" });

  it("THEN are the names the service construct gives its cluster, service and roles", () => {
    const names = (type: string) => Object.values(resourcesOf(environment, type)).map((resource) => String(resource.name));
    expect(names("aws_ecs_cluster")).toContain(target.cluster);
    expect(names("aws_ecs_service")).toContain(target.ecsService);
    expect(names("aws_iam_role")).toEqual(expect.arrayContaining([target.taskRole, target.executionRole]));
    expect(environment.text).toContain(target.ecrRepository);
  });
});

describe("the workflows", () => {
  const workflow = (name: string) => parseYaml(readFileSync(join(ROOT, ".github", "workflows", name), "utf8"));
  const infrastructure = workflow("infrastructure.yml");
  const apply = workflow("terraform-apply.yml");
  const jobs = mappingAt(infrastructure, "jobs");

  it("THEN parse, pin every action by commit SHA, declare permissions per job and run only existing npm scripts", () => {
    const result = checkRepository(ROOT);
    expect(result.files).toEqual(expect.arrayContaining([".github/workflows/infrastructure.yml", ".github/workflows/app-release.example.yml"]));
    expect(result.problems).toEqual([]);
  });

  it("THEN plan and apply exactly the configured environments, one apply at a time, only from main, each through the apply workflow", () => {
    // The list itself (deploy order) is tested in foundation-workflows.test.ts.
    const fromList = "${{ fromJSON(needs.test.outputs.environments) }}";
    expect(mappingAt(mappingAt(jobs.plan, "strategy"), "matrix")).toEqual({ environment: fromList });
    expect(mappingAt(jobs.apply, "strategy")).toEqual({ "max-parallel": "1", "fail-fast": "true", matrix: { environment: fromList } });
    expect(textAt(jobs.apply, "uses")).toBe("./.github/workflows/terraform-apply.yml");
    expect(mappingAt(jobs.apply, "with")).toEqual({ environment: "${{ matrix.environment }}" });
    expect(textAt(jobs.apply, "if")).toContain("github.ref == 'refs/heads/main'");
  });

  it("THEN gate each apply with its GitHub environment and never run two deploys (apply or release) of one environment at once", () => {
    const job = mappingAt(apply, "jobs").apply;
    expect(textAt(job, "environment")).toBe("${{ inputs.github_environment || inputs.environment }}");
    expect(mappingAt(job, "concurrency")).toEqual({ group: "deploy-${{ inputs.environment }}", "cancel-in-progress": "false" });
  });

  it("THEN ask for an OIDC token only in the jobs that assume a role", () => {
    const withToken = Object.entries(jobs)
      .filter(([, job]) => mappingAt(job, "permissions")["id-token"] === "write")
      .map(([name]) => name);
    expect(withToken).toEqual(["plan", "apply"]);
    expect(mappingAt(jobs.test, "permissions")).toEqual({ contents: "read" });
  });

  it("THEN read Node's and Terraform's versions from the repository", () => {
    const engines = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
    expect(nodeVersionProblems(readFileSync(join(ROOT, ".nvmrc"), "utf8"), engines)).toEqual([]);
    expect(terraformVersionProblems(readFileSync(join(ROOT, ".terraform-version"), "utf8"))).toEqual([]);
    const steps = listAt(jobs.test, "steps");
    expect(steps.map((step) => mappingAt(step, "with")["node-version-file"]).filter(Boolean)).toEqual([".nvmrc"]);
  });
});

describe("the workflow checker", () => {
  const scripts = new Set(["test", "synth"]);
  const check = (source: string) => checkWorkflow("w.yml", source, scripts).map((problem) => problem.message);
  const valid = [
    "on: [push]",
    "jobs:",
    "  build:",
    "    runs-on: ubuntu-24.04",
    "    permissions:",
    "      contents: read",
    "    steps:",
    "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
    "      - run: |",
    "          npm test",
    "          npm run synth",
  ];
  /** The valid workflow with `count` lines from `index` replaced by `lines`. */
  const replace = (index: number, count: number, ...lines: string[]) => (source: string[]) => [
    ...source.slice(0, index),
    ...lines,
    ...source.slice(index + count),
  ];

  it("WHEN a workflow follows the rules THEN it has no problem", () => {
    expect(check(valid.join("\n"))).toEqual([]);
  });

  it.each([
    ["an action pinned to a tag", replace(7, 1, "      - uses: actions/checkout@v4"), /pin it to a full 40-character commit SHA/],
    ["a SHA without its version", replace(7, 1, "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"), /without its version as a comment/],
    ["a script package.json lacks", replace(10, 1, "          npm run deploy"), /npm script "deploy"/],
    ["no permissions", replace(4, 2, "    timeout-minutes: 5", "    env: {}"), /declares no permissions/],
    ["write-all", replace(4, 2, "    permissions: write-all", "    env: {}"), /never write-all/],
    ["an OIDC token without a role to assume", replace(5, 1, "      contents: read", "      id-token: write"), /id-token: write but assumes no AWS role/],
    ["a tab in the indentation", replace(3, 1, "\truns-on: ubuntu-24.04"), /does not parse: line 4: Tabs are not allowed as indentation/],
    ["a duplicate key", replace(3, 1, "    runs-on: ubuntu-latest", "    runs-on: ubuntu-24.04"), /does not parse: line 5: Map keys must be unique/],
    ["a colon and space in a plain scalar", replace(8, 1, "      - run: echo a: b"), /does not parse: line 9: Nested mappings are not allowed/],
  ])("WHEN a workflow has %s THEN it is reported", (_, change, message) => {
    expect(check(change(valid).join("\n"))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it("THEN parses the YAML GitHub workflows use: block and flow collections, quotes, block scalars, comments", () => {
    const parsed: YamlValue = parseYaml(
      [
        "# comment",
        "name: 'it''s'",
        'on: { push: { branches: [main, "release/*"] } }',
        "env:",
        "  A: \"x # not a comment\" # a comment",
        "list:",
        "- a",
        "- b: c",
        "  d: e",
        "folded: >-",
        "  one",
        "  two",
        "",
        "literal: |",
        "  line 1",
        "    indented",
      ].join("\n"),
    );
    expect(parsed).toEqual({
      name: "it's",
      on: { push: { branches: ["main", "release/*"] } },
      env: { A: "x # not a comment" },
      list: ["a", { b: "c", d: "e" }],
      folded: "one two",
      literal: "line 1\n  indented\n",
    });
    expect(isMapping(parsed)).toBe(true);
  });

  it("THEN finds npm scripts in run steps", () => {
    expect(npmScriptsIn("npm ci && npm test\nnpm run --silent synth -- --config x\nnpm run-script check:all")).toEqual(["synth", "check:all", "test"]);
  });

  it("THEN compares versions as Terraform's constraints do", () => {
    expect(satisfiesConstraint("1.11.4", ">= 1.11")).toBe(true);
    expect(satisfiesConstraint("1.10.5", ">= 1.11")).toBe(false);
    expect(satisfiesConstraint("1.12.0", "~> 1.11.4")).toBe(false);
    expect(satisfiesConstraint("1.12.0", "~> 1.11, < 2")).toBe(true);
    expect(nodeVersionProblems("20", ">=20.9")).toEqual([]);
    expect(nodeVersionProblems("18", ">=20.9")).toHaveLength(1);
  });
});
