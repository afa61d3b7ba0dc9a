import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { Apigatewayv2VpcLink } from "@cdktf/provider-aws/lib/apigatewayv2-vpc-link";
import { ChatbotSlackChannelConfiguration } from "@cdktf/provider-aws/lib/chatbot-slack-channel-configuration";
import { CloudfrontVpcOrigin } from "@cdktf/provider-aws/lib/cloudfront-vpc-origin";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DataAwsSecretsmanagerSecretVersions } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-versions";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { DataResource, Fn, Op, TerraformSelf, TerraformStack, Token } from "cdktf";
import { POLICY_RULES } from "../modules/platform/capabilities";
import { APPLY_RULES } from "../modules/guardrails/rules/apply";
import { engineUsers } from "../modules/guardrails/rules/apply/engine-users";
import { immediateDefaults } from "../modules/guardrails/rules/apply/immediate-defaults";
import { indexWarmThroughput } from "../modules/guardrails/rules/apply/index-warm-throughput";
import { majorUpgradeImmediately } from "../modules/guardrails/rules/apply/major-upgrade-immediately";
import { protectedReplicas } from "../modules/guardrails/rules/apply/protected-replicas";
import { regionalOnlyServices } from "../modules/guardrails/rules/apply/regional-services";
import { replaceableNamedResources } from "../modules/guardrails/rules/apply/replaceable-named-resources";
import { rollbackFailsApply } from "../modules/guardrails/rules/apply/rollback-fails-apply";
import { scaledReaders } from "../modules/guardrails/rules/apply/scaled-readers";
import { servicesWaitOnNoEmptySecret } from "../modules/guardrails/rules/apply/secrets-with-value";
import { vpcLinkZones } from "../modules/guardrails/rules/apply/vpc-link-zones";
import { watchedServices } from "../modules/guardrails/rules/apply/watched-services";
import { resultsOf, statusesOf } from "./support/policy";

/** The PLAT-APPLY rules (provider and AWS behaviour that fails an apply), each on compliant and non-compliant fixtures. */

function taskDefinition(stack: TerraformStack, containers: object[]): EcsTaskDefinition {
  return new EcsTaskDefinition(stack, "task", { family: "api", containerDefinitions: JSON.stringify(containers) });
}

function service(stack: TerraformStack, task: EcsTaskDefinition, settings: Partial<ConstructorParameters<typeof EcsService>[2]> = {}): EcsService {
  return new EcsService(stack, "service", { name: "api", taskDefinition: task.arn, desiredCount: 1, ...settings });
}

describe("the PLAT-APPLY family", () => {
  it("GIVEN the rule set THEN ids are PLAT-APPLY-1.., unique, every rule cites its source and is in the policy pack", () => {
    expect(APPLY_RULES.map((rule) => rule.id)).toEqual(APPLY_RULES.map((_, index) => `PLAT-APPLY-${index + 1}`));
    for (const rule of APPLY_RULES) {
      expect(POLICY_RULES).toContain(rule);
      expect(rule.rationale).toMatch(/\.$/);
      expect(rule.errorIn.length).toBeGreaterThan(0);
    }
  });
});

describe("PLAT-APPLY-1 replaceable named resources", () => {
  it("GIVEN a security group with a fixed name and no create-before-destroy THEN it fails in every tier; a prefixed create-before-destroy one passes", () => {
    const fixed = (stack: TerraformStack) => new SecurityGroup(stack, "sg", { name: "acme-cache", vpcId: "vpc-1" });
    expect(statusesOf(replaceableNamedResources, "development", fixed)).toEqual(["fail"]);
    expect(resultsOf(replaceableNamedResources, "production", fixed)[0].reason).toMatch(/^lifecycle create_before_destroy is not set; .*; name is fixed/);
    const prefixed = (stack: TerraformStack) => new SecurityGroup(stack, "sg", { namePrefix: "acme-cache-", vpcId: "vpc-1", lifecycle: { createBeforeDestroy: true } });
    expect(statusesOf(replaceableNamedResources, "production", prefixed)).toEqual(["pass"]);
  });

  it("GIVEN a target group whose name does not change with its VPC THEN it fails; one hashing the VPC id passes", () => {
    const build = (name: (vpc: Vpc) => string) => (stack: TerraformStack) => {
      const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
      new LbTargetGroup(stack, "tg", { name: name(vpc), port: 80, protocol: "HTTP", vpcId: vpc.id, lifecycle: { createBeforeDestroy: true } });
    };
    expect(statusesOf(replaceableNamedResources, "production", build(() => "acme-api-1a2b"))).toEqual(["fail"]);
    expect(statusesOf(replaceableNamedResources, "production", build((vpc) => `acme-api-${Fn.substr(Fn.sha256(vpc.id), 0, 4)}`))).toEqual(["pass"]);
  });

  it("GIVEN a parameter group whose name lacks its family's version THEN it fails; with it, it passes", () => {
    const group = (name: string) => (stack: TerraformStack) => new DbParameterGroup(stack, "pg", { name, family: "postgres17", lifecycle: { createBeforeDestroy: true } });
    expect(statusesOf(replaceableNamedResources, "production", group("acme-postgres"))).toEqual(["fail"]);
    expect(statusesOf(replaceableNamedResources, "production", group("acme-postgres17"))).toEqual(["pass"]);
  });

  it("GIVEN a CloudFront VPC origin updated in place THEN it fails (provider #40905); replaced on every change, it passes", () => {
    const endpoint = { name: "alb", arn: "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/a/1", httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: [{ items: ["TLSv1.2"], quantity: 1 }] };
    expect(statusesOf(replaceableNamedResources, "production", (stack) => new CloudfrontVpcOrigin(stack, "o", { vpcOriginEndpointConfig: [endpoint], lifecycle: { createBeforeDestroy: true } }))).toEqual(["fail"]);
    const immutable = (stack: TerraformStack) =>
      new CloudfrontVpcOrigin(stack, "o", {
        vpcOriginEndpointConfig: [endpoint],
        lifecycle: { createBeforeDestroy: true, ignoreChanges: "all", replaceTriggeredBy: [new DataResource(stack, "config", { triggersReplace: endpoint })] },
      });
    expect(statusesOf(replaceableNamedResources, "production", immutable)).toEqual(["pass"]);
  });
});

