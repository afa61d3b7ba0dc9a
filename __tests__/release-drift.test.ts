import { execFileSync } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";
import { serviceDeployTarget } from "../modules/delivery/image-publisher";
import { imageTagParameterName } from "../modules/registry/image-registries";
import { listAt, mappingAt, parseYaml, textAt, YamlValue } from "../scripts/check-workflows";
import { minimalEnvironment } from "./support/config";
import { Json, resourceAt, resourcesOf, synthEnvironment } from "./support/synth";

/**
 * "After a release the next plan is empty": what the release workflow registers must be what the
 * platform's Terraform computes for the task definition once it reads the recorded tag, tags
 * included (track_latest reads the latest revision back with its tags).
 */
const ROOT = join(__dirname, "..");
const workflow = parseYaml(readFileSync(join(ROOT, ".github", "workflows", "app-release.example.yml"), "utf8"));
const release = mappingAt(mappingAt(workflow, "jobs"), "release");
const steps = listAt(release, "steps");
const stepNamed = (name: string): YamlValue => {
  const step = steps.find((candidate) => textAt(candidate, "name") === name);
  if (!step) throw new Error(`no step ${name}`);
  return step;
};
const register = stepNamed("Register a task definition revision with the new image");
const migrate = stepNamed("Run the migration to completion before the rollout");
const record = stepNamed("Record the release");

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const REGISTRY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;

/** A GitHub expression of the workflow with the contexts the test knows substituted. */
function evaluate(expression: string | undefined, values: Readonly<Record<string, string>>): string {
  return String(expression).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for ${name} in ${expression}`);
    return value;
  });
}

const stack = synthEnvironment(
  minimalEnvironment({
    tags: { Team: "payments" },
    services: [
      {
        name: "api",
        image: { source: "ecr", tag: "v1.0.0", keepLastImages: 10 },
        cpu: 256,
        memory: 512,
        containerPort: 8080,
        desiredCount: 1,
        loadBalancer: { priority: 100, pathPatterns: ["/*"] },
        tasks: { migrate: { command: ["npm", "run", "migrate"] } },
      },
    ],
  } as never),
);
const taskDefinition = resourceAt(stack, "aws_ecs_task_definition", "service-api/task-definition");
const parameter = resourceAt(stack, "aws_ssm_parameter", "service-api/image-tag");
const target = serviceDeployTarget("acme", "test", "api", { ecrRegion: REGION, imageTagParameter: (environment, service) => imageTagParameterName("acme", environment, service) });

/** The container definitions Terraform computes once the parameter holds `tag` (the account resolved). */
function terraformContainers(resource: Json, tag: string): Json[] {
  const text = String(resource.container_definitions)
    .split(parameter.ref("insecure_value"))
    .join(tag)
    .replace(/\$\{data\.aws_caller_identity\.[^}]+\.account_id\}/g, ACCOUNT);
  return JSON.parse(text) as Json[];
}

/** The provider's default tags, as ECS returns them with `--include TAGS`. */
function defaultTags(): { key: string; value: string }[] {
  const tags = (stack.json.provider.aws as unknown as { default_tags: { tags: Record<string, string> }[] }[])[0].default_tags[0].tags;
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** What `aws ecs describe-task-definition --include TAGS` returns for a revision Terraform registered. */
function described(resource: Json, tag: string): object {
  return {
    taskDefinition: {
      taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${String(resource.family)}:7`,
      family: resource.family,
      revision: 7,
      status: "ACTIVE",
      registeredAt: "2026-12-01T10:00:00Z",
      registeredBy: `arn:aws:sts::${ACCOUNT}:assumed-role/acme-test-github-apply/apply`,
      requiresAttributes: [{ name: "com.amazonaws.ecs.capability.logging-driver.awslogs" }],
      compatibilities: ["EC2", "FARGATE"],
      containerDefinitions: terraformContainers(resource, tag),
      cpu: resource.cpu,
      memory: resource.memory,
      networkMode: resource.network_mode,
      requiresCompatibilities: resource.requires_compatibilities,
    },
    tags: defaultTags(),
  };
}

