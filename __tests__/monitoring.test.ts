import { Testing } from "cdktf";
import { buildPlatform } from "../modules/platform/platform";
import { EnvironmentInput } from "../modules/platform/schema";
import {
  bootstrapInput,
  dataSourcesOf,
  synthesized,
  dataSourceAt,
  Json,
  minimalEnvironment,
  MINIMAL_DATABASE,
  onlyResource,
  resourceAt,
  resourcesOf,
  synthEnvironment,
  SynthesizedStack,
  validationMessage,
} from "./support/synth";

const web = minimalEnvironment().services![0];
const worker = { name: "worker", image: { source: "uri" as const, uri: "public.ecr.aws/acme/worker:1.0" }, cpu: 256 as const, memory: 512, desiredCount: 2 };

function alarmsByName(stack: SynthesizedStack): Record<string, Json> {
  return Object.fromEntries(Object.values(resourcesOf(stack, "aws_cloudwatch_metric_alarm")).map((alarm) => [String(alarm.alarm_name), alarm]));
}

function alarmNames(input: EnvironmentInput): string[] {
  return Object.keys(alarmsByName(synthEnvironment(input))).sort();
}

describe("GIVEN the minimal environment (one web service behind the load balancer)", () => {
  const stack = synthEnvironment(minimalEnvironment());
  const alarms = alarmsByName(stack);
  const alb = resourceAt(stack, "aws_lb", "load-balancer/alb");
  const targetGroup = resourceAt(stack, "aws_lb_target_group", "service-web/target-group");
  const topic = resourceAt(stack, "aws_sns_topic", "monitoring/alarms");
  const serviceDimensions = { ClusterName: resourceAt(stack, "aws_ecs_cluster", "cluster/cluster").ref("name"), ServiceName: "acme-test-web" };

  it("THEN it has exactly the load balancer's and the service's alarms", () => {
    expect(Object.keys(alarms).sort()).toEqual([
      "acme-test-alb-5xx-rate-high",
      "acme-test-alb-rejected-connections",
      "acme-test-web-5xx-rate-high",
      "acme-test-web-cpu-high",
      "acme-test-web-latency-high",
      "acme-test-web-memory-high",
      "acme-test-web-tasks-below-minimum",
      "acme-test-web-unhealthy-targets",
    ]);
  });

  it("THEN every alarm notifies the topic when it fires and when it clears", () => {
    for (const alarm of Object.values(alarms)) {
      expect(alarm.alarm_actions).toEqual([topic.ref("arn")]);
      expect(alarm.ok_actions).toEqual([topic.ref("arn")]);
      expect(String(alarm.alarm_description).length).toBeGreaterThan(40);
    }
  });

  it.each([
    ["acme-test-web-cpu-high", "AWS/ECS", "CPUUtilization", "Average", 90, "GreaterThanThreshold", 5, 5, "notBreaching"],
    ["acme-test-web-memory-high", "AWS/ECS", "MemoryUtilization", "Average", 90, "GreaterThanThreshold", 5, 5, "notBreaching"],
    ["acme-test-web-tasks-below-minimum", "ECS/ContainerInsights", "RunningTaskCount", "Average", 1, "LessThanThreshold", 5, 3, "breaching"],
  ])("THEN %s watches %s %s (%s) against %d", (name, namespace, metricName, statistic, threshold, comparison, periods, datapoints, missing) => {
    expect(alarms[name]).toMatchObject({
      namespace,
      metric_name: metricName,
      statistic,
      threshold,
      comparison_operator: comparison,
      evaluation_periods: periods,
      datapoints_to_alarm: datapoints,
      treat_missing_data: missing,
      period: 60,
      dimensions: serviceDimensions,
    });
  });

  it("THEN the service's 5xx alarm is a share of its requests, guarded against low traffic", () => {
    const alarm = alarms["acme-test-web-5xx-rate-high"];
    expect(alarm).toMatchObject({ threshold: 5, comparison_operator: "GreaterThanThreshold", evaluation_periods: 5, datapoints_to_alarm: 3, treat_missing_data: "notBreaching" });
    expect(alarm.metric_name).toBeUndefined();
    const dimensions = { LoadBalancer: alb.ref("arn_suffix"), TargetGroup: targetGroup.ref("arn_suffix") };
    expect(alarm.metric_query).toEqual([
      expect.objectContaining({ id: "result", return_data: true, expression: "IF(FILL(requests, 0) >= 20, 100 * FILL(errors, 0) / requests, 0)" }),
      expect.objectContaining({ id: "errors", return_data: false, metric: expect.objectContaining({ namespace: "AWS/ApplicationELB", metric_name: "HTTPCode_Target_5XX_Count", stat: "Sum", period: 60, dimensions }) }),
      expect.objectContaining({ id: "requests", return_data: false, metric: expect.objectContaining({ metric_name: "RequestCount", stat: "Sum", dimensions }) }),
    ]);
  });

  it("THEN latency is the target group's p99 and unhealthy hosts its maximum", () => {
    const dimensions = { LoadBalancer: alb.ref("arn_suffix"), TargetGroup: targetGroup.ref("arn_suffix") };
    expect(alarms["acme-test-web-latency-high"]).toMatchObject({ metric_name: "TargetResponseTime", extended_statistic: "p99", threshold: 2, dimensions });
    expect(alarms["acme-test-web-latency-high"].statistic).toBeUndefined();
    expect(alarms["acme-test-web-unhealthy-targets"]).toMatchObject({ metric_name: "UnHealthyHostCount", statistic: "Maximum", threshold: 0, dimensions });
  });

  it("THEN the load balancer's own 5xx are a share of its requests, and rejected connections alarm at any", () => {
    const errors = alarms["acme-test-alb-5xx-rate-high"].metric_query as unknown as { metric?: Json }[];
    expect(errors.map((query) => query.metric?.metric_name).filter(Boolean)).toEqual(["HTTPCode_ELB_5XX_Count", "RequestCount"]);
    expect(errors[1].metric?.dimensions).toEqual({ LoadBalancer: alb.ref("arn_suffix") });
    expect(alarms["acme-test-alb-rejected-connections"]).toMatchObject({ metric_name: "RejectedConnectionCount", statistic: "Sum", threshold: 0 });
  });

  it("THEN the service rolls back a deployment that raises its 5xx share or latency", () => {
    expect(onlyResource(stack, "aws_ecs_service").alarms).toEqual({
      alarm_names: [resourceAt(stack, "aws_cloudwatch_metric_alarm", "service-web/alarm-5xx-rate-high").ref("alarm_name"), resourceAt(stack, "aws_cloudwatch_metric_alarm", "service-web/alarm-latency-high").ref("alarm_name")],
      enable: true,
      rollback: true,
    });
    expect(onlyResource(stack, "aws_ecs_service").deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
  });

  it("THEN failed deployments of the cluster's services go to the topic through EventBridge", () => {
    const rule = resourceAt(stack, "aws_cloudwatch_event_rule", "cluster/failed-deployments");
    const pattern = JSON.parse(String(rule.resource.event_pattern));
    expect(pattern).toMatchObject({ source: ["aws.ecs"], "detail-type": ["ECS Deployment State Change"], detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] } });
    expect(pattern.resources[0].prefix).toMatch(/:service\/acme-test\/$/);
    expect(resourceAt(stack, "aws_cloudwatch_event_target", "cluster/failed-deployments-target").resource).toMatchObject({ rule: rule.ref("name"), arn: topic.ref("arn") });
  });

  it("THEN the topic is encrypted with its own key, which CloudWatch, EventBridge and AWS Budgets may use", () => {
    const key = resourceAt(stack, "aws_kms_key", "monitoring/key");
    expect(topic.resource).toMatchObject({ name: "acme-test-alarms", kms_master_key_id: key.ref("arn") });
    expect(key.resource).toMatchObject({ enable_key_rotation: true });
    const statements = Object.values(dataSourceAt(stack, "aws_iam_policy_document", "monitoring/key-policy").resource.statement);
    expect(statements).toContainEqual(
      expect.objectContaining({
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        principals: [{ type: "Service", identifiers: ["budgets.amazonaws.com", "cloudwatch.amazonaws.com", "events.amazonaws.com"] }],
      }),
    );
  });

  it("THEN only this account's alarms and event rules may publish to the topic", () => {
    const statements = Object.values(dataSourceAt(stack, "aws_iam_policy_document", "monitoring/alarms-policy-document").resource.statement) as Json[];
    const alarmsStatement = statements.find((statement) => String(statement.sid) === "AlarmsOfThisAccountPublish");
    const condition = JSON.stringify(alarmsStatement?.condition);
    expect(condition).toContain('"variable":"aws:SourceAccount"');
    expect(condition).toMatch(/:cloudwatch:eu-west-1:[^"]*:alarm:\*"\],"variable":"aws:SourceArn"/);
    const eventsStatement = statements.find((statement) => String(statement.sid) === "EventRulesOfThisAccountPublish");
    expect(JSON.stringify(eventsStatement?.condition)).toContain(":events:eu-west-1:");
  });

  it("THEN a development environment has no dashboard by default", () => {
    expect(resourcesOf(stack, "aws_cloudwatch_dashboard")).toEqual({});
  });
});

