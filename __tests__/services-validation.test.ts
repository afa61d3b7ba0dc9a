import { EnvironmentInput } from "../modules/platform/schema";
import { changed, minimalEnvironment, MINIMAL_DATABASE, Mutable, validationMessage } from "./support/config";

type ServiceInput = NonNullable<EnvironmentInput["services"]>[number];

/**
 * services[0] "web": a public image behind the load balancer at "/*" (priority 1000);
 * services[1] "api": an ECR image behind the load balancer at "/api/*" (priority 100), using the database;
 * services[2] "worker": an ECR image, no port, no route, using the database.
 */
function typicalServices(): ServiceInput[] {
  return [
    {
      name: "web",
      image: { source: "uri", uri: "public.ecr.aws/nginx/nginx:1.27" },
      cpu: 256,
      memory: 512,
      containerPort: 80,
      desiredCount: 1,
      loadBalancer: { priority: 1000, pathPatterns: ["/*"] },
    },
    {
      name: "api",
      image: { source: "ecr", tag: "1.0.0" },
      cpu: 256,
      memory: 512,
      containerPort: 8080,
      desiredCount: 1,
      loadBalancer: { priority: 100, pathPatterns: ["/api/*"] },
      uses: { database: true },
    },
    {
      name: "worker",
      image: { source: "ecr", tag: "1.0.0" },
      cpu: 256,
      memory: 512,
      desiredCount: 1,
      uses: { database: true },
    },
  ];
}

/** The minimal environment with web, api and worker and a database: valid, see the first test. */
function typicalEnvironment(): EnvironmentInput {
  return minimalEnvironment({ services: typicalServices(), database: MINIMAL_DATABASE });
}

/** The message for the typical environment with one change ("" when it is still valid). */
function problemWith(change: (config: Mutable<EnvironmentInput>) => void): string {
  return validationMessage(changed(typicalEnvironment(), change));
}

function service(config: Mutable<EnvironmentInput>, index: number): Mutable<ServiceInput> {
  const found = config.services?.[index];
  if (!found) throw new Error(`no services[${index}]`);
  return found;
}

describe("GIVEN the fixtures these tests change", () => {
  it("THEN the minimal environment and the typical one (web, api and worker with a database) are both valid", () => {
    expect(validationMessage(minimalEnvironment())).toBe("");
    expect(problemWith(() => undefined)).toBe("");
  });
});

