import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EnvironmentInput } from "../modules/platform/schema";
import {
  changed,
  changedBootstrap,
  dataSourceAt,
  findByPath,
  Json,
  minimalEnvironment,
  MINIMAL_DATABASE,
  Mutable,
  Overrides,
  resourceAt,
  resourcesOf,
  synthEnvironment,
  SynthesizedStack,
} from "./support/synth";

type ServiceInput = NonNullable<EnvironmentInput["services"]>[number];

/**
 * The services most environments run: "web" (a public image behind the load balancer at "/*"),
 * "api" (an image from its own ECR repository on ARM64, behind the load balancer at "/api/*",
 * read-only root filesystem, autoscaled, using the database) and "worker" (no port, no route,
 * using the database). Fresh objects on every call.
 */
function typicalServices(): ServiceInput[] {
  return [
    {
      name: "web",
      image: { source: "uri", uri: "public.ecr.aws/nginx/nginx:1.27" },
      cpu: 256,
      memory: 512,
      containerPort: 80,
      desiredCount: 2,
      loadBalancer: { priority: 1000, pathPatterns: ["/*"], healthCheckPath: "/" },
    },
    {
      name: "api",
      image: { source: "ecr", tag: "1.0.0", keepLastImages: 10 },
      cpu: 512,
      memory: 1024,
      cpuArchitecture: "ARM64",
      containerPort: 8080,
      desiredCount: 3,
      environment: { LOG_LEVEL: "debug" },
      readonlyRootFilesystem: true,
      loadBalancer: { priority: 100, pathPatterns: ["/api/*"], healthCheckPath: "/api/health" },
      autoscaling: { minCapacity: 1, maxCapacity: 4 },
      uses: { database: true },
    },
    {
      name: "worker",
      image: { source: "ecr", tag: "1.0.0" },
      cpu: 256,
      memory: 512,
      cpuArchitecture: "ARM64",
      desiredCount: 1,
      uses: { database: true },
    },
  ];
}

/** The minimal environment with the typical services and a database; `overrides` merge on top. */
function typicalEnvironment(overrides: Overrides<EnvironmentInput> = {}): EnvironmentInput {
  return minimalEnvironment({ services: typicalServices(), database: MINIMAL_DATABASE, ...overrides });
}

/** The typical environment, synthesized once for the tests that need nothing else. */
const TYPICAL = typicalEnvironment();

/** The service called `name` in a config being changed. */
function serviceIn(config: Mutable<EnvironmentInput>, name: string): Mutable<ServiceInput> {
  const service = config.services?.find((candidate) => candidate.name === name);
  if (!service) throw new Error(`no service ${name}`);
  return service;
}

function containerOf(stack: SynthesizedStack, service: string): Json {
  const definition = resourceAt(stack, "aws_ecs_task_definition", `service-${service}/task-definition`).resource;
  return JSON.parse(String(definition.container_definitions))[0];
}

function statementsOf(stack: SynthesizedStack, path: string): Json[] {
  return Object.values(dataSourceAt(stack, "aws_iam_policy_document", path).resource.statement);
}

function ingressRulesOf(stack: SynthesizedStack, securityGroupRef: string): Json[] {
  return Object.values(resourcesOf(stack, "aws_vpc_security_group_ingress_rule")).filter(
    (rule) => rule.security_group_id === (securityGroupRef as unknown as Json),
  );
}

function ecsServiceAt(stack: SynthesizedStack, service: string): Json {
  return resourceAt(stack, "aws_ecs_service", `service-${service}/service`).resource;
}

