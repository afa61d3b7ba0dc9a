import { bootstrap as shippedBootstrap, environments } from "../environments";
import { parseConfiguration } from "../modules/platform/configuration";
import { changedBootstrap, dataSourceAt, findByPath, Json, synthBootstrap, SynthesizedStack, validationMessage, minimalEnvironment } from "./support/synth";

function statementsOf(stack: SynthesizedStack, path: string): Json[] {
  return Object.values(dataSourceAt(stack, "aws_iam_policy_document", path).resource.statement);
}

describe("GIVEN the shipped bootstrap config with its GitHub delivery settings", () => {
  const bootstrap = synthBootstrap(shippedBootstrap, environments);
  const roleNames = findByPath(bootstrap, "aws_iam_role", "delivery/").map((role) => String(role.resource.name)).sort();

  it("THEN every shipped environment gets a pull-request plan, a plan and an apply role, and each of its ECR services a publisher names a publish role", () => {
    const { bootstrap: config, environments: parsed } = parseConfiguration(shippedBootstrap, environments);
    const published = new Set(config.delivery?.imagePublishers.map((publisher) => publisher.service));
    const expected = parsed.flatMap((environment) => [
      ...["plan-pr", "plan", "apply"].map((purpose) => `acme-${environment.environment}-github-${purpose}`),
      ...environment.services
        .filter((service) => service.image.source === "ecr" && published.has(service.name))
        .map((service) => `acme-${environment.environment}-github-publish-${service.name}`),
    ]);
    expect(roleNames).toEqual(expected.sort());
  });

  it("THEN a release of prod's api may push only to the repository the registries hold and record its tag where the service reads it", () => {
    const statements = statementsOf(bootstrap, "delivery/prod-api-publish/policy-document");
    const push = statements.find((statement) => statement.sid === ("PushOwnImage" as unknown as Json));
    const record = statements.find((statement) => statement.sid === ("RecordRelease" as unknown as Json));
    expect(push?.resources).toEqual([expect.stringMatching(/:ecr:eu-west-1:.*:repository\/acme-prod\/api$/)]);
    expect(record?.resources).toEqual([expect.stringMatching(/:ssm:eu-west-1:.*:parameter\/acme\/prod\/api\/image-tag$/)]);
  });
});

describe("GIVEN delivery settings that name what the environments lack", () => {
  it("WHEN a publisher names a service with a public image THEN it is refused, listing the ECR services", () => {
    const bootstrap = changedBootstrap((config) => {
      config.delivery = { github: { repository: "example-org/acme-platform" }, environments: { test: {} }, imagePublishers: [{ githubRepository: "example-org/acme-app", environment: "test", service: "web" }] };
    });
    expect(validationMessage(minimalEnvironment(), bootstrap)).toContain(
      'bootstrap.delivery: imagePublishers[0].service is "web"; expected a service of environment "test" whose image comes from ECR: none',
    );
  });
});

describe("GIVEN the shipped deploy roles WHEN Terraform plans or applies with them", () => {
  const bootstrap = synthBootstrap(shippedBootstrap, environments);
  const guards = (path: string) => statementsOf(bootstrap, path);

  it("THEN the plan role may read its environment's release-tag parameters, which the refresh needs, and no other parameter", () => {
    const deny = guards("delivery/prod-plan-guards-document").find((statement) => statement.sid === ("DenyParameterReadsButReleaseTags" as unknown as Json));
    expect(deny).toMatchObject({ effect: "Deny", actions: expect.arrayContaining(["ssm:GetParameter"]) });
    expect(deny?.not_resources).toEqual([expect.stringMatching(/:ssm:eu-west-1:.*:parameter\/acme\/prod\/\*\/image-tag$/)]);
  });

  it("THEN the apply role attaches only its own policies and AWS's service-role ones, never AdministratorAccess, and only to roles with prod's boundary", () => {
    const statements = guards("delivery/prod-apply-policy-document");
    const attach = statements.filter((statement) => JSON.stringify(statement.actions).includes("iam:AttachRolePolicy"));
    expect(attach).toHaveLength(1);
    expect(attach[0].condition).toEqual([
      expect.objectContaining({ test: "ArnLike", variable: "iam:PolicyARN", values: expect.not.arrayContaining([expect.stringContaining("AdministratorAccess")]) }),
      { test: "StringEquals", variable: "iam:PermissionsBoundary", values: [expect.stringMatching(/:policy\/acme-prod-permissions-boundary$/)] },
    ]);
  });
});

describe("GIVEN the shipped delivery settings and an environment with a mistake", () => {
  it("THEN only the mistake is reported, not that the environment is unknown to the deploy roles", () => {
    const broken = environments.map((environment) => (environment.environment === "dev" ? { ...environment, tier: "dev" } : environment));
    let message = "";
    try {
      parseConfiguration(shippedBootstrap, broken as never);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('environment "dev": tier is "dev"');
    expect(message).not.toContain("bootstrap.delivery");
  });
});