describe("alarms follow the resources", () => {
  it("GIVEN a worker is added WHEN synthesized THEN its alarms appear, without target-group alarms, and it rolls back on memory", () => {
    const stack = synthEnvironment(minimalEnvironment({ services: [web, worker] }));
    expect(Object.keys(alarmsByName(stack)).filter((name) => name.startsWith("acme-test-worker-")).sort()).toEqual([
      "acme-test-worker-cpu-high",
      "acme-test-worker-memory-high",
      "acme-test-worker-tasks-below-minimum",
    ]);
    expect(alarmsByName(stack)["acme-test-worker-tasks-below-minimum"].threshold).toBe(2);
    expect(resourceAt(stack, "aws_ecs_service", "service-worker/service").resource.alarms).toMatchObject({
      alarm_names: [resourceAt(stack, "aws_cloudwatch_metric_alarm", "service-worker/alarm-memory-high").ref("alarm_name")],
      rollback: true,
    });
  });

  it("GIVEN a database is added and removed WHEN synthesized THEN its alarms come and go", () => {
    const withDatabase = alarmNames(minimalEnvironment({ database: MINIMAL_DATABASE }));
    const databaseAlarms = withDatabase.filter((name) => name.startsWith("acme-test-database-"));
    expect(databaseAlarms).toEqual([
      "acme-test-database-connections-high",
      "acme-test-database-cpu-credits-low",
      "acme-test-database-cpu-high",
      "acme-test-database-memory-low",
      "acme-test-database-read-latency-high",
      "acme-test-database-storage-low",
      "acme-test-database-write-latency-high",
    ]);
    expect(alarmNames(minimalEnvironment()).some((name) => name.includes("database"))).toBe(false);
  });

  it("GIVEN Container Insights off WHEN synthesized THEN there is no running-task alarm, which would have no data", () => {
    expect(alarmNames(minimalEnvironment({ cluster: { containerInsights: "disabled" } }))).not.toContain("acme-test-web-tasks-below-minimum");
  });
});

