import { existsSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseConfiguration } from "../modules/platform/configuration";
import { synthesizeStack } from "../modules/platform/synthesis";
import { BootstrapInput } from "../modules/state/schema";
import { bootstrapInput, minimalEnvironment, validationMessage } from "./support/config";

function problemsOf(environments: readonly unknown[], bootstrap: BootstrapInput = bootstrapInput): string {
  try {
    parseConfiguration(bootstrap, environments);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

const [web] = minimalEnvironment().services ?? [];
const ecrWeb = { ...web, name: "api", image: { source: "ecr" as const, tag: "1.0.0" } };
const staging = minimalEnvironment({ environment: "staging", tier: "staging", services: [ecrWeb] });
const prod = minimalEnvironment({ environment: "prod", tier: "production", network: { cidr: "10.98.0.0/16" }, services: [ecrWeb] });

function withDelivery(delivery: BootstrapInput["delivery"]): BootstrapInput {
  return { ...bootstrapInput, delivery };
}

describe("uniqueness across environments: GitHub environments", () => {
  it("GIVEN production deployed through the GitHub environment of staging WHEN parsed THEN production's line names staging and why", () => {
    const bootstrap = withDelivery({ github: { repository: "acme/platform" }, environments: { staging: {}, prod: { githubEnvironment: "Staging" } } });
    const message = problemsOf([staging, prod], bootstrap);
    expect(message).toContain(
      'bootstrap.delivery: environments.prod.githubEnvironment is "Staging"; expected a GitHub environment no other platform environment deploys through: environment "staging" uses it',
    );
    expect(message).not.toContain("environments.staging.githubEnvironment");
  });

  it("GIVEN each environment behind its own GitHub environment WHEN parsed THEN it is valid", () => {
    const bootstrap = withDelivery({ github: { repository: "acme/platform" }, environments: { staging: {}, prod: { githubEnvironment: "production" } } });
    expect(problemsOf([staging, prod], bootstrap)).toBe("");
  });

  it("GIVEN production's image publisher trusting staging's GitHub environment WHEN parsed THEN it is refused", () => {
    const publisher = { githubRepository: "acme/api", environment: "prod", service: "api", publishFrom: { githubEnvironment: "staging" } };
    const bootstrap = withDelivery({ github: { repository: "acme/platform" }, imagePublishers: [publisher] });
    expect(problemsOf([staging, prod], bootstrap)).toContain(
      'bootstrap.delivery: imagePublishers[0].publishFrom.githubEnvironment is "staging"; expected a GitHub environment of production\'s own, not that of environment "staging" (staging)',
    );
  });

  it("GIVEN a delivery mistake and a field problem in an environment WHEN parsed THEN both are reported in one round", () => {
    const broken = minimalEnvironment({ environment: "staging", tier: "staging", services: [{ ...ecrWeb, cpu: 300 as 256 }] });
    const bootstrap = withDelivery({ github: { repository: "acme/platform" }, environments: { staging: {}, prod: { githubEnvironment: "staging" } } });
    const message = problemsOf([broken, prod], bootstrap);
    expect(message).toContain('environment "staging": services[0].cpu is 300');
    expect(message).toContain("environments.prod.githubEnvironment");
  });
});

describe("names that collide with what the platform generates", () => {
  it("GIVEN a queue named like another queue's dead-letter queue WHEN parsed THEN the generated name and its owner are named", () => {
    expect(validationMessage(minimalEnvironment({ queues: { emails: {}, "emails-dlq": {} } }))).toContain(
      'environment "test": queues.emails-dlq is "emails-dlq"; expected a name that does not make the SQS queue name acme-test-emails-dlq, which queue "emails"\'s dead-letter queue (queues.emails) has already',
    );
  });

  it("GIVEN FIFO and standard queues WHEN their names differ only by the suffix the platform adds THEN they do not collide", () => {
    expect(validationMessage(minimalEnvironment({ queues: { emails: { fifo: true }, "emails-dlq": {} } }))).toBe("");
  });

  it("GIVEN a queue named like a job's dead-letter queue WHEN parsed THEN it is refused", () => {
    const job = { name: "nightly", image: { source: "service" as const, service: "web" }, schedule: { expression: "cron(0 3 * * ? *)" } };
    expect(validationMessage(minimalEnvironment({ queues: { "job-nightly-dlq": {} }, jobs: [job] }))).toContain(
      'jobs[0].name is "nightly"; expected a name that does not make the SQS queue name acme-test-job-nightly-dlq, which queue "job-nightly-dlq"',
    );
  });

  it("GIVEN a service named like a job's task and another like a one-off task WHEN parsed THEN both are refused with the field error of a third service, in one round", () => {
    const job = { name: "nightly", image: { source: "service" as const, service: "web" }, schedule: { expression: "cron(0 3 * * ? *)" } };
    const services = [
      { ...web, tasks: { migrate: { command: ["migrate"] } } },
      { ...web, name: "job-nightly", loadBalancer: undefined },
      { ...web, name: "web-task-migrate", loadBalancer: undefined },
      { ...web, name: "broken", cpu: 300 as 256, loadBalancer: undefined },
    ];
    const message = validationMessage(minimalEnvironment({ services, jobs: [job] }));
    expect(message).toContain('services[3].cpu is 300');
    expect(message).toContain(
      'services[2].name is "web-task-migrate"; expected a name that does not make the task definition family (and IAM role names) acme-test-web-task-migrate, which one-off task "migrate" of service "web" (services[0].tasks.migrate) has already',
    );
    expect(message).toContain('jobs[0].name is "nightly"; expected a name that does not make the task definition family (and IAM role names) acme-test-job-nightly, which service "job-nightly"');
  });
});

describe("names that collide with what a binding sets", () => {
  it("GIVEN a job that uses the queues and sets a queue's variable itself WHEN parsed THEN it is refused as for a service", () => {
    const job = { name: "nightly", image: { source: "service" as const, service: "web" }, schedule: { expression: "cron(0 3 * * ? *)" }, uses: { queues: { emails: "send" as const } }, environment: { QUEUE_EMAILS_URL: "https://example.com" } };
    expect(validationMessage(minimalEnvironment({ queues: { emails: {} }, jobs: [job] }))).toContain(
      'jobs[0].environment.QUEUE_EMAILS_URL is "https://example.com"; expected no QUEUE_EMAILS_URL with uses.queues: the platform sets them',
    );
  });
});

describe("AWS limits", () => {
  it("GIVEN a queue of 1 MiB messages WHEN parsed THEN it is valid: SQS raised the limit in 2025", () => {
    expect(validationMessage(minimalEnvironment({ queues: { emails: { maxMessageSizeKiB: 1024 } } }))).toBe("");
  });

  it.each([
    ["burstLimit", { burstLimit: 0 }],
    ["rateLimit", { rateLimit: 0 }],
  ])("GIVEN API throttling with %s 0 WHEN parsed THEN it is refused: it would refuse every request", (field, throttling) => {
    const input = minimalEnvironment({ cluster: { serviceDiscoveryNamespace: "test.acme.internal" }, apiGateway: { throttling } });
    expect(validationMessage(input)).toContain(`apiGateway.throttling.${field} is 0; expected`);
    expect(validationMessage(input)).toContain("0 would refuse every request");
  });

  it("GIVEN a cache of more nodes than ElastiCache allows in a cluster WHEN parsed THEN the count and the limit are named", () => {
    const cache = { nodeType: "cache.t4g.micro", clusterMode: true, shards: 100, replicasPerShard: 5 };
    expect(validationMessage(minimalEnvironment({ cache }))).toContain(
      'cache.shards is 100; expected at most 83 shards with 5 replica(s) each: 100 × 6 is 600 nodes, and an ElastiCache cluster has at most 500',
    );
    expect(validationMessage(minimalEnvironment({ cache: { ...cache, shards: 83 } }))).toBe("");
  });

  it("GIVEN a table whose TTL attribute is a string key WHEN parsed THEN it is refused: DynamoDB expires only Number attributes", () => {
    const table = { partitionKey: { name: "id", type: "S" as const }, sortKey: { name: "expiresAt", type: "S" as const }, ttlAttribute: "expiresAt", deletionProtection: false };
    expect(validationMessage(minimalEnvironment({ tables: { sessions: table } }))).toContain(
      'tables.sessions.ttlAttribute is "expiresAt"; expected an attribute holding a Number: expiresAt is declared "S" at sortKey',
    );
    const numeric = { ...table, sortKey: { name: "expiresAt", type: "N" as const } };
    expect(validationMessage(minimalEnvironment({ tables: { sessions: numeric } }))).toBe("");
  });
});

describe("references that match nothing: frontend API paths", () => {
  const routed = (pathPatterns: string[]) =>
    minimalEnvironment({
      loadBalancer: { internal: true },
      frontend: { api: { pathPatterns: ["/api/*", "/ws/*"] } },
      services: [{ ...web, loadBalancer: { priority: 100, pathPatterns } }],
    });

  it("GIVEN a frontend API path no listener rule serves WHEN parsed THEN that path is refused, naming the paths served", () => {
    const message = validationMessage(routed(["/api/*"]));
    expect(message).toContain(`frontend.api.pathPatterns[1] is "/ws/*"; expected a path some service's loadBalancer rule serves (/api/*)`);
    expect(message).not.toContain("pathPatterns[0]");
  });

  it("GIVEN a rule serving every path WHEN parsed THEN every frontend API path is served", () => {
    expect(validationMessage(routed(["/*"]))).not.toContain("frontend.api.pathPatterns");
  });
});

describe("references that match nothing: policy suppressions", () => {
  const synthesized = (suppressions: { rule: string; path?: string; reason: string }[]) => {
    const staging = mkdtempSync(join(tmpdir(), "suppressions-"));
    try {
      const result = synthesizeStack(parseConfiguration(bootstrapInput, [minimalEnvironment({ policy: { suppressions } })]), "test", staging);
      return { violations: result.violations, written: existsSync(join(staging, "test", "stacks", "test", "cdk.tf.json")) };
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  };

  it("GIVEN a mistyped suppression path and a rule with nothing to judge there WHEN synthesized THEN both are problems and nothing is written", () => {
    const { violations, written } = synthesized([
      { rule: "PLAT-ECS-1", path: "service-wbe", reason: "the stock nginx image writes its cache" },
      { rule: "PLAT-RDS-1", path: "service-web", reason: "a rule that judges databases only" },
      { rule: "PLAT-ECS-1", path: "service-web", reason: "the stock nginx image writes its cache" },
    ]);
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringContaining('environment "test": policy.suppressions[0].path is "service-wbe"; expected the construct path of resources of this stack (below "test/"), e.g. '),
        expect.stringContaining('environment "test": policy.suppressions[1].rule is "PLAT-RDS-1"; expected a rule that judges a resource at or below "service-web"'),
      ]),
    );
    expect(violations.filter((line) => line.includes("policy.suppressions[2]"))).toEqual([]);
    expect(written).toBe(false);
  });
});
