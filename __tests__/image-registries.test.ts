import { EnvironmentInput } from "../modules/platform/schema";
import { bootstrapInput, changed, dataSourceAt, findByPath, minimalEnvironment, resourceAt, synthBootstrap, synthEnvironment } from "./support/synth";

type ServiceInput = NonNullable<EnvironmentInput["services"]>[number];

const ecrService = (name: string, tag: string, keepLastImages: number): ServiceInput => ({
  name,
  image: { source: "ecr", tag, keepLastImages },
  cpu: 256,
  memory: 512,
  desiredCount: 1,
});

/** "test" runs web (public image) and api (ECR); "qa", a staging environment, runs api and worker from ECR. */
const TEST = minimalEnvironment({
  services: [...minimalEnvironment().services!, { ...ecrService("api", "1.4.2", 12), containerPort: 8080 }],
});
const QA = minimalEnvironment({
  environment: "qa",
  tier: "staging",
  network: { cidr: "10.98.0.0/16" },
  loadBalancer: { deletionProtection: true },
  services: [{ ...ecrService("api", "2.0.0", 30), containerPort: 8080, loadBalancer: { priority: 100, pathPatterns: ["/*"] } }, ecrService("worker", "2.0.0", 30)],
});

describe("GIVEN a development environment and a staging one with services built into ECR images", () => {
  const bootstrap = synthBootstrap(bootstrapInput, [TEST, QA]);
  const repository = (name: string) => resourceAt(bootstrap, "aws_ecr_repository", `registries/${name}/repository`);

  describe("WHEN the bootstrap stack is synthesized", () => {
    it("THEN it holds one repository per environment and ECR service, a stage before the environments, and none for public images", () => {
      const names = findByPath(bootstrap, "aws_ecr_repository", "registries/").map((found) => found.resource.name);
      expect(names).toEqual(["acme-test/api", "acme-qa/api", "acme-qa/worker"]);
    });

    it("THEN every repository has immutable tags, scans on push and encrypts with the images' own rotated key", () => {
      const key = resourceAt(bootstrap, "aws_kms_key", "registries/images/key");
      expect(key.resource.enable_key_rotation).toBe(true);
      expect(resourceAt(bootstrap, "aws_kms_alias", "registries/images/alias").resource.name).toBe("alias/acme-images");
      for (const name of ["acme-test-api", "acme-qa-api", "acme-qa-worker"]) {
        expect(repository(name).resource).toMatchObject({
          image_tag_mutability: "IMMUTABLE",
          image_scanning_configuration: { scan_on_push: true },
          encryption_configuration: [{ encryption_type: "KMS", kms_key: key.ref("arn") }],
        });
      }
    });

    it("THEN the lifecycle keeps the first release forever, drops untagged layers after a week, and keeps the last N images", () => {
      const lifecycle = resourceAt(bootstrap, "aws_ecr_lifecycle_policy", "registries/acme-test-api/lifecycle").resource;
      expect(lifecycle.repository).toBe(repository("acme-test-api").ref("name"));
      const rules = JSON.parse(String(lifecycle.policy)).rules;
      expect(rules.map((rule: { selection: unknown }) => rule.selection)).toEqual([
        { tagStatus: "tagged", tagPatternList: ["1.4.2"], countType: "imageCountMoreThan", countNumber: 100000 },
        { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
        { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 12 },
      ]);
      expect(rules.map((rule: { rulePriority: number }) => rule.rulePriority)).toEqual([1, 2, 3]);
    });

    it("THEN only a development environment's repositories may be destroyed with their images", () => {
      expect(repository("acme-test-api").resource.force_delete).toBe(true);
      expect(repository("acme-qa-api").resource.force_delete).toBeFalsy();
    });

    it("THEN it outputs each repository's URL for the app pipeline, by name", () => {
      expect(bootstrap.json.output.repository_urls.value).toEqual({
        "acme-test/api": repository("acme-test-api").ref("repository_url"),
        "acme-qa/api": repository("acme-qa-api").ref("repository_url"),
        "acme-qa/worker": repository("acme-qa-worker").ref("repository_url"),
      });
    });
  });

  describe("WHEN the environment is synthesized", () => {
    const environment = synthEnvironment(QA);

    it("THEN each service pulls from the repository the bootstrap stack creates, in its region and account", () => {
      const account = dataSourceAt(environment, "aws_caller_identity", "current-account").ref("account_id");
      const containers = JSON.parse(String(resourceAt(environment, "aws_ecs_task_definition", "service-worker/task-definition").resource.container_definitions));
      expect(containers[0].image).toMatch(new RegExp(`^\\$\\{${account.slice(2, -1).replace(/\./g, "\\.")}\\}\\.dkr\\.ecr\\.eu-west-1\\.amazonaws\\.com/acme-qa/worker:`));
    });

    it("THEN the environment itself creates no repository and no image key", () => {
      expect(findByPath(environment, "aws_ecr_repository", "")).toHaveLength(0);
    });
  });
});

describe("GIVEN an environment running ECR images WHEN a release ships a new tag", () => {
  /** The environment's JSON with the release parameters' initial values, which Terraform never applies again, taken out. */
  const withoutInitialTags = (tag: string) => {
    const json = structuredClone(synthEnvironment(changed(QA, (config) => void (config.services![1].image = { source: "ecr", tag, keepLastImages: 30 }))).json) as unknown as {
      resource: { aws_ssm_parameter: Record<string, { insecure_value?: string }> };
    };
    for (const parameter of Object.values(json.resource.aws_ssm_parameter)) delete parameter.insecure_value;
    return json;
  };

  it("THEN the release writes only the parameter: the synthesized environment does not change, so the next plan is empty", () => {
    // What the pipeline changes lives outside the JSON; even a tag edited in the config moves only the ignored initial value.
    expect(withoutInitialTags("2.1.0")).toEqual(withoutInitialTags("2.0.0"));
  });
});

describe("GIVEN environments that run only public images", () => {
  it("THEN the bootstrap stack still has the images' key, and no repository", () => {
    const bootstrap = synthBootstrap(bootstrapInput, [minimalEnvironment()]);
    expect(findByPath(bootstrap, "aws_ecr_repository", "")).toHaveLength(0);
    expect(bootstrap.json.output.repository_urls.value).toEqual({});
  });
});
