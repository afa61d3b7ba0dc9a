import { changed, validationMessage } from "./support/synth";

/** The message for dev with one change, which must name the environment and the field. */
function problemWith(change: Parameters<typeof changed>[1]): string {
  return validationMessage(changed("dev", change));
}

describe("service validation", () => {
  it("accepts the shipped environments", () => {
    expect(problemWith(() => undefined)).toBe("");
  });

  it("rejects a cpu/memory pair Fargate does not offer, listing the valid memory values", () => {
    expect(problemWith((config) => void (config.services![0].memory = 4096))).toContain(
      'environment "dev": services[0].memory is 4096; expected a memory value Fargate accepts with cpu 256: 512, 1024, 2048',
    );
  });

  it("rejects a cpu value Fargate does not offer, listing the valid ones", () => {
    expect(problemWith((config) => void (config.services![0].cpu = 300 as never))).toContain(
      "services[0].cpu is 300; expected a cpu value Fargate accepts: 256, 512, 1024, 2048, 4096, 8192, 16384",
    );
  });

  it("rejects duplicate service names", () => {
    expect(problemWith((config) => void (config.services![2].name = "api"))).toContain(
      'services[2].name is "api"; expected a service name used once in the environment',
    );
  });

  it("rejects a service name AWS names cannot carry", () => {
    expect(problemWith((config) => void (config.services![0].name = "Web_1"))).toContain('services[0].name is "Web_1"');
  });

  it("rejects two rules with one priority", () => {
    expect(problemWith((config) => void (config.services![0].loadBalancer!.priority = 100))).toContain(
      'services[1].loadBalancer.priority is 100; expected a priority not already used by service "web"',
    );
  });

  it("rejects the same path pattern routed to two services", () => {
    expect(problemWith((config) => void (config.services![1].loadBalancer!.pathPatterns = ["/*"]))).toContain(
      'services[1].loadBalancer.pathPatterns[0] is "/*"; expected a route not already served by service "web"',
    );
  });

  it("rejects a routed service without paths or hosts", () => {
    expect(problemWith((config) => void (config.services![1].loadBalancer!.pathPatterns = []))).toContain(
      "services[1].loadBalancer.pathPatterns is []; expected 1 to 5 path patterns and host headers in all",
    );
  });

  it("rejects a secret given as a plain value without echoing it", () => {
    const message = problemWith((config) => void (config.services![1].secrets = { STRIPE_KEY: "sk_live_123" }));
    expect(message).toContain(
      'services[1].secrets.STRIPE_KEY is "(plain value hidden)"; expected a Secrets Manager secret ARN or an SSM parameter ARN',
    );
    expect(message).not.toContain("sk_live_123");
  });

  it("rejects a credential in plain environment variables without echoing it", () => {
    const message = problemWith((config) => void (config.services![1].environment = { DB_PASSWORD: "hunter2" }));
    expect(message).toContain("services[1].environment.DB_PASSWORD");
    expect(message).toContain("put a Secrets Manager or SSM parameter ARN under secrets instead");
    expect(message).not.toContain("hunter2");
  });

  it("rejects PG* variables on a service the platform wires to the database", () => {
    expect(problemWith((config) => void (config.services![1].environment = { PGHOST: "elsewhere" }))).toContain(
      "services[1].environment.PGHOST",
    );
  });

  it("rejects uses.database in an environment without a database", () => {
    expect(problemWith((config) => void delete config.database)).toContain(
      "services[1].uses.database is true; expected a database in this environment's config",
    );
  });

  it("rejects the mutable 'latest' tag for an immutable ECR repository", () => {
    expect(problemWith((config) => void (config.services![1].image = { source: "ecr", tag: "latest" }))).toContain(
      'services[1].image.tag is "latest"',
    );
  });

  it("rejects an image URI without a tag or digest", () => {
    expect(problemWith((config) => void (config.services![0].image = { source: "uri", uri: "nginx" }))).toContain(
      'services[0].image.uri is "nginx"; expected a full image reference',
    );
  });

  it("rejects a routed service without a container port", () => {
    expect(problemWith((config) => void delete config.services![1].containerPort)).toContain(
      "services[1].containerPort is not set; expected a port from 1 to 65535",
    );
  });

  it("rejects autoscaling bounds that exclude the desired count", () => {
    expect(problemWith((config) => void (config.services![1].autoscaling = { minCapacity: 2, maxCapacity: 4 }))).toContain(
      "services[1].desiredCount is 1; expected a count within autoscaling's 2..4",
    );
  });

  it("rejects autoscaling with max below min", () => {
    expect(problemWith((config) => void (config.services![1].autoscaling = { minCapacity: 1, maxCapacity: 0 }))).toContain(
      "services[1].autoscaling.maxCapacity is 0",
    );
  });

  it("rejects request-count scaling on a worker", () => {
    expect(
      problemWith((config) => void (config.services![2].autoscaling = { minCapacity: 1, maxCapacity: 2, requestsPerTarget: 100 })),
    ).toContain("services[2].autoscaling.requestsPerTarget is 100; expected a whole number of requests per task, only on a service behind the load balancer");
  });

  it("rejects calls from a service that does not exist", () => {
    expect(problemWith((config) => void (config.services![1].allowIngressFrom = ["billing"]))).toContain(
      'services[1].allowIngressFrom[0] is "billing"; expected the name of another service in this environment: web, worker',
    );
  });

  it("rejects a task role statement with a bare '*' action", () => {
    expect(
      problemWith((config) => void (config.services![2].taskRolePolicyStatements = [{ actions: ["*"], resources: ["*"] }])),
    ).toContain("services[2].taskRolePolicyStatements[0].actions");
  });

  it("rejects a container health check that is not CMD or CMD-SHELL", () => {
    expect(
      problemWith((config) => void (config.services![1].healthCheck = { command: ["curl", "-f", "http://localhost/"] })),
    ).toContain("services[1].healthCheck.command");
  });

  it("reports every problem at once", () => {
    const message = problemWith((config) => {
      config.services![0].memory = 4096;
      config.services![2].name = "api";
    });
    expect(message).toMatch(/^Invalid configuration, 2 problem\(s\):/);
  });
});