describe("GIVEN a database on db.t4g.micro with 20 GiB and a replica", () => {
  const stack = synthEnvironment(minimalEnvironment({ database: { ...MINIMAL_DATABASE, readReplicas: 1 } }));
  const alarms = alarmsByName(stack);
  const dimensions = { DBInstanceIdentifier: "acme-test-postgres" };

  it("THEN free storage pages below 10% of the allocated storage, and silence counts as breaching", () => {
    expect(alarms["acme-test-database-storage-low"]).toMatchObject({
      metric_name: "FreeStorageSpace",
      statistic: "Minimum",
      threshold: 2 * 2 ** 30,
      comparison_operator: "LessThanThreshold",
      treat_missing_data: "breaching",
      dimensions,
    });
  });

  it("THEN memory and connections are judged against the class: 1 GiB and about 101 connections", () => {
    expect(alarms["acme-test-database-memory-low"]).toMatchObject({ metric_name: "FreeableMemory", threshold: Math.round(0.1 * 2 ** 30), evaluation_periods: 15 });
    expect(alarms["acme-test-database-connections-high"]).toMatchObject({ metric_name: "DatabaseConnections", threshold: 80 });
  });

  it("THEN latency alarms read the 90th percentile in seconds, as RDS reports it", () => {
    expect(alarms["acme-test-database-read-latency-high"]).toMatchObject({ metric_name: "ReadLatency", extended_statistic: "p90", threshold: 0.02 });
    expect(alarms["acme-test-database-write-latency-high"]).toMatchObject({ metric_name: "WriteLatency", extended_statistic: "p90", threshold: 0.02 });
  });

  it("THEN the burstable class's CPU credits are watched, at 20% of the 288 it can hold", () => {
    expect(alarms["acme-test-database-cpu-credits-low"]).toMatchObject({ metric_name: "CPUCreditBalance", threshold: 57 });
  });

  it("THEN the replica has its own alarms, replica lag among them", () => {
    expect(alarms["acme-test-database-replica-1-replica-lag-high"]).toMatchObject({
      metric_name: "ReplicaLag",
      statistic: "Maximum",
      threshold: 60,
      evaluation_periods: 10,
      dimensions: { DBInstanceIdentifier: "acme-test-postgres-replica-1" },
    });
    expect(alarms["acme-test-database-replica-lag-high"]).toBeUndefined();
  });

  it("THEN a fixed-performance class has no credit alarm", () => {
    const large = synthEnvironment(minimalEnvironment({ database: { ...MINIMAL_DATABASE, instanceClass: "db.m7g.large", allocatedStorage: 100, maxAllocatedStorage: 200 } }));
    expect(alarmsByName(large)["acme-test-database-cpu-credits-low"]).toBeUndefined();
    expect(alarmsByName(large)["acme-test-database-connections-high"].threshold).toBe(Math.floor(Math.floor((8 * 2 ** 30 * 0.9) / 9531392) * 0.8));
  });
});

