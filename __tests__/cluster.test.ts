import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { dataSourceAt, ENVIRONMENT_NAMES, shippedEnvironment, Json, resourceAt, resourcesOf, synthEnvironment } from "./support/synth";

describe.each(ENVIRONMENT_NAMES)("the %s cluster", (name) => {
  const stack = synthEnvironment(name);
  const config = shippedEnvironment(name);

  it("is one Fargate cluster with Container Insights", () => {
    expect(Object.keys(resourcesOf(stack, "aws_ecs_cluster"))).toHaveLength(1);
    expect(stack.text).toHaveResourceWithProperties(EcsCluster, {
      name: `acme-${name}`,
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
  });

  it("offers Fargate and Fargate Spot with the environment's default strategy", () => {
    const { fargateBase, fargateWeight, fargateSpotWeight } = config.cluster.capacityProviderStrategy;
    expect(stack.text).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
      capacity_providers: ["FARGATE", "FARGATE_SPOT"],
      default_capacity_provider_strategy: [
        { capacity_provider: "FARGATE", base: fargateBase, weight: fargateWeight },
        { capacity_provider: "FARGATE_SPOT", base: 0, weight: fargateSpotWeight },
      ],
    });
  });

  it("logs ECS Exec sessions to an encrypted log group with a rotating customer key", () => {
    const key = resourceAt(stack, "aws_kms_key", "cluster/logs-key/key");
    const logGroup = resourceAt(stack, "aws_cloudwatch_log_group", "cluster/exec-logs");
    expect(key.resource.enable_key_rotation).toBe(true);
    expect(logGroup.resource).toMatchObject({ name: `/ecs/acme-${name}/execute-command`, kms_key_id: key.ref("arn") });
    expect(resourceAt(stack, "aws_ecs_cluster", "cluster/cluster").resource.configuration).toEqual({
      execute_command_configuration: {
        kms_key_id: key.ref("arn"),
        logging: "OVERRIDE",
        log_configuration: { cloud_watch_log_group_name: logGroup.ref("name"), cloud_watch_encryption_enabled: true },
      },
    });
  });

  it("lets CloudWatch Logs use the key only for this environment's ECS log groups", () => {
    const statements: Json[] = Object.values(dataSourceAt(stack, "aws_iam_policy_document", "cluster/logs-key/policy").resource.statement);
    const logs = statements.find((statement) => statement.sid === ("CloudWatchLogsEncryptsItsLogGroups" as unknown as Json));
    expect(logs?.principals).toEqual([{ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] }]);
    expect(JSON.stringify(logs?.condition)).toContain(`:log-group:/ecs/acme-${name}/*`);
  });

  it("encrypts every service log group with the cluster's key", () => {
    const key = resourceAt(stack, "aws_kms_key", "cluster/logs-key/key");
    for (const service of config.services ?? []) {
      expect(resourceAt(stack, "aws_cloudwatch_log_group", `service-${service.name}/logs`).resource.kms_key_id).toBe(key.ref("arn"));
    }
  });
});

describe("capacity strategy per environment", () => {
  it("runs dev mostly on Spot and prod on an on-demand base plus a Spot share", () => {
    const dev = shippedEnvironment("dev").cluster.capacityProviderStrategy;
    expect(dev.fargateBase).toBe(0);
    expect(dev.fargateSpotWeight).toBeGreaterThan(dev.fargateWeight);
    const prod = shippedEnvironment("prod").cluster.capacityProviderStrategy;
    expect(prod.fargateBase).toBeGreaterThan(0);
    expect(prod.fargateWeight).toBeGreaterThan(prod.fargateSpotWeight);
    expect(prod.fargateSpotWeight).toBeGreaterThan(0);
  });
});
