import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { TerraformStack } from "cdktf";
import { TIERS } from "../modules/core/tiers";
import { PolicyRule } from "../modules/core/policy-rule";
import { CONTAINER_RULES } from "../modules/guardrails/rules/containers";
import { DATA_RULES } from "../modules/guardrails/rules/data";
import { CACHE_RULES } from "../modules/cache/rules";
import { QUEUE_RULES } from "../modules/queue/rules";
import { TABLE_RULES } from "../modules/table/rules";
import { WAF_RULES } from "../modules/guardrails/rules/waf";
import { API_GATEWAY_RULES } from "../modules/api-gateway/rules";
import { FRONTEND_RULES } from "../modules/cdn/rules";
import { LOAD_BALANCER_RULES } from "../modules/load-balancer/rules";
import { cloudfrontWebAcl } from "../modules/cdn/rules/cloudfront-waf";
import { dynamodbCustomerManagedKey } from "../modules/table/rules/dynamodb-customer-managed-key";
import { dynamodbDeletionProtection } from "../modules/table/rules/dynamodb-deletion-protection";
import { dynamodbPointInTimeRecovery } from "../modules/table/rules/dynamodb-point-in-time-recovery";
import { ecsNoPlaintextCredentials } from "../modules/guardrails/rules/containers/ecs-no-plaintext-credentials";
import { ecsNoPrivileged } from "../modules/guardrails/rules/containers/ecs-no-privileged";
import { ecsReadonlyRootFilesystem } from "../modules/guardrails/rules/containers/ecs-readonly-root-filesystem";
import { elasticacheEncryptionAtRest } from "../modules/cache/rules/elasticache-encryption-at-rest";
import { elasticacheEncryptionInTransit } from "../modules/cache/rules/elasticache-encryption-in-transit";
import { lbDeletionProtection } from "../modules/load-balancer/rules/lb-deletion-protection";
import { lbDropInvalidHeaders } from "../modules/load-balancer/rules/lb-drop-invalid-headers";
import { lbHttpsOnly } from "../modules/load-balancer/rules/lb-https-only";
import { lbWebAcl } from "../modules/load-balancer/rules/lb-waf";
import { secretCustomerManagedKey } from "../modules/guardrails/rules/data/secret-customer-managed-key";
import { snsCustomerManagedKey } from "../modules/guardrails/rules/data/sns-customer-managed-key";
import { sqsCustomerManagedKey } from "../modules/queue/rules/sqs-customer-managed-key";
import { webAclLogging } from "../modules/guardrails/rules/waf/web-acl-logging";
import { resultsOf, statusesOf } from "./support/policy";

type Build = (stack: TerraformStack) => void;
type Settings<T extends abstract new (...args: never[]) => unknown> = Partial<ConstructorParameters<T>[2]>;

/** The status of a rule on the fixture in each tier, development first. */
function byTier(rule: PolicyRule, build: Build): string[][] {
  return TIERS.map((tier) => statusesOf(rule, tier, build));
}

/** The one result's reason in production. */
function productionReason(rule: PolicyRule, build: Build): string | undefined {
  const results = resultsOf(rule, "production", build);
  expect(results).toHaveLength(1);
  return results[0].reason;
}

// ---------------------------------------------------------------- fixtures

function loadBalancer(stack: TerraformStack, id = "alb", settings: Settings<typeof Lb> = {}): Lb {
  return new Lb(stack, id, { name: id, loadBalancerType: "application", subnets: ["subnet-1", "subnet-2"], ...settings });
}

function listener(stack: TerraformStack, lb: Lb, id: string, settings: Settings<typeof LbListener> = {}): LbListener {
  return new LbListener(stack, id, {
    loadBalancerArn: lb.arn,
    port: 80,
    protocol: "HTTP",
    defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }],
    ...settings,
  });
}

const REDIRECT_TO_HTTPS = [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }];