describe("thresholds", () => {
  it("GIVEN environment-wide service thresholds and one service's own WHEN synthesized THEN each service gets its own or the environment's", () => {
    const input = minimalEnvironment({
      monitoring: { serviceAlarms: { cpuPercent: 80, targetResponseTimeP99Seconds: 1.5 } },
      services: [web, { ...worker, alarms: { cpuPercent: 60, memoryPercent: 70 } }],
    });
    const alarms = alarmsByName(synthEnvironment(input));
    expect(alarms["acme-test-web-cpu-high"].threshold).toBe(80);
    expect(alarms["acme-test-web-latency-high"].threshold).toBe(1.5);
    expect(alarms["acme-test-web-memory-high"].threshold).toBe(90);
    expect(alarms["acme-test-worker-cpu-high"].threshold).toBe(60);
    expect(alarms["acme-test-worker-memory-high"].threshold).toBe(70);
  });

  it("GIVEN a mistyped threshold WHEN parsed THEN the field is named", () => {
    expect(validationMessage(minimalEnvironment({ monitoring: { serviceAlarms: { cpuPercent: 150 } } }))).toContain(
      'environment "test": monitoring.serviceAlarms.cpuPercent is 150; expected a whole percentage from 1 to 100',
    );
    expect(validationMessage(minimalEnvironment({ services: [{ ...web, alarms: { cpuPercnt: 50 } }] } as never))).toContain(
      "services[0].alarms.cpuPercnt is not a known field; did you mean cpuPercent?",
    );
  });
});

