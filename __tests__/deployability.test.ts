import { Testing } from "cdktf";
import { bootstrap as shippedBootstrap, environments } from "../environments";
import { postgresParameters } from "../modules/database/postgres-common";
import { buildPlatform } from "../modules/platform/platform";
import { EnvironmentInput } from "../modules/platform/schema";
import { bootstrapInput, builtPlatform, Json, minimalEnvironment, MINIMAL_DATABASE, resourceAt, resourcesOf, synthBootstrap, synthEnvironment, SynthesizedStack } from "./support/synth";

const web = minimalEnvironment().services![0];
const api = { name: "api", image: { source: "ecr" as const, tag: "1.4.2" }, cpu: 256 as const, memory: 512, containerPort: 8080, desiredCount: 1, readonlyRootFilesystem: true };

function taskOf(stack: SynthesizedStack, service: string): { definition: Json; container: Json } {
  const definition = resourceAt(stack, "aws_ecs_task_definition", `service-${service}/task-definition`).resource;
  return { definition, container: JSON.parse(String(definition.container_definitions))[0] };
}

describe("ECS Exec into a container with a read-only root", () => {
  it("GIVEN exec on WHEN synthesized THEN the agent gets writable volumes on the task's storage, so execute-command works", () => {
    const { definition, container } = taskOf(synthEnvironment(minimalEnvironment({ cluster: { enableExecuteCommand: true }, services: [web, api] })), "api");
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.mountPoints).toEqual([
      { sourceVolume: "exec-agent-0", containerPath: "/managed-agents", readOnly: false },
      { sourceVolume: "exec-agent-1", containerPath: "/var/lib/amazon/ssm", readOnly: false },
      { sourceVolume: "exec-agent-2", containerPath: "/var/log/amazon/ssm", readOnly: false },
    ]);
    expect(definition.volume).toEqual([{ name: "exec-agent-0" }, { name: "exec-agent-1" }, { name: "exec-agent-2" }]);
  });

  it("GIVEN exec off and a scratch path WHEN synthesized THEN only the scratch volume is mounted", () => {
    const { definition, container } = taskOf(synthEnvironment(minimalEnvironment({ services: [web, { ...api, scratchPaths: ["/tmp"] }] })), "api");
    expect(container.mountPoints).toEqual([{ sourceVolume: "scratch-0", containerPath: "/tmp", readOnly: false }]);
    expect(definition.volume).toEqual([{ name: "scratch-0" }]);
  });

  it("GIVEN a writable root and no scratch path WHEN synthesized THEN the task has no volumes, as ECS returns it", () => {
    const { definition, container } = taskOf(synthEnvironment(minimalEnvironment({ cluster: { enableExecuteCommand: true } })), "web");
    expect(container.mountPoints).toBeUndefined();
    expect(definition.volume).toBeUndefined();
  });
});

describe("the PostgreSQL parameter group", () => {
  const parameters = postgresParameters("17", 1000);

  it("sets exactly these parameters, each for a written reason", () => {
    expect(parameters.map(({ name, value, applyMethod }) => `${name}=${value} (${applyMethod})`)).toEqual([
      "rds.force_ssl=1 (pending-reboot)",
      "log_min_duration_statement=1000 (immediate)",
      "log_connections=1 (immediate)",
      "log_disconnections=1 (immediate)",
      "log_lock_waits=1 (immediate)",
      "log_temp_files=10240 (immediate)",
      "log_autovacuum_min_duration=10000 (pending-reboot)",
      "log_statement=none (pending-reboot)",
    ]);
    for (const parameter of parameters) expect(parameter.reason.length).toBeGreaterThan(10);
  });

  it("applies every value equal to RDS's default with pending-reboot, which RDS reports back unchanged (no diff on every plan)", () => {
    const rdsDefaults: Record<string, string> = { "rds.force_ssl": "1", log_autovacuum_min_duration: "10000", log_statement: "none" };
    for (const parameter of parameters.filter((candidate) => rdsDefaults[candidate.name] === candidate.value)) {
      expect(parameter.applyMethod).toBe("pending-reboot");
    }
  });
});