function webAcl(stack: TerraformStack, id = "acl"): Wafv2WebAcl {
  return new Wafv2WebAcl(stack, id, {
    name: id,
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: id, sampledRequestsEnabled: true },
  });
}

function distribution(stack: TerraformStack, settings: Settings<typeof CloudfrontDistribution> = {}): CloudfrontDistribution {
  return new CloudfrontDistribution(stack, "cdn", {
    enabled: true,
    origin: [{ domainName: "origin.example.com", originId: "origin", customOriginConfig: customOrigin() }],
    defaultCacheBehavior: {
      allowedMethods: ["GET", "HEAD"],
      cachedMethods: ["GET", "HEAD"],
      targetOriginId: "origin",
      viewerProtocolPolicy: "redirect-to-https",
      cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
    },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
    ...settings,
  });
}

function customOrigin() {
  return { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] };
}

/** A task definition of the given containers (each a container definition object). */
function taskDefinition(stack: TerraformStack, containers: readonly object[] | string): EcsTaskDefinition {
  return new EcsTaskDefinition(stack, "task", {
    family: "web",
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: "256",
    memory: "512",
    containerDefinitions: typeof containers === "string" ? containers : JSON.stringify(containers),
  });
}

function container(name: string, settings: object = {}): object {
  return { name, image: "public.ecr.aws/nginx/nginx:1.27", essential: true, readonlyRootFilesystem: true, ...settings };
}

function key(stack: TerraformStack): KmsKey {
  return new KmsKey(stack, "key", { description: "test", enableKeyRotation: true });
}

function table(stack: TerraformStack, settings: Settings<typeof DynamodbTable> = {}): DynamodbTable {
  return new DynamodbTable(stack, "table", {
    name: "items",
    billingMode: "PAY_PER_REQUEST",
    hashKey: "id",
    attribute: [{ name: "id", type: "S" }],
    ...settings,
  });
}

function cache(stack: TerraformStack, settings: Settings<typeof ElasticacheReplicationGroup> = {}): ElasticacheReplicationGroup {
  return new ElasticacheReplicationGroup(stack, "cache", {
    replicationGroupId: "cache",
    description: "test",
    engine: "valkey",
    nodeType: "cache.t4g.micro",
    ...settings,
  });
}

// ---------------------------------------------------------------- the rule set

