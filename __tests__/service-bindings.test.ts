import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { TerraformStack, Testing } from "cdktf";
import { EcsCluster } from "../modules/cluster/ecs-cluster";
import { clusterSchema } from "../modules/cluster/schema";
import { createAwsContext } from "../modules/core/aws-context";
import { ServiceBinding } from "../modules/core/binding";
import { rollingDeployment } from "../modules/service/deployment";
import { EcsService } from "../modules/service/ecs-service";
import { serviceFields } from "../modules/service/schema";
import { strict } from "../modules/core/schema";
import { serviceAlarmsSchema } from "../modules/monitoring/schema";
import { RecordingMonitor } from "./support/monitor";
import { dataSourceAt, Json, resourceAt, resourcesOf, synthesized, SynthesizedStack } from "./support/synth";

/**
 * The seam every backing resource plugs into: a service applies whatever bindings it is given,
 * without knowing what is behind them. Here a made-up cache, which no module of the platform has.
 */
function serviceWithBindings(bindings: (stack: TerraformStack) => ServiceBinding[]): SynthesizedStack {
  const app = Testing.app();
  const stack = new TerraformStack(app, "harness");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const context = createAwsContext(stack, "acme", "test", "eu-west-1");
  const cluster = new EcsCluster(stack, "cluster", {
    ...clusterSchema.parse({
      capacityProviderStrategy: { fargateBase: 0, fargateWeight: 1, fargateSpotWeight: 0 },
      enableExecuteCommand: false,
      serviceLogRetentionInDays: 30,
      execLogRetentionInDays: 30,
    }),
    context,
    logsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/logs",
    monitor: new RecordingMonitor(),
  });
  new EcsService(stack, "service-worker", {
    ...strict(serviceFields).parse({ name: "worker", image: { source: "uri", uri: "public.ecr.aws/acme/worker:1.0" }, cpu: 256, memory: 512, desiredCount: 1, environment: { LOG_LEVEL: "info" } }),
    context,
    cluster,
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0aaaaaaaaaaaaaaaa"],
    registryRegion: "eu-west-1",
    monitor: new RecordingMonitor(),
    alarms: serviceAlarmsSchema.parse({}),
    deployment: rollingDeployment(),
    bindings: bindings(stack),
  });
  return synthesized(stack);
}

const CACHE_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:cache-auth-AbCdEf";

function cacheBinding(stack: TerraformStack): ServiceBinding {
  const cacheGroup = new SecurityGroup(stack, "cache-sg", { name: "cache", description: "cache", vpcId: "vpc-0123456789abcdef0" });
  return {
    environment: { CACHE_HOST: "cache.internal", CACHE_PORT: "6379" },
    secrets: { CACHE_AUTH: `${CACHE_SECRET}:token::` },
    executionRoleSecretArns: [CACHE_SECRET],
    taskRoleStatements: [{ sid: "ConnectToCache", actions: ["elasticache:Connect"], resources: ["arn:aws:elasticache:eu-west-1:123456789012:user:app"] }],
    connection: { peer: { scope: cacheGroup, peerName: "cache", peerLabel: "the cache", securityGroupId: cacheGroup.id }, port: 6379 },
  };
}

function containerOf(stack: SynthesizedStack): Json {
  return JSON.parse(String(resourceAt(stack, "aws_ecs_task_definition", "service-worker/task-definition").resource.container_definitions))[0];
}

function statementsOf(stack: SynthesizedStack, path: string): Json[] {
  return Object.values(dataSourceAt(stack, "aws_iam_policy_document", path).resource.statement);
}

describe("a service bound to a backing resource the service module has never heard of", () => {
  // GIVEN a service with one binding WHEN it is synthesized
  const stack = serviceWithBindings((scope) => [cacheBinding(scope)]);

  it("THEN the binding's variables join the service's own, sorted", () => {
    expect(containerOf(stack).environment).toEqual([
      { name: "CACHE_HOST", value: "cache.internal" },
      { name: "CACHE_PORT", value: "6379" },
      { name: "LOG_LEVEL", value: "info" },
    ]);
  });

  it("THEN its secrets are ECS secret references, and the execution role may read exactly that secret", () => {
    expect(containerOf(stack).secrets).toEqual([{ name: "CACHE_AUTH", valueFrom: `${CACHE_SECRET}:token::` }]);
    expect(statementsOf(stack, "service-worker/roles/execution-policy-document")).toContainEqual(
      expect.objectContaining({ actions: ["secretsmanager:GetSecretValue"], resources: [CACHE_SECRET] }),
    );
  });

  it("THEN the task role gets the binding's statements and nothing else", () => {
    expect(statementsOf(stack, "service-worker/roles/task-policy-document")).toEqual([
      expect.objectContaining({ sid: "ConnectToCache", actions: ["elasticache:Connect"] }),
    ]);
  });

  it("THEN one rule on each side opens the binding's port between the two groups, and nothing more", () => {
    const service = resourceAt(stack, "aws_security_group", "service-worker/security-group");
    const cache = resourceAt(stack, "aws_security_group", "cache-sg");
    expect(resourceAt(stack, "aws_vpc_security_group_egress_rule", "service-worker/egress-to-cache").resource).toMatchObject({
      security_group_id: service.ref("id"),
      referenced_security_group_id: cache.ref("id"),
      from_port: 6379,
      to_port: 6379,
      description: "To the cache",
    });
    expect(resourceAt(stack, "aws_vpc_security_group_ingress_rule", "cache-sg/ingress-from-worker").resource).toMatchObject({
      security_group_id: cache.ref("id"),
      referenced_security_group_id: service.ref("id"),
      from_port: 6379,
      description: "From service worker",
    });
    expect(Object.keys(resourcesOf(stack, "aws_vpc_security_group_ingress_rule"))).toHaveLength(1);
  });
});

describe("a service with no bindings", () => {
  // GIVEN no bindings WHEN synthesized
  const stack = serviceWithBindings(() => []);

  it("THEN it has only its own variables, no secrets, an empty task role and no peer rules", () => {
    expect(containerOf(stack).environment).toEqual([{ name: "LOG_LEVEL", value: "info" }]);
    expect(containerOf(stack).secrets).toBeUndefined();
    const [onlyPolicy] = Object.values(resourcesOf(stack, "aws_iam_role_policy"));
    expect(Object.keys(resourcesOf(stack, "aws_iam_role_policy"))).toHaveLength(1);
    expect(onlyPolicy).toEqual(resourceAt(stack, "aws_iam_role_policy", "service-worker/roles/execution-policy").resource);
    expect(resourcesOf(stack, "aws_vpc_security_group_ingress_rule")).toEqual({});
  });
});