describe("GIVEN a web service, an api using the database and a worker", () => {
  const config = TYPICAL;
  const services = config.services ?? [];
  const stack = synthEnvironment(config);

  it("THEN all of them run on the one shared cluster", () => {
    const cluster = resourceAt(stack, "aws_ecs_cluster", "cluster/cluster");
    const ecsServices = Object.values(resourcesOf(stack, "aws_ecs_service"));
    expect(ecsServices).toHaveLength(3);
    for (const service of ecsServices) expect(service.cluster).toBe(cluster.ref("arn"));
  });

  it.each([
    ["web", 80],
    ["api", 8080],
  ])("THEN %s admits traffic from the load balancer alone, on its container port %d", (service, port) => {
    const group = resourceAt(stack, "aws_security_group", `service-${service}/security-group`);
    const albGroup = resourceAt(stack, "aws_security_group", "load-balancer/security-group");
    const rules = ingressRulesOf(stack, group.ref("id"));
    expect(rules).toEqual([
      expect.objectContaining({ referenced_security_group_id: albGroup.ref("id"), from_port: port, to_port: port, ip_protocol: "tcp" }),
    ]);
    expect(rules[0].cidr_ipv4).toBeUndefined();
  });

  it("THEN the worker, which nobody calls, admits no traffic at all", () => {
    const group = resourceAt(stack, "aws_security_group", "service-worker/security-group");
    expect(ingressRulesOf(stack, group.ref("id"))).toHaveLength(0);
  });

  it("THEN every service deploys with a rollback circuit breaker and tag propagation, never with a launch type", () => {
    for (const service of Object.values(resourcesOf(stack, "aws_ecs_service"))) {
      expect(service).toMatchObject({
        deployment_circuit_breaker: { enable: true, rollback: true },
        deployment_minimum_healthy_percent: 100,
        deployment_maximum_percent: 200,
        propagate_tags: "SERVICE",
        enable_ecs_managed_tags: true,
      });
      expect(service.launch_type).toBeUndefined();
    }
  });

  it("THEN each service runs its configured number of tasks", () => {
    for (const service of services) expect(ecsServiceAt(stack, service.name).desired_count).toBe(service.desiredCount);
  });
});