describe.each([
  ["data", DATA_RULES, /^PLAT-(SM|SNS)-\d+$/, 2],
  ["cache", CACHE_RULES, /^PLAT-EC-\d+$/, 5],
  ["queue", QUEUE_RULES, /^PLAT-SQS-\d+$/, 3],
  ["table", TABLE_RULES, /^PLAT-DDB-\d+$/, 3],
  ["containers", CONTAINER_RULES, /^PLAT-ECS-\d+$/, 3],
  ["waf", WAF_RULES, /^PLAT-WAF-\d+$/, 1],
  ["load-balancer", LOAD_BALANCER_RULES, /^PLAT-(ELB|WAF)-\d+$/, 4],
  ["frontend", FRONTEND_RULES, /^PLAT-(CF|WAF)-\d+$/, 3],
  ["api-gateway", API_GATEWAY_RULES, /^PLAT-APIGW-\d+$/, 3],
] as const)("the %s rules", (_family, rules, idPattern, count) => {
  it("GIVEN the family THEN it is sorted by id, ids are unique and of what it holds (ids kept from before the split), and every rule is fully described", () => {
    const ids = rules.map((rule) => rule.id);
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b, "en", { numeric: true })));
    expect(new Set(ids).size).toBe(count);
    expect(ids.filter((id) => !idPattern.test(id))).toEqual([]);
    for (const rule of rules) {
      expect(rule.description).not.toBe("");
      expect(rule.rationale).toMatch(/\.$/);
      // A matching control, or for a rule no control matches, the AWS documentation it follows.
      expect(Object.keys(rule.controls).length > 0 || rule.reference?.startsWith("https://docs.aws.amazon.com/")).toBe(true);
      expect(rule.errorIn.filter((tier) => rule.warnIn.includes(tier))).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------- load balancers

describe("PLAT-ELB-1 load balancer deletion protection", () => {
  it("GIVEN a protected load balancer WHEN checked in production THEN it passes", () => {
    const build: Build = (stack) => loadBalancer(stack, "alb", { enableDeletionProtection: true });
    expect(statusesOf(lbDeletionProtection, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN an unprotected load balancer WHEN checked in production THEN it fails, naming loadBalancer.deletionProtection", () => {
    const build: Build = (stack) => loadBalancer(stack, "alb", { enableDeletionProtection: false });
    const [result] = resultsOf(lbDeletionProtection, "production", build);
    expect(result).toMatchObject({ status: "fail", path: "test/alb", rule: "PLAT-ELB-1", resource: "aws_lb.alb" });
    expect(result.reason).toBe(
      "enable_deletion_protection is false; production load balancers must be deletion-protected " +
        "(set loadBalancer.deletionProtection: true, or suppress PLAT-ELB-1 with a reason)",
    );
  });

  it("GIVEN an unprotected load balancer THEN it is a warning in staging and not checked in development", () => {
    expect(byTier(lbDeletionProtection, (stack) => loadBalancer(stack))).toEqual([[], ["warn"], ["fail"]]);
  });

  it("GIVEN a suppression with a reason THEN the result is suppressed", () => {
    const [result] = resultsOf(lbDeletionProtection, "production", (stack) => loadBalancer(stack), [
      { rule: "PLAT-ELB-1", path: "test/alb", reason: "blue/green copy, replaced on every release" },
    ]);
    expect(result).toMatchObject({ status: "suppressed", reason: "blue/green copy, replaced on every release" });
  });
});

describe("PLAT-ELB-2 invalid header fields dropped", () => {
  it("GIVEN an ALB that drops invalid headers THEN it passes", () => {
    const build: Build = (stack) => loadBalancer(stack, "alb", { dropInvalidHeaderFields: true });
    expect(statusesOf(lbDropInvalidHeaders, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN an ALB that keeps them THEN it fails in every tier", () => {
    expect(byTier(lbDropInvalidHeaders, (stack) => loadBalancer(stack))).toEqual([["fail"], ["fail"], ["fail"]]);
    expect(productionReason(lbDropInvalidHeaders, (stack) => loadBalancer(stack))).toMatch(
      /^drop_invalid_header_fields is false; application load balancers must drop invalid header fields \(/,
    );
  });

  it("GIVEN an ALB without load_balancer_type THEN it counts as application", () => {
    const build: Build = (stack) => new Lb(stack, "alb", { name: "alb", dropInvalidHeaderFields: false });
    expect(statusesOf(lbDropInvalidHeaders, "production", build)).toEqual(["fail"]);
  });

  it("GIVEN a network load balancer THEN the rule does not apply to it", () => {
    expect(statusesOf(lbDropInvalidHeaders, "production", (stack) => loadBalancer(stack, "nlb", { loadBalancerType: "network" }))).toEqual([
      "pass",
    ]);
  });
});

describe("PLAT-ELB-3 HTTPS only", () => {
  it("GIVEN an internet-facing ALB whose HTTP listener redirects to HTTPS THEN the HTTP listener passes", () => {
    const build: Build = (stack) => listener(stack, loadBalancer(stack), "http", { defaultAction: REDIRECT_TO_HTTPS });
    expect(statusesOf(lbHttpsOnly, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN an HTTPS listener THEN it passes", () => {
    const build: Build = (stack) =>
      listener(stack, loadBalancer(stack), "https", {
        port: 443,
        protocol: "HTTPS",
        certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/00000000-0000-0000-0000-000000000000",
      });
    expect(statusesOf(lbHttpsOnly, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN an internet-facing ALB answering plain HTTP THEN it fails, naming loadBalancer.certificate", () => {
    const [result] = resultsOf(lbHttpsOnly, "production", (stack) => listener(stack, loadBalancer(stack), "http"));
    expect(result).toMatchObject({ status: "fail", resource: "aws_lb_listener.http", path: "test/http" });
    expect(result.reason).toBe(
      'protocol is "HTTP" and default_action is ["fixed-response"], not a redirect to HTTPS; ' +
        "internet-facing load balancers must answer plain HTTP only with a redirect to HTTPS " +
        "(set loadBalancer.certificate, or suppress PLAT-ELB-3 with a reason)",
    );
  });

  it("GIVEN a redirect that keeps the protocol THEN it fails", () => {
    const build: Build = (stack) =>
      listener(stack, loadBalancer(stack), "http", {
        defaultAction: [{ type: "redirect", redirect: { host: "example.com", protocol: "#{protocol}", statusCode: "HTTP_301" } }],
      });
    expect(productionReason(lbHttpsOnly, build)).toMatch(
      /^protocol is "HTTP" and default_action redirects to protocol "#\{protocol\}", not HTTPS;/,
    );
  });

  it("GIVEN a listener without protocol THEN it is judged as HTTP, the ALB default", () => {
    const build: Build = (stack) =>
      new LbListener(stack, "http", {
        loadBalancerArn: loadBalancer(stack).arn,
        port: 80,
        defaultAction: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/1" }],
      });
    expect(statusesOf(lbHttpsOnly, "production", build)).toEqual(["fail"]);
  });

  it("GIVEN an HTTP listener on an internal ALB THEN it passes", () => {
    const build: Build = (stack) => listener(stack, loadBalancer(stack, "internal", { internal: true }), "http");
    expect(statusesOf(lbHttpsOnly, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN plain HTTP THEN it fails in production and staging and warns in development", () => {
    expect(byTier(lbHttpsOnly, (stack) => listener(stack, loadBalancer(stack), "http"))).toEqual([["warn"], ["fail"], ["fail"]]);
  });
});

// ---------------------------------------------------------------- WAF

describe("PLAT-WAF-1 internet-facing ALB behind a web ACL", () => {
  it("GIVEN an ALB with a web ACL association THEN it passes", () => {
    const build: Build = (stack) =>
      new Wafv2WebAclAssociation(stack, "association", { resourceArn: loadBalancer(stack).arn, webAclArn: webAcl(stack).arn });
    expect(statusesOf(lbWebAcl, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN an ALB without one THEN it fails, naming loadBalancer.waf.enabled", () => {
    expect(productionReason(lbWebAcl, (stack) => loadBalancer(stack))).toBe(
      "no aws_wafv2_web_acl_association has resource_arn aws_lb.alb.arn; " +
        "production internet-facing load balancers must be behind a WAF web ACL " +
        "(set loadBalancer.waf.enabled: true, or suppress PLAT-WAF-1 with a reason)",
    );
  });

  it("GIVEN two ALBs of which only one is associated THEN only the other fails", () => {
    const build: Build = (stack) => {
      new Wafv2WebAclAssociation(stack, "association", { resourceArn: loadBalancer(stack, "a").arn, webAclArn: webAcl(stack).arn });
      loadBalancer(stack, "b");
    };
    expect(resultsOf(lbWebAcl, "production", build).map((result) => [result.resource, result.status])).toEqual([
      ["aws_lb.a", "pass"],
      ["aws_lb.b", "fail"],
    ]);
  });

  it("GIVEN an internal ALB or a network load balancer THEN the rule does not apply", () => {
    const build: Build = (stack) => {
      loadBalancer(stack, "internal", { internal: true });
      loadBalancer(stack, "nlb", { loadBalancerType: "network" });
    };
    expect(statusesOf(lbWebAcl, "production", build)).toEqual(["pass", "pass"]);
  });

  it("GIVEN an ALB without a web ACL THEN it warns in staging and is not checked in development", () => {
    expect(byTier(lbWebAcl, (stack) => loadBalancer(stack))).toEqual([[], ["warn"], ["fail"]]);
  });
});

describe("PLAT-WAF-2 CloudFront behind a web ACL", () => {
  it("GIVEN a distribution with web_acl_id THEN it passes", () => {
    const build: Build = (stack) => distribution(stack, { webAclId: webAcl(stack).arn });
    expect(statusesOf(cloudfrontWebAcl, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN a distribution without THEN it fails in production, warns in staging, is not checked in development", () => {
    expect(productionReason(cloudfrontWebAcl, (stack) => distribution(stack))).toMatch(
      /^web_acl_id is not set; production CloudFront distributions must be behind a WAF web ACL \(/,
    );
    expect(byTier(cloudfrontWebAcl, (stack) => distribution(stack))).toEqual([[], ["warn"], ["fail"]]);
  });
});

describe("PLAT-WAF-3 web ACL logging", () => {
  it("GIVEN a web ACL with a logging configuration THEN it passes", () => {
    const build: Build = (stack) => {
      const logs = new CloudwatchLogGroup(stack, "waf-logs", { name: "aws-waf-logs-test", retentionInDays: 365 });
      new Wafv2WebAclLoggingConfiguration(stack, "logging", { resourceArn: webAcl(stack).arn, logDestinationConfigs: [logs.arn] });
    };
    expect(statusesOf(webAclLogging, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN a web ACL without THEN it fails in production, warns in staging, is not checked in development", () => {
    expect(productionReason(webAclLogging, (stack) => webAcl(stack))).toMatch(
      /^no aws_wafv2_web_acl_logging_configuration has resource_arn aws_wafv2_web_acl\.acl\.arn; production web ACLs must log their requests/,
    );
    expect(byTier(webAclLogging, (stack) => webAcl(stack))).toEqual([[], ["warn"], ["fail"]]);
  });

  it("GIVEN a logging configuration of another ACL THEN the unlogged one still fails", () => {
    const build: Build = (stack) => {
      new Wafv2WebAclLoggingConfiguration(stack, "logging", {
        resourceArn: webAcl(stack, "logged").arn,
        logDestinationConfigs: ["arn:aws:logs:eu-west-1:111122223333:log-group:aws-waf-logs-test"],
      });
      webAcl(stack, "unlogged");
    };
    expect(resultsOf(webAclLogging, "production", build).map((result) => [result.resource, result.status])).toEqual([
      ["aws_wafv2_web_acl.logged", "pass"],
      ["aws_wafv2_web_acl.unlogged", "fail"],
    ]);
  });
});

// ---------------------------------------------------------------- ECS task definitions

describe("PLAT-ECS-1 read-only root filesystem", () => {
  it("GIVEN containers with read-only root filesystems THEN it passes", () => {
    const build: Build = (stack) => taskDefinition(stack, [container("web"), container("proxy")]);
    expect(statusesOf(ecsReadonlyRootFilesystem, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN a writable container THEN it fails, naming the container and services[].readonlyRootFilesystem", () => {
    const build: Build = (stack) => taskDefinition(stack, [container("web", { readonlyRootFilesystem: false }), container("proxy")]);
    expect(productionReason(ecsReadonlyRootFilesystem, build)).toBe(
      'container "web" has readonlyRootFilesystem false; production containers must mount their root filesystem read-only ' +
        "(set services[].readonlyRootFilesystem: true (mount a scratch volume if the image writes), or suppress PLAT-ECS-1 with a reason)",
    );
  });

  it("GIVEN a container that leaves it out THEN it is reported as false, the ECS default", () => {
    const build: Build = (stack) => taskDefinition(stack, [{ name: "web", image: "nginx:1.27" }]);
    expect(productionReason(ecsReadonlyRootFilesystem, build)).toMatch(/^container "web" has readonlyRootFilesystem false;/);
  });

  it("GIVEN container_definitions that are not a JSON list THEN it fails, saying they could not be read", () => {
    expect(productionReason(ecsReadonlyRootFilesystem, (stack) => taskDefinition(stack, "{not json"))).toMatch(
      /^container_definitions could not be read;/,
    );
    expect(productionReason(ecsReadonlyRootFilesystem, (stack) => taskDefinition(stack, '{"name":"web"}'))).toMatch(
      /^container_definitions could not be read;/,
    );
  });

  it("GIVEN a writable container THEN it fails in production and warns in staging and development", () => {
    const build: Build = (stack) => taskDefinition(stack, [container("web", { readonlyRootFilesystem: false })]);
    expect(byTier(ecsReadonlyRootFilesystem, build)).toEqual([["warn"], ["warn"], ["fail"]]);
  });
});

describe("PLAT-ECS-2 no privileged containers", () => {
  it("GIVEN unprivileged containers THEN it passes", () => {
    const build: Build = (stack) => taskDefinition(stack, [container("web"), container("proxy", { privileged: false })]);
    expect(statusesOf(ecsNoPrivileged, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN a privileged container THEN it fails in every tier", () => {
    const build: Build = (stack) => taskDefinition(stack, [container("web"), container("agent", { privileged: true })]);
    expect(productionReason(ecsNoPrivileged, build)).toMatch(/^container "agent" has privileged true; containers must not run privileged/);
    expect(byTier(ecsNoPrivileged, build)).toEqual([["fail"], ["fail"], ["fail"]]);
  });

  it("GIVEN an unnamed privileged container THEN it is named by its position", () => {
    const build: Build = (stack) => taskDefinition(stack, [container("web"), { image: "nginx:1.27", privileged: true }]);
    expect(productionReason(ecsNoPrivileged, build)).toMatch(/^container 2 has privileged true;/);
  });
});

describe("PLAT-ECS-3 no credentials in plain environment variables", () => {
  const environment = (entries: Record<string, string>) => Object.entries(entries).map(([name, value]) => ({ name, value }));

  it("GIVEN plain settings and secrets by reference THEN it passes", () => {
    const build: Build = (stack) =>
      taskDefinition(stack, [
        container("web", {
          environment: environment({ PORT: "8080", DATABASE_URL: "postgres://db.internal:5432/app", KEY_PREFIX: "app" }),
          secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf" }],
        }),
      ]);
    expect(statusesOf(ecsNoPlaintextCredentials, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN credential-like names and a URL with a password THEN it fails with one finding each, never showing a value", () => {
    const values = {
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      ECS_ENGINE_AUTH_DATA: "auth-data-value",
      db_password: "hunter2-value",
      STRIPE_APIKEY: "sk-live-value",
      DATABASE_URL: "postgres://app:s3cr3t-value@db.internal:5432/app",
    };
    const reason = productionReason(ecsNoPlaintextCredentials, (stack) =>
      taskDefinition(stack, [container("web", { environment: environment(values) })]),
    );
    expect(reason?.split("; ").filter((part) => part.startsWith("container"))).toEqual([
      'container "web" has the credential-like variable AWS_ACCESS_KEY_ID in environment',
      'container "web" has the credential-like variable ECS_ENGINE_AUTH_DATA in environment',
      'container "web" has the credential-like variable db_password in environment',
      'container "web" has the credential-like variable STRIPE_APIKEY in environment',
      'container "web" has a URL with a user and password in environment variable DATABASE_URL',
    ]);
    expect(reason).toContain("services[].secrets");
    for (const value of ["AKIAIOSFODNN7EXAMPLE", "auth-data-value", "hunter2", "sk-live", "s3cr3t"]) expect(reason).not.toContain(value);
  });

  it("GIVEN a credential in the environment THEN it fails in every tier", () => {
    const build: Build = (stack) => taskDefinition(stack, [container("web", { environment: environment({ API_TOKEN: "x" }) })]);
    expect(byTier(ecsNoPlaintextCredentials, build)).toEqual([["fail"], ["fail"], ["fail"]]);
  });

  it("GIVEN unreadable container_definitions THEN it fails, saying so", () => {
    expect(productionReason(ecsNoPlaintextCredentials, (stack) => taskDefinition(stack, "[1, 2]"))).toMatch(
      /^container_definitions could not be read;/,
    );
  });
});

// ---------------------------------------------------------------- SNS, SQS, Secrets Manager

describe.each([
  {
    rule: snsCustomerManagedKey,
    argument: "kms_master_key_id",
    awsManaged: "alias/aws/sns",
    build: (stack: TerraformStack, kmsKeyId?: string) => new SnsTopic(stack, "resource", { name: "events", kmsMasterKeyId: kmsKeyId }),
  },
  {
    rule: sqsCustomerManagedKey,
    argument: "kms_master_key_id",
    awsManaged: "alias/aws/sqs",
    build: (stack: TerraformStack, kmsKeyId?: string) =>
      new SqsQueue(stack, "resource", { name: "jobs", kmsMasterKeyId: kmsKeyId, sqsManagedSseEnabled: kmsKeyId ? undefined : true }),
  },
  {
    rule: secretCustomerManagedKey,
    argument: "kms_key_id",
    awsManaged: "alias/aws/secretsmanager",
    build: (stack: TerraformStack, kmsKeyId?: string) => new SecretsmanagerSecret(stack, "resource", { name: "api", kmsKeyId }),
  },
])("$rule.id customer managed key", ({ rule, argument, awsManaged, build }) => {
  it("GIVEN a customer managed key THEN it passes", () => {
    expect(statusesOf(rule, "production", (stack) => build(stack, key(stack).arn))).toEqual(["pass"]);
  });

  it("GIVEN no key THEN it fails in production and warns in staging and development", () => {
    expect(productionReason(rule, (stack) => build(stack))).toMatch(
      new RegExp(
        `^${argument} is not set; production \\w+ must be encrypted with a customer managed key \\(encrypt it with a customer managed key \\(${argument}\\), or suppress ${rule.id} with a reason\\)$`,
      ),
    );
    expect(byTier(rule, (stack) => build(stack))).toEqual([["warn"], ["warn"], ["fail"]]);
  });

  it("GIVEN the AWS managed key THEN it fails", () => {
    expect(productionReason(rule, (stack) => build(stack, awsManaged))).toMatch(`${argument} is "${awsManaged}", an AWS managed key;`);
    expect(statusesOf(rule, "production", (stack) => build(stack, `arn:aws:kms:eu-west-1:111122223333:${awsManaged}`))).toEqual(["fail"]);
  });
});

// ---------------------------------------------------------------- DynamoDB

describe("PLAT-DDB-1 table encrypted with a customer managed key", () => {
  it("GIVEN server-side encryption with a customer managed key THEN it passes", () => {
    const build: Build = (stack) => table(stack, { serverSideEncryption: { enabled: true, kmsKeyArn: key(stack).arn } });
    expect(statusesOf(dynamodbCustomerManagedKey, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN the AWS managed key (enabled without kms_key_arn) THEN it fails", () => {
    expect(productionReason(dynamodbCustomerManagedKey, (stack) => table(stack, { serverSideEncryption: { enabled: true } }))).toBe(
      "server_side_encryption.kms_key_arn is not set; production tables must be encrypted with a customer managed key " +
        "(encrypt it with a customer managed key (server_side_encryption { enabled = true, kms_key_arn }), or suppress PLAT-DDB-1 with a reason)",
    );
  });

  it("GIVEN no server-side encryption block THEN it fails in production and warns elsewhere", () => {
    expect(productionReason(dynamodbCustomerManagedKey, (stack) => table(stack))).toMatch(
      /^server_side_encryption.enabled is false \(an AWS owned key\); .*; server_side_encryption.kms_key_arn is not set;/,
    );
    expect(byTier(dynamodbCustomerManagedKey, (stack) => table(stack))).toEqual([["warn"], ["warn"], ["fail"]]);
  });
});

describe("PLAT-DDB-2 table deletion protection", () => {
  it("GIVEN a protected table THEN it passes", () => {
    expect(statusesOf(dynamodbDeletionProtection, "production", (stack) => table(stack, { deletionProtectionEnabled: true }))).toEqual([
      "pass",
    ]);
  });

  it("GIVEN an unprotected table THEN it fails in production, warns in staging, is not checked in development", () => {
    expect(productionReason(dynamodbDeletionProtection, (stack) => table(stack))).toMatch(
      /^deletion_protection_enabled is false; production tables must be deletion-protected \(/,
    );
    expect(byTier(dynamodbDeletionProtection, (stack) => table(stack))).toEqual([[], ["warn"], ["fail"]]);
  });
});

describe("PLAT-DDB-3 point-in-time recovery", () => {
  it("GIVEN point-in-time recovery THEN it passes", () => {
    expect(
      statusesOf(dynamodbPointInTimeRecovery, "production", (stack) => table(stack, { pointInTimeRecovery: { enabled: true } })),
    ).toEqual(["pass"]);
  });

  it("GIVEN none THEN it fails in production and staging and warns in development", () => {
    const build: Build = (stack) => table(stack, { pointInTimeRecovery: { enabled: false } });
    expect(productionReason(dynamodbPointInTimeRecovery, build)).toMatch(
      /^point_in_time_recovery.enabled is false; production and staging tables/,
    );
    expect(byTier(dynamodbPointInTimeRecovery, (stack) => table(stack))).toEqual([["warn"], ["fail"], ["fail"]]);
  });
});

// ---------------------------------------------------------------- ElastiCache

describe("PLAT-EC-1 ElastiCache at rest with a customer managed key", () => {
  it('GIVEN at_rest_encryption_enabled "true" (a string in provider 6) and a customer managed key THEN it passes', () => {
    const build: Build = (stack) => cache(stack, { atRestEncryptionEnabled: "true", kmsKeyId: key(stack).arn });
    expect(statusesOf(elasticacheEncryptionAtRest, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN encryption at rest with the AWS managed key THEN it fails", () => {
    expect(productionReason(elasticacheEncryptionAtRest, (stack) => cache(stack, { atRestEncryptionEnabled: "true" }))).toMatch(
      /^kms_key_id is not set; production caches must be encrypted at rest with a customer managed key \(/,
    );
  });

  it("GIVEN no encryption at rest THEN it fails in production and warns in staging and development", () => {
    expect(productionReason(elasticacheEncryptionAtRest, (stack) => cache(stack, { atRestEncryptionEnabled: "false" }))).toMatch(
      /^at_rest_encryption_enabled is "false"; .*; kms_key_id is not set;/,
    );
    expect(byTier(elasticacheEncryptionAtRest, (stack) => cache(stack))).toEqual([["warn"], ["warn"], ["fail"]]);
  });
});

describe("PLAT-EC-2 ElastiCache in transit", () => {
  it("GIVEN transit encryption THEN it passes", () => {
    expect(statusesOf(elasticacheEncryptionInTransit, "production", (stack) => cache(stack, { transitEncryptionEnabled: true }))).toEqual([
      "pass",
    ]);
  });

  it("GIVEN none THEN it fails in every tier", () => {
    expect(productionReason(elasticacheEncryptionInTransit, (stack) => cache(stack))).toMatch(
      /^transit_encryption_enabled is false; caches must encrypt traffic in transit \(set transit_encryption_enabled to true with transit_encryption_mode "required", /,
    );
    expect(byTier(elasticacheEncryptionInTransit, (stack) => cache(stack, { transitEncryptionEnabled: false }))).toEqual([
      ["fail"],
      ["fail"],
      ["fail"],
    ]);
  });
});
