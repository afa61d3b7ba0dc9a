import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { shippedEnvironment, findByPath, Json, resourceAt, resourcesOf, dataSourceAt, synthEnvironment, changed, changedBootstrap, ENVIRONMENT_NAMES, SynthesizedStack } from "./support/synth";

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

describe.each(ENVIRONMENT_NAMES)("services in %s", (name) => {
  const stack = synthEnvironment(name);
  const config = shippedEnvironment(name);
  const services = config.services ?? [];

  it("all run on the one shared cluster", () => {
    const cluster = resourceAt(stack, "aws_ecs_cluster", "cluster/cluster");
    const ecsServices = Object.values(resourcesOf(stack, "aws_ecs_service"));
    expect(ecsServices).toHaveLength(services.length);
    expect(services.length).toBeGreaterThanOrEqual(2);
    for (const service of ecsServices) expect(service.cluster).toBe(cluster.ref("arn"));
  });

  it("all routed services hang off the one load balancer's listener", () => {
    expect(Object.keys(resourcesOf(stack, "aws_lb"))).toHaveLength(1);
    const listener = resourceAt(stack, "aws_lb_listener", config.loadBalancer.certificate ? "load-balancer/https" : "load-balancer/http");
    const routed = services.filter((service) => service.loadBalancer);
    const rules = Object.values(resourcesOf(stack, "aws_lb_listener_rule"));
    expect(rules).toHaveLength(routed.length);
    for (const rule of rules) expect(rule.listener_arn).toBe(listener.ref("arn"));
  });

  it.each(services.map((service) => [service.name]))("%s admits traffic only from the load balancer (or nothing, for a worker)", (service) => {
    const group = resourceAt(stack, "aws_security_group", `service-${service}/security-group`);
    const albGroup = resourceAt(stack, "aws_security_group", "load-balancer/security-group");
    const rules = ingressRulesOf(stack, group.ref("id"));
    const spec = services.find((s) => s.name === service);
    if (!spec?.loadBalancer) {
      expect(rules).toHaveLength(0);
      return;
    }
    expect(rules).toEqual([
      expect.objectContaining({ referenced_security_group_id: albGroup.ref("id"), from_port: spec.containerPort, to_port: spec.containerPort, ip_protocol: "tcp" }),
    ]);
    expect(rules[0].cidr_ipv4).toBeUndefined();
  });

  it("deploys with a rollback circuit breaker, the cluster's capacity strategy and tag propagation", () => {
    const strategy = config.cluster.capacityProviderStrategy;
    for (const service of Object.values(resourcesOf(stack, "aws_ecs_service"))) {
      expect(service).toMatchObject({
        deployment_circuit_breaker: { enable: true, rollback: true },
        deployment_minimum_healthy_percent: 100,
        deployment_maximum_percent: 200,
        propagate_tags: "SERVICE",
        enable_ecs_managed_tags: true,
        enable_execute_command: config.cluster.enableExecuteCommand,
        capacity_provider_strategy: [
          { capacity_provider: "FARGATE", base: strategy.fargateBase, weight: strategy.fargateWeight },
          { capacity_provider: "FARGATE_SPOT", base: 0, weight: strategy.fargateSpotWeight },
        ],
      });
      expect(service.launch_type).toBeUndefined();
    }
  });

  it("places tasks in private subnets, or public ones with a public IP when there is no NAT", () => {
    const publicIp = config.network.natStrategy === "none";
    const tier = publicIp ? "public" : "private";
    const subnetRefs = findByPath(stack, "aws_subnet", "network/").filter(({ resource }) => resource.tags.Tier === (tier as unknown as Json)).map((subnet) => subnet.ref("id"));
    expect(subnetRefs).toHaveLength(config.network.azs?.length ?? config.network.azCount);
    for (const service of Object.values(resourcesOf(stack, "aws_ecs_service"))) {
      expect(service.network_configuration.assign_public_ip).toBe(publicIp);
      expect([...Object.values(service.network_configuration.subnets)].sort()).toEqual([...subnetRefs].sort());
    }
  });

  it("keeps autoscaled services' task counts out of Terraform's hands after creation", () => {
    for (const service of services) {
      const ecsService = resourceAt(stack, "aws_ecs_service", `service-${service.name}/service`).resource;
      if (service.autoscaling) expect(ecsService.lifecycle).toEqual({ ignore_changes: ["desired_count"] });
      else expect(ecsService.lifecycle).toBeUndefined();
      expect(ecsService.desired_count).toBe(service.desiredCount);
    }
  });

  it("scales on CPU at 70% and memory at 80%, out after 60 s and in after 300 s", () => {
    for (const service of services.filter((s) => s.autoscaling)) {
      const target = resourceAt(stack, "aws_appautoscaling_target", `service-${service.name}/autoscaling/target`);
      expect(target.resource).toMatchObject({
        min_capacity: service.autoscaling?.minCapacity,
        max_capacity: service.autoscaling?.maxCapacity,
        scalable_dimension: "ecs:service:DesiredCount",
        service_namespace: "ecs",
      });
      for (const [metric, value] of [["cpu", 70], ["memory", 80]] as const) {
        const policy = resourceAt(stack, "aws_appautoscaling_policy", `service-${service.name}/autoscaling/${metric}`).resource;
        expect(policy.resource_id).toBe(target.ref("resource_id"));
        expect(policy.target_tracking_scaling_policy_configuration).toMatchObject({
          target_value: value,
          scale_out_cooldown: 60,
          scale_in_cooldown: 300,
        });
      }
    }
  });
});