describe.each([
  ["no certificate", undefined, "load-balancer/http"],
  ["a certificate by ARN", { certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d" }, "load-balancer/https"],
  ["a DNS-validated certificate", { domainName: "test.acme.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }, "load-balancer/https"],
] as const)("GIVEN two routed services and a worker, and a load balancer with %s", (_, certificate, listenerPath) => {
  const stack = synthEnvironment(typicalEnvironment({ loadBalancer: { certificate } }));

  it(`THEN both routes hang off the one load balancer's ${listenerPath.split("/")[1]} listener`, () => {
    expect(Object.keys(resourcesOf(stack, "aws_lb"))).toHaveLength(1);
    const listener = resourceAt(stack, "aws_lb_listener", listenerPath);
    const rules = Object.values(resourcesOf(stack, "aws_lb_listener_rule"));
    expect(rules).toHaveLength(2);
    for (const rule of rules) expect(rule.listener_arn).toBe(listener.ref("arn"));
  });
});

describe.each([
  ["Spot-first", { fargateBase: 0, fargateWeight: 1, fargateSpotWeight: 4 }],
  ["an on-demand base plus a Spot share", { fargateBase: 2, fargateWeight: 3, fargateSpotWeight: 1 }],
  ["on-demand only", { fargateBase: 1, fargateWeight: 1, fargateSpotWeight: 0 }],
])("GIVEN a cluster whose capacity strategy is %s", (_, strategy) => {
  const stack = synthEnvironment(typicalEnvironment({ cluster: { capacityProviderStrategy: strategy } }));

  it("THEN every service repeats that strategy for Fargate and Fargate Spot", () => {
    for (const service of Object.values(resourcesOf(stack, "aws_ecs_service"))) {
      expect(service.capacity_provider_strategy).toEqual([
        { capacity_provider: "FARGATE", base: strategy.fargateBase, weight: strategy.fargateWeight },
        { capacity_provider: "FARGATE_SPOT", base: 0, weight: strategy.fargateSpotWeight },
      ]);
    }
  });
});

describe.each([
  ["on", true],
  ["off", false],
])("GIVEN ECS Exec %s for the cluster", (_, enableExecuteCommand) => {
  const stack = synthEnvironment(typicalEnvironment({ cluster: { enableExecuteCommand } }));

  it(`THEN every service has enable_execute_command ${enableExecuteCommand}`, () => {
    for (const service of Object.values(resourcesOf(stack, "aws_ecs_service"))) {
      expect(service.enable_execute_command).toBe(enableExecuteCommand);
    }
  });

  it(`THEN the containers ${enableExecuteCommand ? "run" : "do not need"} an init process to reap session processes`, () => {
    for (const service of ["web", "api", "worker"]) {
      expect(containerOf(stack, service).linuxParameters).toEqual(enableExecuteCommand ? { initProcessEnabled: true } : undefined);
    }
  });

  it(`THEN the task role of a service that asks for nothing ${enableExecuteCommand ? "holds exactly the ECS Exec statements" : "is empty"}`, () => {
    if (enableExecuteCommand) {
      const exec = statementsOf(stack, "service-web/roles/task-policy-document");
      expect(exec.map((statement) => statement.sid)).toEqual(["OpenExecSessions", "DecryptExecSessions", "FindExecLogGroup", "WriteExecLogs"]);
    } else {
      expect(findByPath(stack, "aws_iam_role_policy", "service-web/roles/task-policy")).toHaveLength(0);
    }
  });
});

describe.each([
  ["none", 2, "public", true],
  ["single", 2, "private", false],
  ["perAz", 3, "private", false],
] as const)("GIVEN natStrategy %s across %d AZs", (natStrategy, azCount, tier, publicIp) => {
  const stack = synthEnvironment(typicalEnvironment({ network: { natStrategy, azCount } }));

  it(`THEN every service's tasks run in the ${tier} subnets, ${publicIp ? "with" : "without"} a public IP`, () => {
    const subnetRefs = findByPath(stack, "aws_subnet", "network/")
      .filter(({ resource }) => resource.tags.Tier === (tier as unknown as Json))
      .map((subnet) => subnet.ref("id"));
    expect(subnetRefs).toHaveLength(azCount);
    const ecsServices = Object.values(resourcesOf(stack, "aws_ecs_service"));
    expect(ecsServices).toHaveLength(3);
    for (const service of ecsServices) {
      expect(service.network_configuration.assign_public_ip).toBe(publicIp);
      expect([...Object.values(service.network_configuration.subnets)].sort()).toEqual([...subnetRefs].sort());
    }
  });
});

describe("GIVEN an autoscaled api (1..4 tasks), an autoscaled worker (1..3) and a web service of fixed size", () => {
  const config = changed(TYPICAL, (environment) => {
    serviceIn(environment, "worker").autoscaling = { minCapacity: 1, maxCapacity: 3 };
  });
  const stack = synthEnvironment(config);

  it("THEN Terraform leaves the autoscaled services' task counts alone after creation, and manages the fixed one", () => {
    expect(ecsServiceAt(stack, "api").lifecycle.ignore_changes).toEqual(["desired_count"]);
    expect(ecsServiceAt(stack, "worker").lifecycle.ignore_changes).toEqual(["desired_count"]);
    expect(ecsServiceAt(stack, "web").lifecycle.ignore_changes).toBeUndefined();
    expect(findByPath(stack, "aws_appautoscaling_target", "service-web/")).toHaveLength(0);
  });

  it("THEN every service starts with its configured desired count", () => {
    for (const service of config.services ?? []) expect(ecsServiceAt(stack, service.name).desired_count).toBe(service.desiredCount);
  });

  it.each([
    ["api", 1, 4],
    ["worker", 1, 3],
  ])("THEN %s scales between %d and %d tasks on CPU at 70%% and memory at 80%%, out after 60 s and in after 300 s", (service, min, max) => {
    const target = resourceAt(stack, "aws_appautoscaling_target", `service-${service}/autoscaling/target`);
    expect(target.resource).toMatchObject({
      min_capacity: min,
      max_capacity: max,
      scalable_dimension: "ecs:service:DesiredCount",
      service_namespace: "ecs",
    });
    for (const [metric, value] of [["cpu", 70], ["memory", 80]] as const) {
      const policy = resourceAt(stack, "aws_appautoscaling_policy", `service-${service}/autoscaling/${metric}`).resource;
      expect(policy.resource_id).toBe(target.ref("resource_id"));
      expect(policy.target_tracking_scaling_policy_configuration).toMatchObject({
        target_value: value,
        scale_out_cooldown: 60,
        scale_in_cooldown: 300,
      });
    }
    expect(findByPath(stack, "aws_appautoscaling_policy", `service-${service}/autoscaling/requests`)).toHaveLength(0);
  });
});

describe("GIVEN an api autoscaled on 500 requests per target", () => {
  const stack = synthEnvironment(
    changed(TYPICAL, (environment) => {
      serviceIn(environment, "api").autoscaling = { minCapacity: 1, maxCapacity: 4, requestsPerTarget: 500 };
    }),
  );

  it("THEN it tracks ALB requests per target with the load balancer and its target group as the label", () => {
    const policy = resourceAt(stack, "aws_appautoscaling_policy", "service-api/autoscaling/requests").resource;
    const alb = resourceAt(stack, "aws_lb", "load-balancer/alb");
    const targetGroup = resourceAt(stack, "aws_lb_target_group", "service-api/target-group");
    expect(policy.target_tracking_scaling_policy_configuration).toMatchObject({
      target_value: 500,
      predefined_metric_specification: {
        predefined_metric_type: "ALBRequestCountPerTarget",
        resource_label: `${alb.ref("arn_suffix")}/${targetGroup.ref("arn_suffix")}`,
      },
    });
  });
});

describe("GIVEN the typical services with service logs kept 7 days", () => {
  const stack = synthEnvironment(typicalEnvironment({ cluster: { serviceLogRetentionInDays: 7 } }));

  describe("WHEN their task definitions are synthesized", () => {
    it("THEN they run on Fargate with the configured size and architecture (X86_64 unless ARM64 is asked for)", () => {
      expect(resourceAt(stack, "aws_ecs_task_definition", "service-api/task-definition").resource).toMatchObject({
        family: "acme-test-api",
        requires_compatibilities: ["FARGATE"],
        network_mode: "awsvpc",
        cpu: "512",
        memory: "1024",
        runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "ARM64" },
      });
      expect(resourceAt(stack, "aws_ecs_task_definition", "service-web/task-definition").resource).toMatchObject({
        cpu: "256",
        memory: "512",
        runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "X86_64" },
      });
    });

    it("THEN an ECR image is pulled from the service's repository in the registries' region, at the tag its release parameter holds", () => {
      const tag = resourceAt(stack, "aws_ssm_parameter", "service-api/image-tag");
      const account = dataSourceAt(stack, "aws_caller_identity", "current-account");
      expect(containerOf(stack, "api").image).toBe(`${account.ref("account_id")}.dkr.ecr.eu-west-1.amazonaws.com/acme-test/api:${tag.ref("insecure_value")}`);
    });

    it("THEN the release parameter starts at the configured tag and Terraform never resets what a release wrote", () => {
      expect(resourceAt(stack, "aws_ssm_parameter", "service-api/image-tag").resource).toMatchObject({
        name: "/acme/test/api/image-tag",
        type: "String",
        insecure_value: "1.0.0",
        lifecycle: { ignore_changes: ["insecure_value"] },
      });
    });

    it("THEN Terraform adopts the task definition revision a release registered, instead of planning its own", () => {
      for (const service of ["api", "web", "worker"]) {
        expect(resourceAt(stack, "aws_ecs_task_definition", `service-${service}/task-definition`).resource.track_latest).toBe(true);
      }
    });

    it("THEN an apply waits until each service is steady, so a crash-looping release fails the apply", () => {
      for (const service of Object.values(resourcesOf(stack, "aws_ecs_service"))) expect(service.wait_for_steady_state).toBe(true);
    });

    it("THEN a public image is run as given, with no repository", () => {
      expect(containerOf(stack, "web").image).toBe("public.ecr.aws/nginx/nginx:1.27");
      expect(findByPath(stack, "aws_ssm_parameter", "service-web/image-tag")).toHaveLength(0);
    });

    it("THEN each logs to the service's own log group with the configured retention", () => {
      const logGroup = resourceAt(stack, "aws_cloudwatch_log_group", "service-api/logs");
      expect(logGroup.resource).toMatchObject({ name: "/ecs/acme-test/services/api", retention_in_days: 7 });
      expect(containerOf(stack, "api").logConfiguration).toEqual({
        logDriver: "awslogs",
        options: { "awslogs-group": logGroup.ref("name"), "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "api" },
      });
    });

    it("THEN the container port is mapped, and a worker gets no port", () => {
      expect(containerOf(stack, "api").portMappings).toEqual([{ name: "api", containerPort: 8080, hostPort: 8080, protocol: "tcp" }]);
      expect(containerOf(stack, "worker").portMappings).toBeUndefined();
    });

    it.each([
      ["api", "asks for it", true],
      ["web", "leaves it at the default", false],
    ])("THEN the root filesystem of %s, which %s, is read-only: %s", (service, _, readOnly) => {
      expect(containerOf(stack, service).readonlyRootFilesystem).toBe(readOnly);
    });

    it("THEN a service without secrets or bindings gets no secrets list", () => {
      expect(containerOf(stack, "web").secrets).toBeUndefined();
    });
  });
});

describe("GIVEN an api with a container health check that sets only the command and the retries", () => {
  const stack = synthEnvironment(
    changed(TYPICAL, (environment) => {
      serviceIn(environment, "api").healthCheck = { command: ["CMD-SHELL", "curl -f http://localhost:8080/api/health || exit 1"], retries: 5 };
    }),
  );

  it("THEN the container carries the check, with the defaults for the rest", () => {
    expect(containerOf(stack, "api").healthCheck).toEqual({
      command: ["CMD-SHELL", "curl -f http://localhost:8080/api/health || exit 1"],
      interval: 30,
      timeout: 5,
      retries: 5,
      startPeriod: 60,
    });
  });
});

describe("GIVEN web with a Secrets Manager secret (with a JSON key) and an SSM parameter as secrets", () => {
  const secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/test/stripe-AbCdEf";
  const parameterArn = "arn:aws:ssm:eu-west-1:123456789012:parameter/acme/test/feature-flags";
  const stack = synthEnvironment(
    changed(TYPICAL, (environment) => {
      serviceIn(environment, "web").secrets = { STRIPE_KEY: `${secretArn}:apiKey::`, FEATURE_FLAGS: parameterArn };
    }),
  );

  it("THEN they reach the container as references, sorted by name, never as values", () => {
    expect(containerOf(stack, "web").secrets).toEqual([
      { name: "FEATURE_FLAGS", valueFrom: parameterArn },
      { name: "STRIPE_KEY", valueFrom: `${secretArn}:apiKey::` },
    ]);
  });

  it("THEN web's execution role alone may read them", () => {
    const web = statementsOf(stack, "service-web/roles/execution-policy-document");
    expect(web).toContainEqual(expect.objectContaining({ actions: ["secretsmanager:GetSecretValue"], resources: [secretArn] }));
    expect(web).toContainEqual(expect.objectContaining({ actions: ["ssm:GetParameters"], resources: [parameterArn] }));
    for (const other of ["api", "worker"]) {
      const text = JSON.stringify(statementsOf(stack, `service-${other}/roles/execution-policy-document`));
      expect(text).not.toContain(secretArn);
      expect(text).not.toContain(parameterArn);
    }
  });
});

describe("GIVEN an api with an image from its own ECR repository and a web service with a public image", () => {
  const stack = synthEnvironment(TYPICAL);

  it("THEN the api's execution role writes only its own log group and pulls only its own repository", () => {
    const statements = statementsOf(stack, "service-api/roles/execution-policy-document");
    const logGroup = resourceAt(stack, "aws_cloudwatch_log_group", "service-api/logs");
    const account = dataSourceAt(stack, "aws_caller_identity", "current-account").ref("account_id");
    const partition = dataSourceAt(stack, "aws_partition", "current-partition").ref("partition");
    expect(statements).toContainEqual(expect.objectContaining({ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logGroup.ref("arn")}:*`] }));
    expect(statements).toContainEqual(
      expect.objectContaining({
        actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        resources: [`arn:${partition}:ecr:eu-west-1:${account}:repository/acme-test/api`],
      }),
    );
    const wildcard = statements.filter((statement) => Object.values(statement.resources).includes("*" as unknown as Json));
    expect(wildcard.map((statement) => statement.actions)).toEqual([["ecr:GetAuthorizationToken"]]);
  });

  it("THEN the web service's execution role has no ECR permissions", () => {
    const text = JSON.stringify(statementsOf(stack, "service-web/roles/execution-policy-document"));
    expect(text).not.toContain("ecr:");
  });

  it("THEN the roles may be assumed by ECS tasks of this account only", () => {
    const trust = statementsOf(stack, "service-api/roles/trust")[0];
    expect(trust.principals).toEqual([{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }]);
    expect(trust.condition).toContainEqual(expect.objectContaining({ variable: "aws:SourceAccount" }));
  });
});

describe("GIVEN ECS Exec off and a worker that uses the database and declares a task role statement", () => {
  const stack = synthEnvironment(
    changed(typicalEnvironment({ cluster: { enableExecuteCommand: false } }), (environment) => {
      serviceIn(environment, "worker").taskRolePolicyStatements = [{ actions: ["sqs:ReceiveMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:jobs"] }];
    }),
  );

  it("THEN the worker's task role carries the declared statement, then the database binding's", () => {
    expect(statementsOf(stack, "service-worker/roles/task-policy-document")).toEqual([
      expect.objectContaining({ actions: ["sqs:ReceiveMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:jobs"] }),
      expect.objectContaining({ sid: "ConnectToDatabaseAsOwnUser" }),
    ]);
  });
});

describe("GIVEN an api that allows calls from the worker", () => {
  const stack = synthEnvironment(
    changed(TYPICAL, (environment) => {
      serviceIn(environment, "api").allowIngressFrom = ["worker"];
    }),
  );

  it("THEN the api's port is open to the worker's security group, and the worker may reach it", () => {
    const api = resourceAt(stack, "aws_security_group", "service-api/security-group");
    const worker = resourceAt(stack, "aws_security_group", "service-worker/security-group");
    expect(ingressRulesOf(stack, api.ref("id"))).toContainEqual(
      expect.objectContaining({ referenced_security_group_id: worker.ref("id"), from_port: 8080, to_port: 8080 }),
    );
    expect(resourceAt(stack, "aws_vpc_security_group_egress_rule", "service-worker/egress-to-api").resource).toMatchObject({
      security_group_id: worker.ref("id"),
      referenced_security_group_id: api.ref("id"),
      from_port: 8080,
    });
  });
});

describe("GIVEN a Cloud Map namespace for the cluster, and an api the web service may call", () => {
  const stack = synthEnvironment(
    changed(typicalEnvironment({ cluster: { serviceDiscoveryNamespace: "test.acme.internal" } }), (config) => {
      serviceIn(config, "api").allowIngressFrom = ["web"];
    }),
  );

  it("THEN the api, which accepts calls from another service, is discoverable in it", () => {
    const namespace = resourceAt(stack, "aws_service_discovery_private_dns_namespace", "cluster/namespace");
    expect(namespace.resource.name).toBe("test.acme.internal");
    const discovery = resourceAt(stack, "aws_service_discovery_service", "service-api/discovery");
    expect(discovery.resource.dns_config).toMatchObject({ namespace_id: namespace.ref("id") });
    expect(ecsServiceAt(stack, "api").service_registries).toEqual({ registry_arn: discovery.ref("arn"), container_name: "api", container_port: 8080 });
  });

  it("THEN it answers with A records for callers and SRV records (with the port) for API Gateway, healthy tasks only", () => {
    const discovery = resourceAt(stack, "aws_service_discovery_service", "service-api/discovery").resource;
    expect(discovery.dns_config).toMatchObject({
      routing_policy: "MULTIVALUE",
      dns_records: [
        { type: "A", ttl: 10 },
        { type: "SRV", ttl: 10 },
      ],
    });
    expect(discovery.health_check_custom_config).toEqual({ failure_threshold: 1 });
  });

  it("THEN a worker without a port is not registered, nor web, which no service may call", () => {
    expect(findByPath(stack, "aws_service_discovery_service", "service-worker/")).toHaveLength(0);
    expect(ecsServiceAt(stack, "worker").service_registries).toBeUndefined();
    expect(findByPath(stack, "aws_service_discovery_service", "service-web/")).toHaveLength(0);
  });
});

describe("GIVEN no Cloud Map namespace", () => {
  const stack = synthEnvironment(TYPICAL);

  it("THEN there is no namespace and no service is registered", () => {
    expect(resourcesOf(stack, "aws_service_discovery_private_dns_namespace")).toEqual({});
    expect(resourcesOf(stack, "aws_service_discovery_service")).toEqual({});
    for (const service of ["web", "api", "worker"]) expect(ecsServiceAt(stack, service).service_registries).toBeUndefined();
  });
});

describe("GIVEN a long project, environment and service name", () => {
  const project = "acme-payments-eu";
  const stack = synthEnvironment(
    changed(typicalEnvironment({ project, environment: "sandbox123" }), (environment) => {
      serviceIn(environment, "api").name = "reporting-export";
    }),
    changedBootstrap((bootstrap) => void (bootstrap.project = project)),
  );

  it("THEN names are shortened with a stable hash instead of failing at apply", () => {
    const targetGroup = resourceAt(stack, "aws_lb_target_group", "service-reporting-export/target-group").resource;
    // "acme-payments-eu-sandbox123-reporting-export" is 44 characters; target groups take 32.
    // 27 characters and the four of Terraform's hash (see the next test): 32.
    expect(targetGroup.name).toMatch(/^acme-payments-eu-s-[0-9a-f]{8}-\$\{substr\(sha256\(.*\), 0, 4\)\}$/);
    expect(String(resourceAt(stack, "aws_lb", "load-balancer/alb").resource.name).length).toBeLessThanOrEqual(32);
    const roles = Object.values(resourcesOf(stack, "aws_iam_role"));
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(String(role.name).length).toBeLessThanOrEqual(64);
  });

  it("THEN the target group's name changes with port, protocol, target type and the VPC's id, so a forced replacement can create the new one first", () => {
    const targetGroup = resourceAt(stack, "aws_lb_target_group", "service-reporting-export/target-group").resource;
    expect(targetGroup.lifecycle).toEqual({ create_before_destroy: true });
    const vpc = String(targetGroup.vpc_id).slice(2, -1);
    expect(String(targetGroup.name)).toContain(`sha256(join("/", ["8080/HTTP/ip", ${vpc}]))`);
  });
});

describe("GIVEN a routed api and an unrouted worker", () => {
  const stack = synthEnvironment(TYPICAL);

  it("THEN the api's ECS service waits for its listener rule, so the target group is attached to the load balancer first", () => {
    expect(stack.text).toHaveResourceWithProperties(EcsService, { name: "acme-test-api", health_check_grace_period_seconds: 60 });
    const service = ecsServiceAt(stack, "api");
    const rule = resourceAt(stack, "aws_lb_listener_rule", "service-api/listener-rule");
    expect(Object.values(service.depends_on)).toContain(`aws_lb_listener_rule.${rule.name}`);
    expect(service.load_balancer).toEqual([
      { container_name: "api", container_port: 8080, target_group_arn: resourceAt(stack, "aws_lb_target_group", "service-api/target-group").ref("arn") },
    ]);
  });

  it("THEN the worker has no target group, load balancer attachment or health check grace period", () => {
    const worker = ecsServiceAt(stack, "worker");
    expect(worker.load_balancer).toBeUndefined();
    expect(worker.health_check_grace_period_seconds).toBeUndefined();
    expect(findByPath(stack, "aws_lb_target_group", "service-worker/")).toHaveLength(0);
  });
});

describe("GIVEN a database used by the api and the worker, not by web, and ECS Exec off", () => {
  const stack = synthEnvironment(typicalEnvironment({ cluster: { enableExecuteCommand: false } }));
  const instance = resourceAt(stack, "aws_db_instance", "database/instance");
  const secretArn = instance.ref("master_user_secret[0].secret_arn");

  it("THEN the users receive the endpoint, port and database name as PG* variables, and TLS as required", () => {
    const variables = Object.values(containerOf(stack, "api").environment);
    expect(variables).toEqual(
      expect.arrayContaining([
        { name: "PGHOST", value: instance.ref("address") },
        { name: "PGPORT", value: "5432" },
        { name: "PGDATABASE", value: "app" },
        { name: "PGSSLMODE", value: "require" },
      ]),
    );
  });

  it("THEN each user logs in as its own IAM-authenticated database user, which its task role alone may connect as", () => {
    expect(containerOf(stack, "api").environment).toEqual(
      expect.arrayContaining([
        { name: "PGUSER", value: "svc_api" },
        { name: "DATABASE_AUTHENTICATION", value: "iam" },
      ]),
    );
    for (const name of ["api", "worker"]) {
      expect(statementsOf(stack, `service-${name}/roles/task-policy-document`)).toContainEqual({
        sid: "ConnectToDatabaseAsOwnUser",
        effect: "Allow",
        actions: ["rds-db:connect"],
        resources: [
          `arn:\${data.aws_partition.current-partition.partition}:rds-db:eu-west-1:\${data.aws_caller_identity.current-account.account_id}:dbuser:${instance.ref("resource_id")}/svc_${name}`,
        ],
      });
    }
  });

  it("THEN no service container receives the master secret: no password, no secret reference, no read of it", () => {
    for (const name of ["api", "worker", "web"]) {
      expect(JSON.stringify(containerOf(stack, name))).not.toContain("master_user_secret");
      expect(JSON.stringify(containerOf(stack, name))).not.toContain("PGPASSWORD");
      for (const role of ["task", "execution"]) {
        const document = stack.json.data.aws_iam_policy_document;
        const policies = Object.entries(document).filter(([address]) => address.startsWith(`service-${name}_roles_${role}-policy-document`));
        expect(JSON.stringify(policies)).not.toContain("master_user_secret");
      }
    }
  });

  it("THEN the master secret is encrypted with the environment's data key, and only the setup task reads it", () => {
    expect(instance.resource.master_user_secret_kms_key_id).toBe(resourceAt(stack, "aws_kms_key", "keys/data/key").ref("arn"));
    expect(statementsOf(stack, "database/users/setup/roles/execution-policy-document")).toContainEqual(
      expect.objectContaining({ actions: ["secretsmanager:GetSecretValue"], resources: [secretArn] }),
    );
    const setup = JSON.parse(String(resourceAt(stack, "aws_ecs_task_definition", "database/users/setup/task-definition").resource.container_definitions));
    expect(setup[0].secrets).toEqual([
      { name: "PGPASSWORD", valueFrom: `${secretArn}:password::` },
      { name: "PGUSER", valueFrom: `${secretArn}:username::` },
    ]);
  });

  it("THEN web gets nothing of the database", () => {
    expect(JSON.stringify(statementsOf(stack, "service-web/roles/execution-policy-document"))).not.toContain("secretsmanager");
    expect(JSON.stringify(containerOf(stack, "web"))).not.toContain("PG");
  });

  it("THEN the database admits the users and the setup task alone, on 5432, and they may reach it", () => {
    const database = resourceAt(stack, "aws_security_group", "database/security-group");
    const callers = ingressRulesOf(stack, database.ref("id"));
    const serviceGroups = [
      ...["api", "worker"].map((name) => resourceAt(stack, "aws_security_group", `service-${name}/security-group`).ref("id")),
      resourceAt(stack, "aws_security_group", "database/users/setup/security-group").ref("id"),
    ];
    expect(callers.map((rule) => rule.referenced_security_group_id).sort()).toEqual([...serviceGroups].sort());
    for (const rule of callers) expect(rule).toMatchObject({ from_port: 5432, to_port: 5432, ip_protocol: "tcp" });
    expect(resourceAt(stack, "aws_vpc_security_group_egress_rule", "service-api/egress-to-database").resource).toMatchObject({
      referenced_security_group_id: database.ref("id"),
      from_port: 5432,
    });
  });
});

describe("GIVEN services named like the platform's own security groups ('vpc-endpoints' and 'postgres')", () => {
  const stack = synthEnvironment(
    changed(TYPICAL, (environment) => {
      serviceIn(environment, "web").name = "vpc-endpoints";
      serviceIn(environment, "worker").name = "postgres";
    }),
  );

  it("THEN no security group names collide", () => {
    const names = Object.values(resourcesOf(stack, "aws_security_group")).map((group) => String(group.name_prefix));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["acme-test-alb-", "acme-test-postgres-", "acme-test-svc-vpc-endpoints-", "acme-test-svc-postgres-"]));
  });

  it("THEN every group is named by prefix and replaced create-before-destroy, so a forced replacement neither clashes nor waits on attached interfaces", () => {
    for (const group of Object.values(resourcesOf(stack, "aws_security_group"))) {
      expect(group.name).toBeUndefined();
      expect(group.lifecycle).toEqual({ create_before_destroy: true });
      expect(group.revoke_rules_on_delete).toBe(true);
    }
  });
});

describe("GIVEN any service rolled out by Terraform", () => {
  const stack = synthEnvironment(TYPICAL);

  it("THEN an apply whose rollout was rolled back fails: the service must run the task definition the apply registered (provider #19519, #20858)", () => {
    const service = resourceAt(stack, "aws_ecs_service", "service-api/service").resource;
    const taskDefinition = resourceAt(stack, "aws_ecs_task_definition", "service-api/task-definition");
    expect(service.wait_for_steady_state).toBe(true);
    expect(service.lifecycle.postcondition).toEqual([
      { condition: `\${(self.task_definition == ${taskDefinition.ref("arn").slice(2, -1)})}`, error_message: expect.stringMatching(/rolled back/) },
    ]);
  });
});
