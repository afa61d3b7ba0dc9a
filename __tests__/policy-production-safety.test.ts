import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../modules/core/iam";
import { TIERS } from "../modules/core/tiers";
import { PolicyRule } from "../modules/core/policy-rule";
import { elasticacheAuthentication } from "../modules/cache/rules/elasticache-authentication";
import { elasticacheAutomaticFailover } from "../modules/cache/rules/elasticache-automatic-failover";
import { elasticacheEncryptionInTransit } from "../modules/cache/rules/elasticache-encryption-in-transit";
import { elasticacheSnapshotRetention } from "../modules/cache/rules/elasticache-snapshot-retention";
import { sqsCustomerManagedKey } from "../modules/queue/rules/sqs-customer-managed-key";
import { sqsDeadLetterQueue } from "../modules/queue/rules/sqs-dead-letter-queue";
import { sqsDeadLetterRetention } from "../modules/queue/rules/sqs-dead-letter-retention";
import { cloudfrontOriginAccessControl } from "../modules/cdn/rules/cloudfront-origin-access-control";
import { cloudfrontViewerTls } from "../modules/cdn/rules/cloudfront-viewer-tls";
import { httpApiAccessLogs } from "../modules/api-gateway/rules/http-api-access-logs";
import { httpApiCorsOrigins } from "../modules/api-gateway/rules/http-api-cors-origins";
import { httpApiThrottling } from "../modules/api-gateway/rules/http-api-throttling";
import { jobRoleLeastPrivilege } from "../modules/guardrails/rules/jobs/job-role-least-privilege";
import { alarmActions } from "../modules/guardrails/rules/monitoring/alarm-actions";
import { resultsOf, statusesOf } from "./support/policy";

type Build = (stack: TerraformStack) => void;
type Settings<T extends abstract new (...args: never[]) => unknown> = Partial<ConstructorParameters<T>[2]>;

const byTier = (rule: PolicyRule, build: Build) => TIERS.map((tier) => statusesOf(rule, tier, build));
const reasonOf = (rule: PolicyRule, build: Build) => resultsOf(rule, "production", build).map((result) => result.reason ?? "").join("\n");

/** Fixtures under a scope named like the platform's sections, so the field hint can be read from the path. */
function cache(stack: TerraformStack, settings: Settings<typeof ElasticacheReplicationGroup> = {}): void {
  new ElasticacheReplicationGroup(new Construct(stack, "cache"), "replication-group", {
    replicationGroupId: "cache",
    description: "test",
    engine: "valkey",
    nodeType: "cache.t4g.micro",
    replicasPerNodeGroup: 2,
    automaticFailoverEnabled: true,
    multiAzEnabled: true,
    snapshotRetentionLimit: 7,
    transitEncryptionEnabled: true,
    transitEncryptionMode: "required",
    userGroupIds: ["users"],
    ...settings,
  });
}

