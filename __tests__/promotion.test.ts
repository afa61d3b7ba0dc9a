import { readFileSync } from "fs";
import { join } from "path";
import { TerraformDataSource, Testing } from "cdktf";
import { listAt, mappingAt, parseYaml, textAt } from "../scripts/check-workflows";
import * as teet from "../examples/teet";
import { bootstrap as shippedBootstrap, environments as shippedEnvironments } from "../environments";
import { EnvironmentInput } from "../modules/platform/schema";
import { buildPlatform } from "../modules/platform/platform";
import { PULL_ACTIONS } from "../modules/registry/container-repository";
import { changed, validationMessage } from "./support/config";
import { builtPlatform, dataSourcesOf, Json, resourcesOf, synthesized, SynthesizedStack } from "./support/synth";

/** Every statement of every IAM policy document of a stack whose construct path contains `pathPart`. */
function statementsAt(stack: SynthesizedStack, pathPart: string): Json[] {
  const documents = dataSourcesOf(stack, "aws_iam_policy_document");
  return stack.stack.node
    .findAll()
    .filter((construct): construct is TerraformDataSource => (construct as Partial<TerraformDataSource>).terraformResourceType === "aws_iam_policy_document")
    .filter((construct) => construct.node.path.includes(pathPart))
    .flatMap((construct) => Object.values(documents[stack.stack.getLogicalId(construct)].statement));
}

function shippedWith(change: (environment: EnvironmentInput & Record<string, unknown>) => void, name = "prod"): EnvironmentInput[] {
  return shippedEnvironments.map((environment) => (environment.environment === name ? changed(environment, change) : environment));
}

/** The validation message of the shipped configuration with prod changed. */
function problemsOf(environments: readonly EnvironmentInput[]): string {
  try {
    buildPlatform(() => Testing.app(), shippedBootstrap, environments);
    return "";
  } catch (error) {
    return String(error);
  }
}

describe("GIVEN registry.promoteFrom", () => {
  it.each([
    ["stagin", 'environment "prod": registry.promoteFrom is "stagin"; expected the name of another environment: dev, staging'],
    ["prod", 'environment "prod": registry.promoteFrom is "prod"; expected the name of another environment: dev, staging'],
  ])("WHEN it is %j THEN it is refused", (promoteFrom, message) => {
    expect(problemsOf(shippedWith((prod) => (prod.registry = { promoteFrom })))).toContain(message);
  });

  it("WHEN the source is not of a lower tier THEN it is refused", () => {
    const environments = shippedWith((staging) => (staging.registry = { promoteFrom: "prod" }), "staging");
    expect(problemsOf(environments)).toContain(
      'environment "staging": registry.promoteFrom is "prod"; expected an environment of a lower tier than staging (development); prod is production',
    );
  });

  it("WHEN the source does not build a service this one pulls from ECR THEN it is refused", () => {
    const source = shippedWith((staging) => (staging.services = (staging.services ?? []).filter((service) => service.name !== "api")), "staging");
    const environments = source.map((environment) => (environment.environment === "prod" ? changed(environment, (prod) => (prod.registry = { promoteFrom: "staging" })) : environment));
    expect(problemsOf(environments)).toContain('environment "prod": registry.promoteFrom is "staging"; expected an environment that builds every ECR service of this one; staging has no ECR service api');
  });

  it("WHEN it is not an environment name THEN the field's own rule says so", () => {
    expect(validationMessage(changed(shippedEnvironments[2], (prod) => ((prod as Record<string, unknown>).registry = { promoteFrom: "Staging!" })))).toContain(
      'registry.promoteFrom is "Staging!"; expected the name of another environment',
    );
  });
});

describe("GIVEN the shipped configuration with prod promoting from staging (one account)", () => {
  const platform = buildPlatform(() => Testing.app(), shippedBootstrap, shippedWith((prod) => (prod.registry = { promoteFrom: "staging" })));
  const bootstrap = synthesized(platform.bootstrap);

  it("THEN staging's repositories admit prod's publish roles, and only to pull", () => {
    const policies = Object.values(resourcesOf(bootstrap, "aws_ecr_repository_policy"));
    expect(policies.length).toBeGreaterThan(0);
    const statements = statementsAt(bootstrap, "/acme-staging-");
    expect(statements.length).toBe(policies.length);
    for (const statement of statements) {
      expect(statement.actions).toEqual([...PULL_ACTIONS]);
      const roles = Object.values(statement.condition).flatMap((condition) => Object.values(condition.values).map(String));
      expect(roles.length).toBeGreaterThan(0);
      expect(roles.every((role) => /:role\/acme-prod-github-publish-[a-z-]+$/.test(role))).toBe(true);
    }
    expect(statementsAt(bootstrap, "/acme-dev-").filter((statement) => String(statement.sid) === "PromotingEnvironmentsPull")).toEqual([]);
  });
});