describe("RDS log groups", () => {
  it("GIVEN a database WHEN synthesized THEN its log groups exist before it, encrypted and with the configured retention", () => {
    const stack = synthEnvironment(minimalEnvironment({ database: MINIMAL_DATABASE }));
    const instance = resourceAt(stack, "aws_db_instance", "database/instance");
    for (const log of ["postgresql", "upgrade"]) {
      const group = resourceAt(stack, "aws_cloudwatch_log_group", `database/instance-${log}-logs`);
      expect(group.resource).toMatchObject({
        name: `/aws/rds/instance/acme-test-postgres/${log}`,
        retention_in_days: 30,
        kms_key_id: resourceAt(stack, "aws_kms_key", "keys/logs/key").ref("arn"),
      });
      expect(instance.resource.depends_on).toContain(`aws_cloudwatch_log_group.${group.name}`);
    }
  });
});

describe("replacements that must not fail", () => {
  it("GIVEN a routed service WHEN its port changes THEN its target group gets a new name and is created before the old one goes", () => {
    const at = (containerPort: number) =>
      resourceAt(synthEnvironment(minimalEnvironment({ services: [{ ...web, containerPort }] })), "aws_lb_target_group", "service-web/target-group").resource;
    expect(at(80).lifecycle).toEqual({ create_before_destroy: true });
    expect(at(80).name).not.toBe(at(8080).name);
    // The last four characters are Terraform's hash of port, protocol, target type and VPC id.
    expect(String(at(80).name).replace(/\$\{substr\(.*\)\}$/, "abcd").length).toBeLessThanOrEqual(32);
  });
});

describe("teardown", () => {
  const buckets = (stack: SynthesizedStack) => Object.values(resourcesOf(stack, "aws_s3_bucket"));
  const withRepository = (tier: EnvironmentInput["tier"]) => minimalEnvironment({ tier, services: [web, api], network: { flowLogs: { destination: "s3" } } });
  const repositoryOf = (tier: EnvironmentInput["tier"]) =>
    resourceAt(synthBootstrap(bootstrapInput, [withRepository(tier)]), "aws_ecr_repository", "registries/acme-test-api/repository").resource;

  it("GIVEN development WHEN destroyed THEN log buckets and image repositories may go with their content", () => {
    const stack = synthEnvironment(withRepository("development"));
    expect(buckets(stack)).toHaveLength(2);
    for (const bucket of buckets(stack)) expect(bucket.force_destroy).toBe(true);
    expect(repositoryOf("development").force_delete).toBe(true);
  });

  it("GIVEN staging WHEN destroyed THEN nothing holding data is emptied", () => {
    const stack = synthEnvironment(withRepository("staging"));
    for (const bucket of buckets(stack)) expect(bucket.force_destroy).toBeFalsy();
    expect(repositoryOf("staging").force_delete).toBeFalsy();
  });
});

describe("set-up guards", () => {
  it("the shipped bootstrap stack may only act in the configured account, as the environments", () => {
    const provider = synthBootstrap().json.provider.aws as unknown as Json[];
    expect(provider[0].allowed_account_ids).toEqual(shippedBootstrap.allowedAccountIds);
    for (const environment of environments) expect(environment.allowedAccountIds).toEqual(shippedBootstrap.allowedAccountIds);
  });

  it("GIVEN the shipped placeholders WHEN built THEN every stack warns, naming the fields to change", () => {
    const { platform } = builtPlatform(bootstrapInput, environments);
    const warnings = (stack: { node: { metadata: readonly { type: string; data: unknown }[] } }) =>
      stack.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data));
    expect(warnings(platform.bootstrap).join()).toContain("still uses placeholder values at stateBackend.bucket, allowedAccountIds[0]");
    expect(warnings(platform.environments.get("prod")!).join()).toContain("loadBalancer.certificate.certificateArn");
  });

  it("GIVEN real values WHEN built THEN there is no placeholder warning", () => {
    const real = minimalEnvironment({ allowedAccountIds: ["210987654321"], stateBackend: { bucket: "globex-state-210987654321" } });
    const platform = buildPlatform(() => Testing.app(), { ...bootstrapInput, stateBackend: { ...bootstrapInput.stateBackend, bucket: "globex-state-210987654321" }, allowedAccountIds: ["210987654321"] }, [real]);
    for (const stack of [platform.bootstrap, platform.environments.get("test")!]) {
      expect(stack.node.metadata.filter((entry) => entry.type === "@cdktf/warn" && String(entry.data).includes("placeholder"))).toEqual([]);
    }
  });
});