describe("PLAT-APPLY-2 services wait on no empty secret", () => {
  const withSecret = (extra: (stack: TerraformStack, secret: SecretsmanagerSecret) => Partial<ConstructorParameters<typeof EcsService>[2]> | void) => (stack: TerraformStack) => {
    const secret = new SecretsmanagerSecret(stack, "secret", { name: "acme/prod/jwt" });
    const task = taskDefinition(stack, [{ name: "api", image: "x", secrets: [{ name: "JWT", valueFrom: secret.arn }] }]);
    service(stack, task, extra(stack, secret) ?? {});
  };

  it("GIVEN a running service reading a secret created without a value THEN it fails in every tier", () => {
    const build = withSecret(() => undefined);
    expect(statusesOf(servicesWaitOnNoEmptySecret, "development", build)).toEqual(["fail"]);
    expect(resultsOf(servicesWaitOnNoEmptySecret, "production", build)[0].reason).toMatch(/reads JWT from aws_secretsmanager_secret\.secret, which has no value/);
  });

  it("GIVEN the secret gets a generated value in the same apply THEN it passes", () => {
    const build = withSecret((stack, secret) => void new SecretsmanagerSecretVersion(stack, "value", { secretId: secret.id, secretStringWo: "${ephemeral.random_password.x.result}", secretStringWoVersion: 1 }));
    expect(statusesOf(servicesWaitOnNoEmptySecret, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN the service is held at zero until the secret lists a version, or runs no task THEN it passes", () => {
    const held = withSecret((stack, secret) => {
      const versions = new DataAwsSecretsmanagerSecretVersions(stack, "versions", { secretId: secret.arn });
      return { desiredCount: Token.asNumber(`\${length(${versions.fqn}.versions) > 0 ? 2 : 0}`) };
    });
    expect(statusesOf(servicesWaitOnNoEmptySecret, "production", held)).toEqual(["pass"]);
    expect(statusesOf(servicesWaitOnNoEmptySecret, "production", withSecret(() => ({ desiredCount: 0 })))).toEqual(["pass"]);
  });

  it("GIVEN a secret created elsewhere (an ARN) THEN it is accepted", () => {
    const build = (stack: TerraformStack) =>
      service(stack, taskDefinition(stack, [{ name: "api", image: "x", secrets: [{ name: "K", valueFrom: "arn:aws:secretsmanager:eu-west-1:1:secret:k" }] }]));
    expect(statusesOf(servicesWaitOnNoEmptySecret, "production", build)).toEqual(["pass"]);
  });
});

describe("PLAT-APPLY-3 engine users", () => {
  const build = (engine: string) => (stack: TerraformStack) => {
    const off = new ElasticacheUser(stack, "default", { userId: "d", userName: "default", engine, accessString: "off -@all", noPasswordRequired: true });
    const app = new ElasticacheUser(stack, "app", { userId: "a", userName: "a", engine, accessString: "on ~* +@all", authenticationMode: { type: "iam" } });
    new ElasticacheUserGroup(stack, "group", { userGroupId: "g", engine, userIds: [off.userId, app.userId] });
  };

  it("GIVEN a Valkey group with a password-less default user THEN the user and the group fail", () => {
    expect(statusesOf(engineUsers, "development", build("valkey"))).toEqual(["pass", "fail", "fail"]);
  });

  it("GIVEN the same users and group of engine redis THEN they pass", () => {
    expect(statusesOf(engineUsers, "production", build("redis"))).toEqual(["pass", "pass", "pass"]);
  });
});

describe("PLAT-APPLY-4 regional-only services", () => {
  const channel = (region?: string) => (stack: TerraformStack) =>
    new ChatbotSlackChannelConfiguration(stack, "slack", { configurationName: "c", iamRoleArn: "arn:aws:iam::1:role/r", slackTeamId: "T0123ABCDE", slackChannelId: "C0123ABCDE", region });

  it("GIVEN a Chatbot channel in us-east-1 THEN it fails, naming the supported regions", () => {
    expect(resultsOf(regionalOnlyServices, "development", channel("us-east-1"))[0].reason).toMatch(
      /^aws_chatbot_slack_channel_configuration is created in us-east-1; its API exists only in us-east-2, us-west-2, eu-west-1, ap-southeast-1/,
    );
  });

  it("GIVEN one in us-east-2, or in the provider's eu-west-1 THEN it passes", () => {
    expect(statusesOf(regionalOnlyServices, "production", channel("us-east-2"))).toEqual(["pass"]);
    expect(statusesOf(regionalOnlyServices, "production", channel())).toEqual(["pass"]);
  });
});

describe("PLAT-APPLY-5 protected replicas", () => {
  it("GIVEN a deletion-protected read replica THEN it fails; the protected primary passes", () => {
    const build = (stack: TerraformStack) => {
      const primary = new DbInstance(stack, "primary", { identifier: "p", instanceClass: "db.t4g.micro", engine: "postgres", deletionProtection: true });
      new DbInstance(stack, "replica", { identifier: "r", instanceClass: "db.t4g.micro", replicateSourceDb: primary.identifier, deletionProtection: true });
    };
    expect(statusesOf(protectedReplicas, "production", build)).toEqual(["pass", "fail"]);
  });
});

describe("PLAT-APPLY-6 engine defaults sent immediate", () => {
  it("GIVEN log_min_duration_statement -1 sent immediate THEN it fails (provider #18035); pending-reboot or another value passes", () => {
    const group = (value: string, applyMethod: string) => (stack: TerraformStack) =>
      new DbParameterGroup(stack, "pg", { name: "p17", family: "postgres17", parameter: [{ name: "log_min_duration_statement", value, applyMethod }] });
    expect(statusesOf(immediateDefaults, "development", group("-1", "immediate"))).toEqual(["fail"]);
    expect(statusesOf(immediateDefaults, "development", group("-1", "pending-reboot"))).toEqual(["pass"]);
    expect(statusesOf(immediateDefaults, "development", group("1000", "immediate"))).toEqual(["pass"]);
  });
});

describe("PLAT-APPLY-7 major upgrades applied immediately", () => {
  it("GIVEN allow_major_version_upgrade without apply_immediately THEN it fails (provider #19536); with it, it passes", () => {
    const db = (applyImmediately?: boolean) => (stack: TerraformStack) =>
      new DbInstance(stack, "db", { identifier: "p", instanceClass: "db.t4g.micro", engine: "postgres", allowMajorVersionUpgrade: true, applyImmediately });
    expect(statusesOf(majorUpgradeImmediately, "development", db())).toEqual(["fail"]);
    expect(statusesOf(majorUpgradeImmediately, "development", db(true))).toEqual(["pass"]);
  });
});

describe("PLAT-APPLY-8 a rolled-back rollout fails the apply", () => {
  const build = (postcondition: boolean) => (stack: TerraformStack) => {
    const task = taskDefinition(stack, [{ name: "api", image: "x" }]);
    service(stack, task, {
      waitForSteadyState: true,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      lifecycle: postcondition ? { postcondition: [{ condition: Op.eq(TerraformSelf.getString("task_definition"), task.arn), errorMessage: "rolled back" }] } : undefined,
    });
  };

  it("GIVEN a rolling-back service that waits for steady state without the postcondition THEN it fails (provider #19519, #20858)", () => {
    expect(statusesOf(rollbackFailsApply, "development", build(false))).toEqual(["fail"]);
  });

  it("GIVEN the postcondition on its task definition THEN it passes", () => {
    expect(statusesOf(rollbackFailsApply, "development", build(true))).toEqual(["pass"]);
  });
});

describe("PLAT-APPLY-9 watched services", () => {
  it("GIVEN a production worker with neither target group nor health check THEN it fails; warns in staging; not checked in development", () => {
    const build = (stack: TerraformStack) => service(stack, taskDefinition(stack, [{ name: "worker", image: "x", essential: true }]));
    expect(statusesOf(watchedServices, "production", build)).toEqual(["fail"]);
    expect(statusesOf(watchedServices, "staging", build)).toEqual(["warn"]);
    expect(statusesOf(watchedServices, "development", build)).toEqual([]);
  });

  it("GIVEN the worker has a container health check THEN it passes", () => {
    const build = (stack: TerraformStack) =>
      service(stack, taskDefinition(stack, [{ name: "worker", image: "x", essential: true, healthCheck: { command: ["CMD", "/app/healthcheck"] } }]));
    expect(statusesOf(watchedServices, "production", build)).toEqual(["pass"]);
  });
});

describe("PLAT-APPLY-10 VPC link zones", () => {
  const build = (subnetIds: string[], region?: string) => (stack: TerraformStack) =>
    new Apigatewayv2VpcLink(stack, "link", { name: "api", securityGroupIds: ["sg-1"], subnetIds, region });

  it("GIVEN a VPC link in subnets named by AZ name alone THEN it fails in every tier (use1-az3 and the like refuse it in some accounts)", () => {
    expect(statusesOf(vpcLinkZones, "development", build(["subnet-a", "subnet-b"]))).toEqual(["fail"]);
    expect(resultsOf(vpcLinkZones, "production", build(["subnet-a", "subnet-b"]))[0].reason).toMatch(/^subnet_ids are not chosen by availability zone ID; .*euw1-az1, euw1-az2, euw1-az3/);
  });

  it("GIVEN its subnets filtered by the account's zone IDs THEN it passes", () => {
    const byZoneId = (stack: TerraformStack) => {
      const zones = new DataAwsAvailabilityZones(stack, "zones", {});
      build(Fn.matchkeys(["subnet-a", "subnet-b"], [Fn.lookup(Fn.zipmap(zones.names, zones.zoneIds), "eu-west-1a"), "x"], ["euw1-az1"]))(stack);
    };
    expect(statusesOf(vpcLinkZones, "production", byZoneId)).toEqual(["pass"]);
  });

  it("GIVEN a VPC link in a region where AWS documents no VPC links THEN it fails, naming the regions that have them", () => {
    const results = resultsOf(vpcLinkZones, "staging", build(["subnet-a"], "eu-south-1"));
    expect(results.map((result) => result.status)).toEqual(["fail"]);
    expect(results[0].reason).toMatch(/^the VPC link is created in eu-south-1; API Gateway documents VPC links only in .*eu-west-1/);
  });
});

describe("PLAT-APPLY-11 index warm throughput", () => {
  const table = (indexes: string[]) => (stack: TerraformStack) =>
    new DynamodbTable(stack, "table", {
      name: "acme-orders",
      billingMode: "PAY_PER_REQUEST",
      hashKey: "id",
      attribute: [{ name: "id", type: "S" }, { name: "type", type: "S" }],
      globalSecondaryIndex: indexes.map((name) => ({ name, hashKey: "type", projectionType: "ALL" })),
    });

  it("GIVEN a table with a global secondary index THEN it fails in every tier, naming the index and provider #44692", () => {
    expect(statusesOf(indexWarmThroughput, "development", table(["by-type"]))).toEqual(["fail"]);
    expect(resultsOf(indexWarmThroughput, "production", table(["by-type"]))[0].reason).toMatch(/^global secondary index by-type is declared; .*#44692/);
  });

  it("GIVEN a table without indexes THEN it passes", () => {
    expect(statusesOf(indexWarmThroughput, "production", table([]))).toEqual(["pass"]);
  });
});

describe("PLAT-APPLY-12 autoscaled Aurora readers", () => {
  const target = (minCapacity: number, maxCapacity: number, scalableDimension = "rds:cluster:ReadReplicaCount") => (stack: TerraformStack) =>
    new AppautoscalingTarget(stack, "readers", { serviceNamespace: "rds", resourceId: "cluster:acme-dev", scalableDimension, minCapacity, maxCapacity });

  it("GIVEN reader autoscaling that may add readers THEN it fails in development, warns in staging, is not checked in production", () => {
    expect(statusesOf(scaledReaders, "development", target(1, 4))).toEqual(["fail"]);
    expect(resultsOf(scaledReaders, "development", target(1, 4))[0].reason).toMatch(/^reader autoscaling may add readers \(min_capacity 1, max_capacity 4\); .*destroy/);
    expect(statusesOf(scaledReaders, "staging", target(1, 4))).toEqual(["warn"]);
    expect(statusesOf(scaledReaders, "production", target(1, 4))).toEqual([]);
  });

  it("GIVEN maxReaders equal to minReaders, or another scalable dimension THEN it passes", () => {
    expect(statusesOf(scaledReaders, "development", target(2, 2))).toEqual(["pass"]);
    expect(statusesOf(scaledReaders, "development", target(1, 4, "ecs:service:DesiredCount"))).toEqual(["pass"]);
  });
});