describe("GIVEN TEET, whose prod (its own account) promotes from dev (another account)", () => {
  const { platform } = builtPlatform(teet.bootstrap, teet.environments);
  const devAccount = synthesized(platform.accounts.get("dev") as never);
  const prodAccount = synthesized(platform.accounts.get("prod") as never);
  const prodId = String(teet.environments.find((environment) => environment.environment === "prod")?.account?.id);
  const devId = String(teet.environments.find((environment) => environment.environment === "dev")?.account?.id);

  it("THEN dev's repository lets prod's account pull, narrowed to prod's publish role", () => {
    const [statement] = statementsAt(devAccount, "pull-policy-document");
    expect(statement.actions).toEqual(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]);
    expect(Object.values(statement.principals)[0].identifiers).toEqual([expect.stringMatching(new RegExp(`:iam::${prodId}:root$`))]);
    expect(Object.values(statement.condition)[0]).toEqual({
      test: "ArnEquals",
      variable: "aws:PrincipalArn",
      values: [expect.stringMatching(new RegExp(`:iam::${prodId}:role/teet-prod-github-publish-postgrest$`))],
    });
  });

  it("THEN prod's publish role pulls from dev's repository and may push only into its own", () => {
    const statements = statementsAt(prodAccount, "postgrest-publish/policy-document");
    const devRepository = (resource: string) => resource.includes(`:${devId}:repository/teet-dev/postgrest`);
    const onDev = statements.filter((statement) => Object.values(statement.resources ?? {}).map(String).some(devRepository));
    expect(onDev.map((statement) => statement.sid)).toEqual(["PullPromotedImages"]);
    expect(onDev[0].actions).toEqual([...PULL_ACTIONS]);
    const pushing = statements.filter((statement) => Object.values(statement.actions).map(String).includes("ecr:PutImage"));
    expect(pushing.flatMap((statement) => Object.values(statement.resources).map(String))).toEqual([expect.stringMatching(/:repository\/teet-prod\/postgrest$/)]);
  });

  it("THEN prod's own repository is still there (its tasks pull from their own account), with no foreign pullers", () => {
    expect(Object.values(resourcesOf(prodAccount, "aws_ecr_repository")).map((repository) => repository.name)).toEqual(["teet-prod/postgrest"]);
    expect(resourcesOf(prodAccount, "aws_ecr_repository_policy")).toEqual({});
  });
});

describe("GIVEN the release workflow's promotion path", () => {
  const workflow = parseYaml(readFileSync(join(__dirname, "..", ".github", "workflows", "app-release.example.yml"), "utf8"));
  const jobs = mappingAt(workflow, "jobs");
  const steps = listAt(jobs.release, "steps");
  const step = (name: string) => steps.find((candidate) => textAt(candidate, "name") === name || textAt(candidate, "id") === name);

  it("THEN the source's release is read in the source's GitHub environment, with its publish role", () => {
    expect(textAt(jobs.released, "environment")).toBe("${{ inputs.promote_from }}");
    expect(textAt(jobs.released, "if")).toContain("inputs.promote_from != ''");
    const read = listAt(jobs.released, "steps").map((candidate) => textAt(candidate, "run") ?? "").join("\n");
    expect(read).toContain('aws ssm get-parameter --region "$ECS_REGION" --name "$IMAGE_TAG_PARAMETER"');
    expect(read).toContain('--image-ids "imageTag=$tag"');
    expect(Object.keys(mappingAt(jobs.released, "outputs")).sort()).toEqual(["digest", "image", "registry_id", "tag"]);
  });

  it("THEN a promotion builds nothing, copies the digest unchanged under the source's tag, and checks it", () => {
    expect(listAt(jobs.release, "needs")).toEqual(["released"]);
    expect(textAt(step("build"), "if")).toBe("env.PROMOTE_FROM == ''");
    const promote = step("promote");
    expect(textAt(promote, "if")).toBe("env.PROMOTE_FROM != ''");
    expect(mappingAt(promote, "env")).toMatchObject({ DIGEST: "${{ needs.released.outputs.digest }}", SOURCE_IMAGE: "${{ needs.released.outputs.image }}" });
    expect(textAt(promote, "run")).toContain('skopeo copy --preserve-digests "docker://$SOURCE_IMAGE" "docker://$TARGET:$TAG"');
    expect(textAt(promote, "run")).toMatch(/if \[\[ \$copied != "\$DIGEST" \]\]; then\n\s+echo "::error::/);
    expect(textAt(step("release"), "run")).toContain('echo "tag=$PROMOTED_TAG"');
    expect(mappingAt(step("release"), "env").PROMOTED_TAG).toBe("${{ needs.released.outputs.tag }}");
    expect(mappingAt(step("Wait for the scan on push and check its findings"), "env").DIGEST).toBe("${{ steps.build.outputs.digest || steps.promote.outputs.digest }}");
  });
});