describe("caches in production", () => {
  it("GIVEN the platform's settings THEN failover, snapshots, authentication and TLS pass", () => {
    for (const rule of [elasticacheAutomaticFailover, elasticacheSnapshotRetention, elasticacheAuthentication, elasticacheEncryptionInTransit]) {
      expect(statusesOf(rule, "production", (stack) => cache(stack))).toEqual(["pass"]);
    }
  });

  it("GIVEN no replica THEN PLAT-EC-3 fails production, warns elsewhere, and names cache.replicasPerShard", () => {
    const build: Build = (stack) => cache(stack, { replicasPerNodeGroup: 0, automaticFailoverEnabled: false, multiAzEnabled: false });
    expect(byTier(elasticacheAutomaticFailover, build)).toEqual([["warn"], ["warn"], ["fail"]]);
    const [result] = resultsOf(elasticacheAutomaticFailover, "production", build);
    expect(result).toMatchObject({ field: "cache.replicasPerShard" });
    expect(result.reason).toContain("replicas_per_node_group is 0");
  });

  it("GIVEN no snapshots THEN PLAT-EC-4 fails production naming cache.snapshotRetentionDays", () => {
    const [result] = resultsOf(elasticacheSnapshotRetention, "production", (stack) => cache(stack, { snapshotRetentionLimit: 0 }));
    expect(result).toMatchObject({ status: "fail", field: "cache.snapshotRetentionDays" });
  });

  it("GIVEN neither a user group nor an AUTH token THEN PLAT-EC-5 fails production", () => {
    expect(statusesOf(elasticacheAuthentication, "production", (stack) => cache(stack, { userGroupIds: [] }))).toEqual(["fail"]);
    expect(statusesOf(elasticacheAuthentication, "production", (stack) => cache(stack, { userGroupIds: [], authToken: "x".repeat(32) }))).toEqual(["pass"]);
  });

  it('GIVEN transit_encryption_mode "preferred" THEN PLAT-EC-2 fails: plain clients are still admitted', () => {
    expect(reasonOf(elasticacheEncryptionInTransit, (stack) => cache(stack, { transitEncryptionMode: "preferred" }))).toContain('"preferred"');
  });

  it("GIVEN a suppression with a reason THEN the result is suppressed", () => {
    const [result] = resultsOf(elasticacheAutomaticFailover, "production", (stack) => cache(stack, { replicasPerNodeGroup: 0 }), [
      { rule: "PLAT-EC-3", path: "test/cache", reason: "a throw-away cache of rendered pages, rebuilt in seconds" },
    ]);
    expect(result.status).toBe("suppressed");
  });
});

function queues(stack: TerraformStack, dlqRetention = 1209600, sourceRetention = 345600): void {
  const scope = new Construct(new Construct(stack, "queues"), "emails");
  const dlq = new SqsQueue(scope, "dead-letter-queue", { name: "emails-dlq", messageRetentionSeconds: dlqRetention, kmsMasterKeyId: "${aws_kms_key.data.arn}" });
  new SqsQueue(scope, "queue", {
    name: "emails",
    messageRetentionSeconds: sourceRetention,
    kmsMasterKeyId: "${aws_kms_key.data.arn}",
    redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }),
  });
}

describe("queues in production", () => {
  it("GIVEN a queue with its dead-letter queue THEN both pass PLAT-SQS-2 and the dead-letter queue passes PLAT-SQS-3", () => {
    expect(statusesOf(sqsDeadLetterQueue, "production", (stack) => queues(stack))).toEqual(["pass", "pass"]);
    expect(statusesOf(sqsDeadLetterRetention, "production", (stack) => queues(stack))).toEqual(["pass", "pass"]);
  });

  it("GIVEN a queue without a redrive policy THEN PLAT-SQS-2 fails production and warns elsewhere", () => {
    const build: Build = (stack) => void new SqsQueue(stack, "lonely", { name: "lonely" });
    expect(byTier(sqsDeadLetterQueue, build)).toEqual([["warn"], ["warn"], ["fail"]]);
  });

  it("GIVEN a dead-letter queue that keeps 3 days THEN PLAT-SQS-3 fails naming queues.emails.deadLetterRetentionDays", () => {
    const results = resultsOf(sqsDeadLetterRetention, "production", (stack) => queues(stack, 3 * 86400, 86400));
    expect(results.find((result) => result.status === "fail")).toMatchObject({ field: "queues.emails.deadLetterRetentionDays" });
  });

  it("GIVEN a standard dead-letter queue shorter than its 10-day source THEN PLAT-SQS-3 fails", () => {
    expect(reasonOf(sqsDeadLetterRetention, (stack) => queues(stack, 8 * 86400, 10 * 86400))).toContain("at least 10 days");
  });
});

