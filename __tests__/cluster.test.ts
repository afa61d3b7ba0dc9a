import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { minimalEnvironment, resourceAt, resourcesOf, synthEnvironment } from "./support/synth";

describe("GIVEN the minimal environment (project acme, environment test, eu-west-1)", () => {
  const stack = synthEnvironment(minimalEnvironment());

  it("THEN there is one Fargate cluster named after project and environment, with Container Insights enabled by default", () => {
    expect(Object.keys(resourcesOf(stack, "aws_ecs_cluster"))).toHaveLength(1);
    expect(stack.text).toHaveResourceWithProperties(EcsCluster, {
      name: "acme-test",
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
  });
});

describe.each(["enhanced", "disabled"] as const)("GIVEN Container Insights %s", (containerInsights) => {
  const stack = synthEnvironment(minimalEnvironment({ cluster: { containerInsights } }));

  it("THEN the cluster's setting says so", () => {
    expect(resourceAt(stack, "aws_ecs_cluster", "cluster/cluster").resource.setting).toEqual([{ name: "containerInsights", value: containerInsights }]);
  });
});

describe.each([
  ["Spot-first", { fargateBase: 0, fargateWeight: 1, fargateSpotWeight: 4 }],
  ["an on-demand base plus a Spot share", { fargateBase: 2, fargateWeight: 3, fargateSpotWeight: 1 }],
  ["on-demand only", { fargateBase: 1, fargateWeight: 1, fargateSpotWeight: 0 }],
])("GIVEN a capacity strategy that is %s", (_, strategy) => {
  const stack = synthEnvironment(minimalEnvironment({ cluster: { capacityProviderStrategy: strategy } }));

  it("THEN the cluster offers Fargate and Fargate Spot with that strategy as its default", () => {
    expect(stack.text).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
      capacity_providers: ["FARGATE", "FARGATE_SPOT"],
      default_capacity_provider_strategy: [
        { capacity_provider: "FARGATE", base: strategy.fargateBase, weight: strategy.fargateWeight },
        { capacity_provider: "FARGATE_SPOT", base: 0, weight: strategy.fargateSpotWeight },
      ],
    });
    expect(resourceAt(stack, "aws_ecs_cluster_capacity_providers", "cluster/capacity-providers").resource.cluster_name).toBe(
      resourceAt(stack, "aws_ecs_cluster", "cluster/cluster").ref("name"),
    );
  });
});

describe.each([
  { exec: "on", enableExecuteCommand: true, retention: 30 },
  { exec: "off", enableExecuteCommand: false, retention: 365 },
] as const)("GIVEN ECS Exec $exec and session logs kept $retention days", ({ enableExecuteCommand, retention }) => {
  const stack = synthEnvironment(minimalEnvironment({ cluster: { enableExecuteCommand, execLogRetentionInDays: retention } }));

  it("THEN sessions are logged to an encrypted log group with a rotating customer key", () => {
    const key = resourceAt(stack, "aws_kms_key", "keys/logs/key");
    const logGroup = resourceAt(stack, "aws_cloudwatch_log_group", "cluster/exec-logs");
    expect(key.resource.enable_key_rotation).toBe(true);
    expect(logGroup.resource).toMatchObject({ name: "/ecs/acme-test/execute-command", kms_key_id: key.ref("arn"), retention_in_days: retention });
    expect(resourceAt(stack, "aws_ecs_cluster", "cluster/cluster").resource.configuration).toEqual({
      execute_command_configuration: {
        kms_key_id: key.ref("arn"),
        logging: "OVERRIDE",
        log_configuration: { cloud_watch_log_group_name: logGroup.ref("name"), cloud_watch_encryption_enabled: true },
      },
    });
  });
});

describe("GIVEN a web service, an api from ECR and a worker", () => {
  const services = ["web", "api", "worker"];
  const stack = synthEnvironment(
    minimalEnvironment({
      services: [
        minimalEnvironment().services![0],
        {
          name: "api",
          image: { source: "ecr", tag: "1.0.0" },
          cpu: 256,
          memory: 512,
          containerPort: 8080,
          desiredCount: 1,
          loadBalancer: { priority: 200, pathPatterns: ["/api/*"] },
        },
        { name: "worker", image: { source: "ecr", tag: "1.0.0" }, cpu: 256, memory: 512, desiredCount: 1 },
      ],
    }),
  );

  it("THEN every service's log group is encrypted with the environment's logs key", () => {
    const key = resourceAt(stack, "aws_kms_key", "keys/logs/key");
    for (const service of services) {
      expect(resourceAt(stack, "aws_cloudwatch_log_group", `service-${service}/logs`).resource.kms_key_id).toBe(key.ref("arn"));
    }
  });
});