describe("notifications", () => {
  it("GIVEN emails, an auto-confirming HTTPS endpoint and a paging topic WHEN synthesized THEN each is subscribed, and paging alarms go to the paging topic", () => {
    const stack = synthEnvironment(
      minimalEnvironment({
        monitoring: {
          notifications: { emails: ["team@example.com"], httpsEndpoints: [{ url: "https://events.example.com/sns", autoConfirms: true }] },
          paging: { emails: ["oncall@example.com"] },
        },
      }),
    );
    const topic = resourceAt(stack, "aws_sns_topic", "monitoring/alarms");
    const paging = resourceAt(stack, "aws_sns_topic", "monitoring/paging");
    expect(resourceAt(stack, "aws_sns_topic_subscription", "monitoring/alarms-email-0").resource).toMatchObject({ topic_arn: topic.ref("arn"), protocol: "email", endpoint: "team@example.com" });
    expect(resourceAt(stack, "aws_sns_topic_subscription", "monitoring/alarms-https-0").resource).toMatchObject({ protocol: "https", endpoint_auto_confirms: true });
    expect(resourceAt(stack, "aws_sns_topic_subscription", "monitoring/paging-email-0").resource).toMatchObject({ topic_arn: paging.ref("arn"), endpoint: "oncall@example.com" });
    const alarms = alarmsByName(stack);
    expect(alarms["acme-test-web-5xx-rate-high"].alarm_actions).toEqual([paging.ref("arn")]);
    expect(alarms["acme-test-web-cpu-high"].alarm_actions).toEqual([topic.ref("arn")]);
  });

  it("GIVEN a Slack channel WHEN synthesized THEN AWS Chatbot posts the topic through a read-only role", () => {
    const stack = synthEnvironment(minimalEnvironment({ monitoring: { notifications: { slack: { teamId: "T0123ABCDE", channelId: "C0123ABCDE" } } } }));
    const slack = resourceAt(stack, "aws_chatbot_slack_channel_configuration", "monitoring/alarms-slack").resource;
    expect(slack).toMatchObject({ slack_team_id: "T0123ABCDE", slack_channel_id: "C0123ABCDE", sns_topic_arns: [resourceAt(stack, "aws_sns_topic", "monitoring/alarms").ref("arn")] });
    expect(String(slack.guardrail_policy_arns)).toContain("CloudWatchReadOnlyAccess");
  });

  it("GIVEN an HTTPS endpoint with a password in it WHEN parsed THEN it is refused without echoing the password", () => {
    const message = validationMessage(minimalEnvironment({ monitoring: { notifications: { httpsEndpoints: [{ url: "https://user:hunter2@hooks.example.com/x" }] } } }));
    expect(message).toContain("monitoring.notifications.httpsEndpoints[0].url");
    expect(message).not.toContain("hunter2");
  });

  it("GIVEN a malformed email WHEN parsed THEN it is named", () => {
    expect(validationMessage(minimalEnvironment({ monitoring: { notifications: { emails: ["oncall"] } } }))).toContain(
      'monitoring.notifications.emails[0] is "oncall"; expected an email address',
    );
  });
});