describe("service validation", () => {
  it("GIVEN a cpu/memory pair Fargate does not offer THEN it is rejected, naming the environment and listing the valid memory values", () => {
    expect(problemWith((config) => void (service(config, 0).memory = 4096))).toContain(
      'environment "test": services[0].memory is 4096; expected a memory value Fargate accepts with cpu 256: 512, 1024, 2048',
    );
  });

  it("GIVEN a cpu value Fargate does not offer THEN it is rejected, listing the valid ones", () => {
    expect(problemWith((config) => void (service(config, 0).cpu = 300 as never))).toContain(
      "services[0].cpu is 300; expected a cpu value Fargate accepts: 256, 512, 1024, 2048, 4096, 8192, 16384",
    );
  });

  it("GIVEN two services with one name THEN the second is rejected", () => {
    expect(problemWith((config) => void (service(config, 2).name = "api"))).toContain(
      'services[2].name is "api"; expected a service name used once in the environment',
    );
  });

  it("GIVEN a service name AWS names cannot carry THEN it is rejected", () => {
    expect(problemWith((config) => void (service(config, 0).name = "Web_1"))).toContain('services[0].name is "Web_1"');
  });

  it.each(["database", "queue-jobs", "alb", "cache", "table-x", "http-api"])("GIVEN a service named %s, like a platform resource THEN it is rejected before its alarms would replace that resource's", (name) => {
    expect(problemWith((config) => void (service(config, 0).name = name))).toContain(
      `services[0].name is "${name}"; expected a name other than alb, cdn, http-api, database, cache and not starting with database-, queue-, table-, cache- ` +
        "(the platform's own alarms use those names)",
    );
  });

  it("GIVEN two listener rules with one priority THEN the second is rejected, naming the first's service", () => {
    expect(problemWith((config) => void (service(config, 1).loadBalancer!.priority = 1000))).toContain(
      'services[1].loadBalancer.priority is 1000; expected a priority not already used by service "web"',
    );
  });

  it("GIVEN the same path pattern routed to two services THEN the second is rejected", () => {
    expect(problemWith((config) => void (service(config, 1).loadBalancer!.pathPatterns = ["/*"]))).toContain(
      'services[1].loadBalancer.pathPatterns[0] is "/*"; expected a route not already served by service "web"',
    );
  });

  it("GIVEN a routed service without paths or hosts THEN it is rejected", () => {
    expect(problemWith((config) => void (service(config, 1).loadBalancer!.pathPatterns = []))).toContain(
      "services[1].loadBalancer.pathPatterns is []; expected 1 to 5 path patterns and host headers in all",
    );
  });

  it("GIVEN a secret given as a plain value THEN it is rejected without echoing it", () => {
    const message = problemWith((config) => void (service(config, 1).secrets = { STRIPE_KEY: "sk_live_123" }));
    expect(message).toContain(
      'services[1].secrets.STRIPE_KEY is "(plain value hidden)"; expected a Secrets Manager secret ARN or an SSM parameter ARN',
    );
    expect(message).not.toContain("sk_live_123");
  });

  it("GIVEN a credential in plain environment variables THEN it is rejected without echoing it", () => {
    const message = problemWith((config) => void (service(config, 1).environment = { DB_PASSWORD: "hunter2" }));
    expect(message).toContain("services[1].environment.DB_PASSWORD");
    expect(message).toContain("put a Secrets Manager or SSM parameter ARN under secrets instead");
    expect(message).not.toContain("hunter2");
  });

  it("GIVEN PG* variables on a service the platform wires to the database THEN they are rejected", () => {
    expect(problemWith((config) => void (service(config, 1).environment = { PGHOST: "elsewhere" }))).toContain(
      "services[1].environment.PGHOST",
    );
  });

  it("GIVEN uses.database in an environment without a database THEN it is rejected", () => {
    expect(problemWith((config) => void delete config.database)).toContain(
      "services[1].uses.database is true; expected a database in this environment's config",
    );
  });

  it("GIVEN the mutable 'latest' tag for an immutable ECR repository THEN it is rejected", () => {
    expect(problemWith((config) => void (service(config, 1).image = { source: "ecr", tag: "latest" }))).toContain(
      'services[1].image.tag is "latest"',
    );
  });

  it("GIVEN an image URI without a tag or digest THEN it is rejected", () => {
    expect(problemWith((config) => void (service(config, 0).image = { source: "uri", uri: "nginx" }))).toContain(
      'services[0].image.uri is "nginx"; expected a full image reference',
    );
  });

  it("GIVEN a routed service without a container port THEN it is rejected", () => {
    expect(problemWith((config) => void delete service(config, 1).containerPort)).toContain(
      "services[1].containerPort is not set; expected a port from 1 to 65535",
    );
  });

  it("GIVEN autoscaling bounds that exclude the desired count THEN the desired count is rejected", () => {
    expect(problemWith((config) => void (service(config, 1).autoscaling = { minCapacity: 2, maxCapacity: 4 }))).toContain(
      "services[1].desiredCount is 1; expected a count within autoscaling's 2..4",
    );
  });

  it("GIVEN autoscaling with max below min THEN the max is rejected", () => {
    expect(problemWith((config) => void (service(config, 1).autoscaling = { minCapacity: 1, maxCapacity: 0 }))).toContain(
      "services[1].autoscaling.maxCapacity is 0",
    );
  });

  it("GIVEN request-count scaling on a worker THEN it is rejected", () => {
    expect(
      problemWith((config) => void (service(config, 2).autoscaling = { minCapacity: 1, maxCapacity: 2, requestsPerTarget: 100 })),
    ).toContain("services[2].autoscaling.requestsPerTarget is 100; expected a whole number of requests per task, only on a service behind the load balancer");
  });

  it("GIVEN calls allowed from a service that does not exist THEN they are rejected, listing the other services", () => {
    expect(problemWith((config) => void (service(config, 1).allowIngressFrom = ["billing"]))).toContain(
      'services[1].allowIngressFrom[0] is "billing"; expected the name of another service in this environment: web, worker',
    );
  });

  it("GIVEN a task role statement with a bare '*' action THEN it is rejected", () => {
    expect(
      problemWith((config) => void (service(config, 2).taskRolePolicyStatements = [{ actions: ["*"], resources: ["*"] }])),
    ).toContain("services[2].taskRolePolicyStatements[0].actions");
  });

  it("GIVEN a container health check that is not CMD or CMD-SHELL THEN it is rejected", () => {
    expect(
      problemWith((config) => void (service(config, 1).healthCheck = { command: ["curl", "-f", "http://localhost/"] })),
    ).toContain("services[1].healthCheck.command");
  });

  it("GIVEN two problems THEN both are reported at once", () => {
    const message = problemWith((config) => {
      service(config, 0).memory = 4096;
      service(config, 2).name = "api";
    });
    expect(message).toMatch(/^Invalid configuration, 2 problem\(s\):/);
  });
});