/** The workflow's own jq program over a described revision. */
function revisionFrom(describedRevision: object, container: string, image: string): Record<string, unknown> {
  const filter = String(textAt(mappingAt(release, "env"), "REVISION_FILTER"));
  const output = execFileSync("jq", ["--arg", "container", container, "--arg", "image", image, filter], { input: JSON.stringify(describedRevision), encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
  return JSON.parse(output) as Record<string, unknown>;
}

describe("GIVEN a service with an ECR image and a migrate task, and the release workflow", () => {
  const contexts = { "steps.ecr.outputs.registry": REGISTRY, "env.ECR_REPOSITORY": target.ecrRepository, "steps.release.outputs.tag": "v2.0.0" };
  const image = evaluate(textAt(mappingAt(register, "env"), "IMAGE"), contexts);

  it("THEN both task definitions read the latest revision back, and the parameter keeps what a release writes", () => {
    expect(taskDefinition.resource.track_latest).toBe(true);
    const migration = Object.values(resourcesOf(stack, "aws_ecs_task_definition")).find((resource) => String(resource.family).endsWith("-api-task-migrate"));
    expect(migration?.track_latest).toBe(true);
    // The migration runs the service's image: the workflow's revision of it names the same tag.
    expect(migration && terraformContainers(migration, "v2.0.0")[0].image).toBe(terraformContainers(taskDefinition.resource, "v2.0.0")[0].image);
    expect(parameter.resource.lifecycle).toEqual({ ignore_changes: ["insecure_value"] });
  });

  it("THEN the revision names the image by the tag, exactly as Terraform does with that tag recorded", () => {
    expect(image).toBe(`${REGISTRY}/acme-test/api:v2.0.0`);
    expect(evaluate(textAt(mappingAt(migrate, "env"), "IMAGE"), contexts)).toBe(image);
    expect(terraformContainers(taskDefinition.resource, "v2.0.0")[0].image).toBe(image);
  });

  it("THEN the release records that tag in the parameter the task definition reads, and only after the rollout", () => {
    expect(parameter.resource.name).toBe(target.imageTagParameter);
    expect(textAt(mappingAt(record, "env"), "TAG")).toBe("${{ steps.release.outputs.tag }}");
    expect(textAt(record, "run")).toContain('--name "$IMAGE_TAG_PARAMETER" --value "$TAG" --overwrite');
    expect(textAt(record, "if")).toBeUndefined();
    expect(steps.indexOf(record)).toBeGreaterThan(steps.indexOf(stepNamed("Roll out and wait until the service is stable")));
    expect(textAt(stepNamed("Check the configuration and name the release"), "run")).toMatch(/for name in [^;]*\bIMAGE_TAG_PARAMETER\b/);
  });

  it("THEN the revisions are read with their tags and registered with them", () => {
    for (const step of [register, migrate]) {
      expect(textAt(step, "run")).toMatch(/aws ecs describe-task-definition [^\n]*--include TAGS --output json/);
      expect(textAt(step, "run")).toContain('"$REVISION_FILTER"');
    }
  });

  it("WHEN the workflow's revision is compared with what Terraform computes after the release THEN nothing differs, tags included", () => {
    const revision = revisionFrom(described(taskDefinition.resource, "v1.0.0"), "api", image);
    const registered = described(taskDefinition.resource, "v2.0.0") as { taskDefinition: Record<string, unknown>; tags: unknown };
    const { taskDefinitionArn, revision: number, status, registeredAt, registeredBy, requiresAttributes, compatibilities, ...expected } = registered.taskDefinition;
    expect([taskDefinitionArn, number, status, registeredAt, registeredBy, requiresAttributes, compatibilities].every(Boolean)).toBe(true);
    expect(revision).toEqual({ ...expected, tags: registered.tags });
    expect(revision.tags).toEqual(expect.arrayContaining([{ key: "Environment", value: "test" }, { key: "Team", value: "payments" }]));
  });

  it("WHEN the running revision has no container of that name THEN the filter fails instead of registering", () => {
    expect(() => revisionFrom(described(taskDefinition.resource, "v1.0.0"), "nope", image)).toThrow(/no container named nope/);
  });
});