describe("ALB request-count scaling", () => {
  it("tracks requests per target with the load balancer and target group as its label", () => {
    const stack = synthEnvironment("staging");
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

describe("task definitions", () => {
  const stack = synthEnvironment("dev");

  it("run on Fargate with the configured size and architecture", () => {
    expect(resourceAt(stack, "aws_ecs_task_definition", "service-api/task-definition").resource).toMatchObject({
      family: "acme-dev-api",
      requires_compatibilities: ["FARGATE"],
      network_mode: "awsvpc",
      cpu: "256",
      memory: "512",
      runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "ARM64" },
    });
    expect(resourceAt(stack, "aws_ecs_task_definition", "service-web/task-definition").resource.runtime_platform).toEqual({
      operating_system_family: "LINUX",
      cpu_architecture: "X86_64",
    });
  });

  it("run the tagged image from the service's own ECR repository", () => {
    const repository = resourceAt(stack, "aws_ecr_repository", "service-api/repository/repository");
    expect(containerOf(stack, "api").image).toBe(`${repository.ref("repository_url")}:1.0.0`);
    expect(repository.resource).toMatchObject({
      name: "acme-dev/api",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
    });
    const lifecycle = resourceAt(stack, "aws_ecr_lifecycle_policy", "service-api/repository/lifecycle").resource;
    expect(JSON.parse(String(lifecycle.policy)).rules[0].selection).toEqual({ tagStatus: "any", countType: "imageCountMoreThan", countNumber: 10 });
  });

  it("log to the service's own log group with the environment's retention", () => {
    const logGroup = resourceAt(stack, "aws_cloudwatch_log_group", "service-api/logs");
    expect(logGroup.resource).toMatchObject({ name: "/ecs/acme-dev/services/api", retention_in_days: 7 });
    expect(containerOf(stack, "api").logConfiguration).toEqual({
      logDriver: "awslogs",
      options: { "awslogs-group": logGroup.ref("name"), "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "api" },
    });
  });

  it("map the container port, keep the root filesystem read-only where asked, and give workers no port", () => {
    const api = containerOf(stack, "api");
    expect(api.portMappings).toEqual([{ name: "api", containerPort: 8080, hostPort: 8080, protocol: "tcp" }]);
    expect(api.readonlyRootFilesystem).toBe(true);
    expect(containerOf(stack, "web").readonlyRootFilesystem).toBe(false);
    expect(containerOf(stack, "worker").portMappings).toBeUndefined();
    expect(containerOf(stack, "web").secrets).toBeUndefined();
  });

  it("pass a container health check through when one is configured", () => {
    const withCheck = synthEnvironment(
      changed("dev", (config) => {
        config.services![1].healthCheck = { command: ["CMD-SHELL", "curl -f http://localhost:8080/api/health || exit 1"], retries: 5 };
      }),
    );
    expect(containerOf(withCheck, "api").healthCheck).toEqual({
      command: ["CMD-SHELL", "curl -f http://localhost:8080/api/health || exit 1"],
      interval: 30,
      timeout: 5,
      retries: 5,
      startPeriod: 60,
    });
  });
});

describe("secrets", () => {
  const secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/dev/stripe-AbCdEf";
  const parameterArn = "arn:aws:ssm:eu-west-1:123456789012:parameter/acme/dev/feature-flags";
  const stack = synthEnvironment(
    changed("dev", (config) => {
      config.services![0].secrets = { STRIPE_KEY: `${secretArn}:apiKey::`, FEATURE_FLAGS: parameterArn };
    }),
  );

  it("reach the container as references, never as values", () => {
    expect(containerOf(stack, "web").secrets).toEqual([
      { name: "FEATURE_FLAGS", valueFrom: parameterArn },
      { name: "STRIPE_KEY", valueFrom: `${secretArn}:apiKey::` },
    ]);
  });

  it("are readable by that service's execution role alone", () => {
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

describe("execution roles", () => {
  const stack = synthEnvironment("dev");

  it("write only their own service's log group and pull only their own repository", () => {
    const statements = statementsOf(stack, "service-api/roles/execution-policy-document");
    const logGroup = resourceAt(stack, "aws_cloudwatch_log_group", "service-api/logs");
    const repository = resourceAt(stack, "aws_ecr_repository", "service-api/repository/repository");
    expect(statements).toContainEqual(expect.objectContaining({ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logGroup.ref("arn")}:*`] }));
    expect(statements).toContainEqual(
      expect.objectContaining({
        actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        resources: [repository.ref("arn")],
      }),
    );
    const wildcard = statements.filter((statement) => Object.values(statement.resources).includes("*" as unknown as Json));
    expect(wildcard.map((statement) => statement.actions)).toEqual([["ecr:GetAuthorizationToken"]]);
  });

  it("need no ECR permissions for a public image", () => {
    const text = JSON.stringify(statementsOf(stack, "service-web/roles/execution-policy-document"));
    expect(text).not.toContain("ecr:");
  });

  it("are assumable by ECS tasks of this account only", () => {
    const trust = statementsOf(stack, "service-api/roles/trust")[0];
    expect(trust.principals).toEqual([{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }]);
    expect(trust.condition).toContainEqual(expect.objectContaining({ variable: "aws:SourceAccount" }));
  });
});

describe("task roles", () => {
  it("are empty unless the service asks for permissions, uses the database or ECS Exec is on", () => {
    const prod = synthEnvironment("prod");
    expect(findByPath(prod, "aws_iam_role_policy", "service-web/roles/task-policy")).toHaveLength(0);
    const dev = synthEnvironment("dev");
    const exec = statementsOf(dev, "service-web/roles/task-policy-document");
    expect(exec.map((statement) => statement.sid)).toEqual(["OpenExecSessions", "DecryptExecSessions", "FindExecLogGroup", "WriteExecLogs"]);
  });

  it("carry the statements a service declares", () => {
    const stack = synthEnvironment(
      changed("prod", (config) => {
        config.services![2].taskRolePolicyStatements = [{ actions: ["sqs:ReceiveMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:jobs"] }];
      }),
    );
    expect(statementsOf(stack, "service-worker/roles/task-policy-document")).toEqual([
      expect.objectContaining({ actions: ["sqs:ReceiveMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:jobs"] }),
      expect.objectContaining({ sid: "RereadRotatedDatabaseSecret" }),
    ]);
  });
});

describe("service to service calls", () => {
  it("open the callee's port to the caller's security group only", () => {
    const stack = synthEnvironment(
      changed("dev", (config) => {
        config.services![1].allowIngressFrom = ["worker"];
      }),
    );
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

  it("are discoverable through the environment's Cloud Map namespace", () => {
    const stack = synthEnvironment("dev");
    const namespace = resourceAt(stack, "aws_service_discovery_private_dns_namespace", "cluster/namespace");
    expect(namespace.resource.name).toBe("dev.acme.internal");
    const discovery = resourceAt(stack, "aws_service_discovery_service", "service-api/discovery");
    expect(discovery.resource.dns_config).toMatchObject({ namespace_id: namespace.ref("id") });
    expect(resourceAt(stack, "aws_ecs_service", "service-api/service").resource.service_registries).toEqual({
      registry_arn: discovery.ref("arn"),
    });
  });
});

describe("long names", () => {
  it("are shortened with a stable hash instead of failing at apply", () => {
    const project = "acme-payments-eu";
    const stack = synthEnvironment(
      changed("dev", (config) => {
        config.project = project;
        config.environment = "sandbox123";
        config.services![1].name = "reporting-export";
      }),
      changedBootstrap((bootstrap) => void (bootstrap.project = project)),
    );
    const targetGroup = resourceAt(stack, "aws_lb_target_group", "service-reporting-export/target-group").resource;
    // "acme-payments-eu-sandbox123-reporting-export" is 44 characters; target groups take 32.
    expect(targetGroup.name).toMatch(/^acme-payments-eu-sandbo-[0-9a-f]{8}$/);
    expect(String(resourceAt(stack, "aws_lb", "load-balancer/alb").resource.name).length).toBeLessThanOrEqual(32);
    for (const role of Object.values(resourcesOf(stack, "aws_iam_role"))) expect(String(role.name).length).toBeLessThanOrEqual(64);
  });
});

describe("the ECS service resource", () => {
  it("waits for its listener rule so the target group is attached first", () => {
    const stack = synthEnvironment("prod");
    expect(stack.text).toHaveResourceWithProperties(EcsService, { name: "acme-prod-api", health_check_grace_period_seconds: 60 });
    const service = resourceAt(stack, "aws_ecs_service", "service-api/service").resource;
    const rule = resourceAt(stack, "aws_lb_listener_rule", "service-api/listener-rule");
    expect(Object.values(service.depends_on)).toContain(`aws_lb_listener_rule.${rule.name}`);
    expect(service.load_balancer).toEqual([
      { container_name: "api", container_port: 8080, target_group_arn: resourceAt(stack, "aws_lb_target_group", "service-api/target-group").ref("arn") },
    ]);
  });
});

describe("services that use the database", () => {
  const stack = synthEnvironment("prod");
  const instance = resourceAt(stack, "aws_db_instance", "database/instance");
  const secretArn = `\${${"aws_db_instance"}.${instance.name}.master_user_secret[0].secret_arn}`;

  it("receive the endpoint, port and database name as PG* variables and TLS as required", () => {
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

  it("may re-read the rotated master secret from the application (task role), as RDS rotates it weekly", () => {
    expect(containerOf(stack, "api").environment).toContainEqual({ name: "DATABASE_SECRET_ARN", value: secretArn });
    expect(statementsOf(stack, "service-api/roles/task-policy-document")).toEqual([
      expect.objectContaining({ sid: "RereadRotatedDatabaseSecret", actions: ["secretsmanager:GetSecretValue"], resources: [secretArn] }),
    ]);
  });

  it("receive the RDS-managed credentials as ECS secrets, never as values", () => {
    expect(containerOf(stack, "worker").secrets).toEqual([
      { name: "PGPASSWORD", valueFrom: `${secretArn}:password::` },
      { name: "PGUSER", valueFrom: `${secretArn}:username::` },
    ]);
  });

  it("may read that one secret, and services that do not use the database may not", () => {
    expect(statementsOf(stack, "service-api/roles/execution-policy-document")).toContainEqual(
      expect.objectContaining({ actions: ["secretsmanager:GetSecretValue"], resources: [secretArn] }),
    );
    expect(JSON.stringify(statementsOf(stack, "service-web/roles/execution-policy-document"))).not.toContain("secretsmanager");
    expect(JSON.stringify(containerOf(stack, "web"))).not.toContain("PG");
  });

  it("are the only ones the database admits, on 5432, and they may reach it", () => {
    const database = resourceAt(stack, "aws_security_group", "database/security-group");
    const callers = ingressRulesOf(stack, database.ref("id"));
    const serviceGroups = ["api", "worker"].map((name) => resourceAt(stack, "aws_security_group", `service-${name}/security-group`).ref("id"));
    expect(callers.map((rule) => rule.referenced_security_group_id).sort()).toEqual([...serviceGroups].sort());
    for (const rule of callers) expect(rule).toMatchObject({ from_port: 5432, to_port: 5432, ip_protocol: "tcp" });
    expect(resourceAt(stack, "aws_vpc_security_group_egress_rule", "service-api/egress-to-database").resource).toMatchObject({
      referenced_security_group_id: database.ref("id"),
      from_port: 5432,
    });
  });
});

describe("security group names", () => {
  it("cannot collide with the platform's own groups, whatever a service is called", () => {
    const stack = synthEnvironment(
      changed("dev", (config) => {
        config.services![0].name = "alb";
        config.services![2].name = "postgres";
      }),
    );
    const names = Object.values(resourcesOf(stack, "aws_security_group")).map((group) => String(group.name));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["acme-dev-alb", "acme-dev-postgres", "acme-dev-svc-alb", "acme-dev-svc-postgres"]));
  });
});