describe("cluster and load balancer validation", () => {
  it("rejects a strategy that can place no task beyond the base", () => {
    expect(
      problemWith((config) => void (config.cluster.capacityProviderStrategy = { fargateBase: 1, fargateWeight: 0, fargateSpotWeight: 0 })),
    ).toContain("cluster.capacityProviderStrategy.fargateWeight is 0; expected fargateWeight or fargateSpotWeight above 0");
  });

  it("rejects a log retention CloudWatch does not offer", () => {
    expect(problemWith((config) => void (config.cluster.serviceLogRetentionInDays = 10 as never))).toContain(
      "cluster.serviceLogRetentionInDays is 10; expected a CloudWatch Logs retention in days: 1, 3, 5, 7, 14",
    );
  });

  it("rejects a certificate from another region", () => {
    expect(
      problemWith(
        (config) =>
          void (config.loadBalancer.certificate = {
            certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
          }),
      ),
    ).toContain("loadBalancer.certificate.certificateArn is \"arn:aws:acm:us-east-1");
  });

  it("rejects a TLS policy older than TLS 1.3", () => {
    expect(
      problemWith((config) => {
        config.loadBalancer.certificate = { domainName: "dev.acme.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" };
        config.loadBalancer.sslPolicy = "ELBSecurityPolicy-2016-08";
      }),
    ).toContain('loadBalancer.sslPolicy is "ELBSecurityPolicy-2016-08"; expected a TLS 1.3 policy');
  });

  it("rejects a malformed ingress CIDR and hosted zone id", () => {
    const message = problemWith((config) => {
      config.loadBalancer.ingressCidrBlocks = ["10.0.0.0/40"];
      config.loadBalancer.certificate = { domainName: "dev.acme.example.com", hostedZoneId: "zone-1" };
    });
    expect(message).toContain('loadBalancer.ingressCidrBlocks[0] is "10.0.0.0/40"');
    expect(message).toContain('loadBalancer.certificate.hostedZoneId is "zone-1"');
  });

  it("rejects an idle timeout outside 1..4000 seconds", () => {
    expect(problemWith((config) => void (config.loadBalancer.idleTimeout = 0))).toContain(
      "loadBalancer.idleTimeout is 0; expected a whole number of seconds from 1 to 4000",
    );
  });
});