function frontend(stack: TerraformStack, settings: Settings<typeof CloudfrontDistribution> = {}): void {
  new CloudfrontDistribution(new Construct(stack, "frontend"), "distribution", {
    enabled: true,
    origin: [{ domainName: "${aws_s3_bucket.site.bucket_regional_domain_name}", originId: "site", originAccessControlId: "${aws_cloudfront_origin_access_control.oac.id}" }],
    defaultCacheBehavior: { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "site", viewerProtocolPolicy: "redirect-to-https" },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
    ...settings,
  });
}

describe("the frontend in production", () => {
  it("GIVEN an S3 origin behind an origin access control, HTTPS and TLSv1.2_2021 THEN PLAT-CF-1 and PLAT-CF-2 pass", () => {
    expect(statusesOf(cloudfrontOriginAccessControl, "production", (stack) => frontend(stack))).toEqual(["pass"]);
    expect(statusesOf(cloudfrontViewerTls, "production", (stack) => frontend(stack))).toEqual(["pass"]);
  });

  it("GIVEN an S3 origin with an origin access identity THEN PLAT-CF-1 fails", () => {
    const build: Build = (stack) =>
      frontend(stack, { origin: [{ domainName: "site.s3.eu-west-1.amazonaws.com", originId: "site", s3OriginConfig: { originAccessIdentity: "origin-access-identity/cloudfront/E1" } }] });
    expect(byTier(cloudfrontOriginAccessControl, build)).toEqual([["warn"], ["warn"], ["fail"]]);
  });

  it("GIVEN CloudFront's default certificate and allow-all THEN PLAT-CF-2 fails naming frontend.domain", () => {
    const build: Build = (stack) =>
      frontend(stack, {
        viewerCertificate: { cloudfrontDefaultCertificate: true },
        defaultCacheBehavior: { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "site", viewerProtocolPolicy: "allow-all" },
      });
    const [result] = resultsOf(cloudfrontViewerTls, "production", build);
    expect(result).toMatchObject({ status: "fail", field: "frontend.domain" });
    expect(result.reason).toContain('viewer_protocol_policy "allow-all"');
  });

  it("GIVEN TLSv1 as the minimum THEN PLAT-CF-2 fails", () => {
    const build: Build = (stack) => frontend(stack, { viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1" } });
    expect(reasonOf(cloudfrontViewerTls, build)).toContain('minimum_protocol_version is "TLSv1"');
  });
});

function httpApi(stack: TerraformStack, api: Settings<typeof Apigatewayv2Api> = {}, stage: Settings<typeof Apigatewayv2Stage> = {}): void {
  const scope = new Construct(stack, "api-gateway");
  const created = new Apigatewayv2Api(scope, "api", { name: "api", protocolType: "HTTP", corsConfiguration: { allowOrigins: ["https://app.example.com"] }, ...api });
  new Apigatewayv2Stage(scope, "stage", {
    apiId: created.id,
    name: "$default",
    defaultRouteSettings: { throttlingBurstLimit: 200, throttlingRateLimit: 100 },
    accessLogSettings: { destinationArn: "${aws_cloudwatch_log_group.access.arn}", format: "{}" },
    ...stage,
  });
}

describe("the HTTP API in production", () => {
  it("GIVEN throttling, an access log and named origins THEN PLAT-APIGW-1..3 pass", () => {
    for (const rule of [httpApiThrottling, httpApiAccessLogs, httpApiCorsOrigins]) expect(statusesOf(rule, "production", (stack) => httpApi(stack))).toEqual(["pass"]);
  });

  it("GIVEN no throttling, or a rate of 0 THEN PLAT-APIGW-1 fails naming apiGateway.throttling", () => {
    const [unset] = resultsOf(httpApiThrottling, "production", (stack) => httpApi(stack, {}, { defaultRouteSettings: {} }));
    expect(unset).toMatchObject({ status: "fail", field: "apiGateway.throttling" });
    expect(byTier(httpApiThrottling, (stack) => httpApi(stack, {}, { defaultRouteSettings: { throttlingBurstLimit: 10, throttlingRateLimit: 0 } }))).toEqual([["warn"], ["warn"], ["fail"]]);
  });

  it("GIVEN no access log THEN PLAT-APIGW-2 fails", () => {
    expect(statusesOf(httpApiAccessLogs, "production", (stack) => httpApi(stack, {}, { accessLogSettings: undefined }))).toEqual(["fail"]);
  });

  it('GIVEN CORS origins "*" THEN PLAT-APIGW-3 fails naming apiGateway.cors.allowOrigins', () => {
    const [result] = resultsOf(httpApiCorsOrigins, "production", (stack) => httpApi(stack, { corsConfiguration: { allowOrigins: ["*"] } }));
    expect(result).toMatchObject({ status: "fail", field: "apiGateway.cors.allowOrigins" });
  });
});

/** A job as modules/job builds it: a task definition with two roles, a dead-letter queue, a scheduler role and a schedule. */
function job(stack: TerraformStack, extra: readonly PolicyStatement[] = [], change: (statements: PolicyStatement[]) => PolicyStatement[] = (s) => s): void {
  const scope = new Construct(stack, "job-cleanup");
  const trust = (id: string, service: string) => serviceTrustPolicy(scope, id, service, "123456789012").json;
  const taskRole = new IamRole(scope, "task-role", { name: "task", assumeRolePolicy: trust("task-trust", "ecs-tasks.amazonaws.com") });
  const executionRole = new IamRole(scope, "execution-role", { name: "execution", assumeRolePolicy: trust("execution-trust", "ecs-tasks.amazonaws.com") });
  new EcsTaskDefinition(scope, "task", { family: "acme-prod-job-cleanup", containerDefinitions: "[]", taskRoleArn: taskRole.arn, executionRoleArn: executionRole.arn });
  new EcsTaskDefinition(scope, "other-task", { family: "acme-prod-api", containerDefinitions: "[]" });
  const dlq = new SqsQueue(scope, "dead-letter-queue", { name: "dlq", kmsMasterKeyId: "${aws_kms_key.data.arn}", messageRetentionSeconds: 1209600 });
  const role = new IamRole(scope, "scheduler-role", { name: "scheduler", assumeRolePolicy: trust("scheduler-trust", "scheduler.amazonaws.com") });
  const family = "arn:aws:ecs:eu-west-1:123456789012:task-definition/acme-prod-job-cleanup";
  const statements = change([
    { sid: "RunOwnTask", actions: ["ecs:RunTask"], resources: [family, `${family}:*`], conditions: [{ test: "ArnEquals", variable: "ecs:cluster", values: ["${aws_ecs_cluster.main.arn}"] }] },
    { sid: "PassOwnTaskRoles", actions: ["iam:PassRole"], resources: [executionRole.arn, taskRole.arn] },
    { sid: "DeadLetterFailedRuns", actions: ["sqs:SendMessage"], resources: [dlq.arn] },
    { sid: "EncryptDeadLetters", actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: ["${aws_kms_key.data.arn}"] },
    ...extra,
  ]);
  new IamRolePolicy(scope, "scheduler-policy", { role: role.id, policy: policyDocument(scope, "scheduler-policy-document", statements).json });
  new SchedulerSchedule(scope, "schedule", {
    name: "cleanup",
    scheduleExpression: "rate(1 hour)",
    flexibleTimeWindow: { mode: "OFF" },
    target: { arn: "${aws_ecs_cluster.main.arn}", roleArn: role.arn, deadLetterConfig: { arn: dlq.arn }, ecsParameters: { taskDefinitionArn: family } },
  });
}

const schedulerResult = (build: Build) => resultsOf(jobRoleLeastPrivilege, "development", build).find((result) => result.path.endsWith("scheduler-role"));

describe("PLAT-JOB-1 roles that start jobs", () => {
  it("GIVEN the scheduler role the platform makes THEN it passes in every tier, and task roles are not judged", () => {
    expect(schedulerResult((stack) => job(stack))?.status).toBe("pass");
    expect(byTier(jobRoleLeastPrivilege, (stack) => job(stack)).map((statuses) => statuses.filter((status) => status !== "pass"))).toEqual([[], [], []]);
  });

  it("GIVEN iam:PassRole on * THEN it fails, even in development", () => {
    const result = schedulerResult((stack) => job(stack, [], (s) => s.map((statement) => (statement.sid === "PassOwnTaskRoles" ? { ...statement, resources: ["*"] } : statement))));
    expect(result).toMatchObject({ status: "fail" });
    expect(result?.reason).toContain('iam:PassRole is allowed on ["*"]');
  });

  it("GIVEN ecs:RunTask on another family too THEN it fails", () => {
    const other = "arn:aws:ecs:eu-west-1:123456789012:task-definition/acme-prod-api";
    expect(schedulerResult((stack) => job(stack, [{ actions: ["ecs:RunTask"], resources: [other] }]))?.reason).toContain("2 task-definition families");
  });

  it("GIVEN a wildcard action or an action a job does not need THEN it fails", () => {
    expect(schedulerResult((stack) => job(stack, [{ actions: ["ecs:*"], resources: ["*"] }]))?.reason).toContain('the action pattern "ecs:*"');
    expect(schedulerResult((stack) => job(stack, [{ actions: ["s3:GetObject"], resources: ["*"] }]))?.reason).toContain("s3:GetObject is allowed");
  });

  it("GIVEN sqs:SendMessage on a queue other than the schedule's dead-letter queue THEN it fails", () => {
    expect(schedulerResult((stack) => job(stack, [{ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:other"] }]))?.status).toBe("fail");
  });
});

describe("job dead-letter queues", () => {
  it("GIVEN the job's dead-letter queue under the data key THEN PLAT-SQS-1 passes and PLAT-SQS-2/3 count it as a dead-letter queue", () => {
    const dlq = (rule: PolicyRule) => resultsOf(rule, "production", (stack) => job(stack)).find((result) => result.path.endsWith("dead-letter-queue"));
    for (const rule of [sqsCustomerManagedKey, sqsDeadLetterQueue, sqsDeadLetterRetention]) expect(dlq(rule)?.status).toBe("pass");
  });

  it("GIVEN a job dead-letter queue without a key THEN PLAT-SQS-1 fails production", () => {
    const build: Build = (stack) => void new SqsQueue(new Construct(stack, "job-x"), "dead-letter-queue", { name: "dlq", sqsManagedSseEnabled: true });
    expect(statusesOf(sqsCustomerManagedKey, "production", build)).toEqual(["fail"]);
  });
});

describe("PLAT-CW-3 alarms with actions", () => {
  const alarm = (stack: TerraformStack, settings: Settings<typeof CloudwatchMetricAlarm>) =>
    void new CloudwatchMetricAlarm(stack, "alarm", { alarmName: "a", comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, threshold: 0, metricName: "Errors", namespace: "X", period: 60, statistic: "Sum", ...settings });

  it("GIVEN an alarm that notifies a topic THEN it passes", () => {
    expect(statusesOf(alarmActions, "production", (stack) => alarm(stack, { alarmActions: ["${aws_sns_topic.alarms.arn}"] }))).toEqual(["pass"]);
  });

  it("GIVEN an alarm without actions, or with actions disabled THEN it fails production and warns elsewhere", () => {
    expect(byTier(alarmActions, (stack) => alarm(stack, {}))).toEqual([["warn"], ["warn"], ["fail"]]);
    expect(statusesOf(alarmActions, "production", (stack) => alarm(stack, { alarmActions: ["${aws_sns_topic.alarms.arn}"], actionsEnabled: false }))).toEqual(["fail"]);
  });
});