describe("cluster and load balancer validation", () => {
  it("GIVEN a capacity strategy that can place no task beyond the base THEN it is rejected", () => {
    expect(
      problemWith((config) => void (config.cluster.capacityProviderStrategy = { fargateBase: 1, fargateWeight: 0, fargateSpotWeight: 0 })),
    ).toContain("cluster.capacityProviderStrategy.fargateWeight is 0; expected fargateWeight or fargateSpotWeight above 0");
  });

  it("GIVEN a log retention CloudWatch does not offer THEN it is rejected", () => {
    expect(problemWith((config) => void (config.cluster.serviceLogRetentionInDays = 10 as never))).toContain(
      "cluster.serviceLogRetentionInDays is 10; expected a CloudWatch Logs retention in days: 1, 3, 5, 7, 14",
    );
  });

  it("GIVEN a certificate from another region than the environment's THEN it is rejected", () => {
    expect(
      problemWith(
        (config) =>
          void (config.loadBalancer!.certificate = {
            certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
          }),
      ),
    ).toContain('loadBalancer.certificate.certificateArn is "arn:aws:acm:us-east-1');
  });

  it("GIVEN a TLS policy older than TLS 1.3 THEN it is rejected", () => {
    expect(
      problemWith((config) => {
        config.loadBalancer!.certificate = { domainName: "test.acme.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" };
        config.loadBalancer!.sslPolicy = "ELBSecurityPolicy-2016-08";
      }),
    ).toContain('loadBalancer.sslPolicy is "ELBSecurityPolicy-2016-08"; expected a TLS 1.3 policy');
  });

  it("GIVEN a malformed ingress CIDR and hosted zone id THEN both are rejected", () => {
    const message = problemWith((config) => {
      config.loadBalancer!.ingressCidrBlocks = ["10.0.0.0/40"];
      config.loadBalancer!.certificate = { domainName: "test.acme.example.com", hostedZoneId: "zone-1" };
    });
    expect(message).toContain('loadBalancer.ingressCidrBlocks[0] is "10.0.0.0/40"');
    expect(message).toContain('loadBalancer.certificate.hostedZoneId is "zone-1"');
  });

  it("GIVEN an idle timeout outside 1..4000 seconds THEN it is rejected", () => {
    expect(problemWith((config) => void (config.loadBalancer!.idleTimeout = 0))).toContain(
      "loadBalancer.idleTimeout is 0; expected a whole number of seconds from 1 to 4000",
    );
  });
});