describe("the dashboard", () => {
  const input = minimalEnvironment({ tier: "staging", services: [web, worker], database: MINIMAL_DATABASE });
  const body = (stack: SynthesizedStack) => JSON.parse(String(onlyResource(stack, "aws_cloudwatch_dashboard").dashboard_body));

  it("GIVEN a staging environment WHEN synthesized THEN it has one dashboard with the alarms and a section per resource", () => {
    const stack = synthEnvironment(input);
    const widgets = body(stack).widgets as { type: string; properties: { markdown?: string; alarms?: string[] } }[];
    expect(widgets[0].type).toBe("alarm");
    expect(widgets[0].properties.alarms).toHaveLength(Object.keys(resourcesOf(stack, "aws_cloudwatch_metric_alarm")).length);
    expect(widgets.filter((widget) => widget.type === "text").map((widget) => widget.properties.markdown)).toEqual([
      "## Database acme-test-postgres",
      "## Load balancer",
      "## Service web",
      "## Service worker",
    ]);
  });

  it("GIVEN the same input twice WHEN synthesized in two apps THEN the dashboard is byte-identical", () => {
    const fresh = () => synthesized(buildPlatform(() => Testing.app(), bootstrapInput, [input]).environments.get("test")!);
    expect(onlyResource(fresh(), "aws_cloudwatch_dashboard").dashboard_body).toBe(onlyResource(fresh(), "aws_cloudwatch_dashboard").dashboard_body);
  });

  it("GIVEN the dashboard WHEN laid out THEN no two tiles overlap", () => {
    const widgets = body(synthEnvironment(input)).widgets as { x: number; y: number; width: number; height: number }[];
    const cells = new Set<string>();
    for (const widget of widgets) {
      for (let x = widget.x; x < widget.x + widget.width; x++) {
        for (let y = widget.y; y < widget.y + widget.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });
});


function containersOf(stack: SynthesizedStack, service: string): Json[] {
  return JSON.parse(String(resourceAt(stack, "aws_ecs_task_definition", `service-${service}/task-definition`).resource.container_definitions));
}

describe("container health checks", () => {
  it("GIVEN a worker with a command WHEN synthesized THEN ECS runs that command with the default timings", () => {
    const stack = synthEnvironment(minimalEnvironment({ services: [web, { ...worker, healthCheck: { command: ["CMD", "/app/healthcheck"] } }] }));
    expect(containersOf(stack, "worker")[0].healthCheck).toEqual({ command: ["CMD", "/app/healthcheck"], interval: 30, timeout: 5, retries: 3, startPeriod: 60 });
  });

  it("GIVEN an internal service with an httpPath WHEN synthesized THEN the container checks its own port with wget or curl", () => {
    const stack = synthEnvironment(minimalEnvironment({ services: [web, { ...worker, containerPort: 9000, healthCheck: { httpPath: "/healthz", retries: 5 } }] }));
    expect(containersOf(stack, "worker")[0].healthCheck).toEqual({
      command: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:9000/healthz || curl -fsS -o /dev/null http://127.0.0.1:9000/healthz || exit 1"],
      interval: 30,
      timeout: 5,
      retries: 5,
      startPeriod: 60,
    });
  });

  it("GIVEN both a command and an httpPath, or an httpPath without a port, WHEN parsed THEN each is refused", () => {
    expect(validationMessage(minimalEnvironment({ services: [{ ...worker, healthCheck: { command: ["CMD", "/x"], httpPath: "/h" } }] }))).toContain(
      "services[0].healthCheck.command",
    );
    expect(validationMessage(minimalEnvironment({ services: [{ ...worker, healthCheck: { httpPath: "/h" } }] }))).toContain(
      "services[0].containerPort is not set; expected a port from 1 to 65535 (required for services behind the load balancer, called by others, or checked by httpPath)",
    );
  });
});

describe("tracing", () => {
  it("GIVEN tracing on for the environment WHEN synthesized THEN each service runs a pinned collector beside it that may write to X-Ray", () => {
    const stack = synthEnvironment(minimalEnvironment({ monitoring: { tracing: true } }));
    const [application, collector] = containersOf(stack, "web");
    expect(collector).toMatchObject({
      name: "aws-otel-collector",
      image: expect.stringMatching(/^public\.ecr\.aws\/aws-observability\/aws-otel-collector:v\d+\.\d+\.\d+$/),
      essential: false,
      command: ["--config=/etc/ecs/ecs-xray.yaml"],
      readonlyRootFilesystem: true,
      healthCheck: expect.objectContaining({ command: ["CMD", "/healthcheck"] }),
    });
    expect(application.dependsOn).toEqual([{ containerName: "aws-otel-collector", condition: "START" }]);
    expect(application.environment).toEqual(expect.arrayContaining([{ name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: "http://127.0.0.1:4317" }, { name: "OTEL_SERVICE_NAME", value: "web" }]));
    const statements = Object.values(dataSourceAt(stack, "aws_iam_policy_document", "service-web/roles/task-policy-document").resource.statement);
    expect(statements).toContainEqual(expect.objectContaining({ sid: "SendTracesToXRay", actions: expect.arrayContaining(["xray:PutTraceSegments", "xray:GetSamplingRules"]), resources: ["*"] }));
  });

  it("GIVEN tracing on but off for one service WHEN synthesized THEN that service has one container and no X-Ray grant", () => {
    const stack = synthEnvironment(minimalEnvironment({ monitoring: { tracing: true }, services: [{ ...web, tracing: false }] }));
    expect(containersOf(stack, "web")).toHaveLength(1);
    expect(JSON.stringify(dataSourcesOf(stack, "aws_iam_policy_document"))).toContain("logs:PutLogEvents");
    expect(JSON.stringify(dataSourcesOf(stack, "aws_iam_policy_document"))).not.toContain("xray:");
  });
});
