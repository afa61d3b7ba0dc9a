import { ConfigValidationError } from "../modules/core/problems";
import { parseConfiguration } from "../modules/platform/configuration";
import { bootstrapInput, changed, minimalEnvironment, MINIMAL_DATABASE, validationMessage } from "./support/config";

/** The problem lines for one environment input ("" when it parses). */
function problemsOf(environment: unknown): string[] {
  return validationMessage(environment)
    .split("\n")
    .slice(1)
    .map((line) => line.replace(/^ {2}- /, ""));
}

const withDatabase = (database: Record<string, unknown>) => minimalEnvironment({ database: { ...MINIMAL_DATABASE, ...database } });

describe("the minimal environment fixture", () => {
  it("is valid by construction", () => {
    expect(validationMessage(minimalEnvironment())).toBe("");
  });
});

describe("unknown keys", () => {
  it("GIVEN a misspelt deletionProtection in the database WHEN parsed THEN it is named with the closest known field", () => {
    const input = withDatabase({ deletionProtecton: true });
    expect(problemsOf(input)).toEqual([
      'environment "test": database.deletionProtecton is not a known field; did you mean deletionProtection?',
    ]);
  });

  it("GIVEN multiAZ instead of multiAz WHEN parsed THEN the case slip is caught", () => {
    expect(problemsOf(withDatabase({ multiAZ: true }))).toContain(
      'environment "test": database.multiAZ is not a known field; did you mean multiAz?',
    );
  });

  it.each([
    ["loadBalancer", { accessLogsRetentionInDays: 14 }, "loadBalancer.accessLogsRetentionInDays is 14; expected no such field: it is now accessLogRetentionInDays"],
    ["frontend", { logRetentionDays: 90 }, "frontend.logRetentionDays is 90; expected no such field: it is now logRetentionInDays"],
    [
      "database",
      { ...MINIMAL_DATABASE, crossRegionBackup: { region: "eu-central-1", retentionPeriod: 14 } },
      "database.crossRegionBackup.retentionPeriod is 14; expected no such field: it is now retentionInDays",
    ],
  ] as const)("GIVEN the old name of a renamed retention field in %s THEN the problem names the new one", (section, value, problem) => {
    expect(problemsOf(minimalEnvironment({ [section]: value } as never))).toContain(`environment "test": ${problem}`);
  });

  it("GIVEN a key far from any known one WHEN parsed THEN the known fields are listed", () => {
    expect(problemsOf(minimalEnvironment({ loadBalancer: { colour: "blue" } as never }))).toEqual([
      'environment "test": loadBalancer.colour is not a known field; known fields: internal, ingressCidrBlocks, ingressIpv6CidrBlocks, certificate, sslPolicy, idleTimeout, deletionProtection, accessLogRetentionInDays, waf, alarms',
    ]);
  });

  it.each([
    ["the top level", { regoin: "eu-west-1" }, "regoin is not a known field; did you mean region?"],
    ["a service", { services: [{ ...minimalEnvironment().services![0], containerPrt: 80 }] }, "services[0].containerPrt is not a known field; did you mean containerPort?"],
    ["flow logs", { network: { flowLogs: { retention: 7 } } }, "network.flowLogs.retention is not a known field"],
    ["a service's uses", { services: [{ ...minimalEnvironment().services![0], uses: { databse: true } }] }, "services[0].uses.databse is not a known field; did you mean database?"],
  ])("GIVEN a typo in %s WHEN parsed THEN it is reported", (_, overrides, expected) => {
    expect(problemsOf(minimalEnvironment(overrides as never)).join("\n")).toContain(expected);
  });
});

describe("wrong types", () => {
  it.each([
    ["a string for a boolean", withDatabase({ multiAz: "yes" }), 'database.multiAz is "yes"; expected true or false'],
    ["a string where a list goes", minimalEnvironment({ network: { azs: "eu-west-1a" } as never }), 'network.azs is "eu-west-1a"; expected a list'],
    ["a number as an environment value", minimalEnvironment({ services: [{ ...minimalEnvironment().services![0], environment: { PORT: 8080 } }] } as never), 'services[0].environment.PORT is 8080; expected text: environment values are strings (write "8080", not 8080)'],
    ["a number as text", minimalEnvironment({ region: 1 } as never), "region is 1; expected an AWS region code such as eu-west-1 or us-east-2"],
    ["an object where a number goes", minimalEnvironment({ network: { azCount: { count: 2 } } } as never), 'network.azCount is {"count":2}; expected a whole number of availability zones from 2 to 6'],
  ])("GIVEN %s WHEN parsed THEN environment, field and expected type are named", (_, input, expected) => {
    expect(problemsOf(input)).toContain(`environment "test": ${expected}`);
  });

  it("GIVEN a missing section WHEN parsed THEN the section is named as not set", () => {
    const { network: _, ...withoutNetwork } = minimalEnvironment();
    expect(problemsOf(withoutNetwork)).toEqual(['environment "test": network is not set; expected an object']);
  });

  it("GIVEN an empty database section WHEN parsed THEN exactly the fields without a default are listed", () => {
    expect(problemsOf(minimalEnvironment({ database: {} as never }))).toEqual([
      'environment "test": database.instanceClass is not set; expected an RDS instance class such as db.t4g.micro, db.m7g.large or db.r7g.xlarge: db.<family>.<size>, burstable families (t3, t4g) in sizes micro, small, medium, large, xlarge, 2xlarge, the others in sizes large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge, 32xlarge, 48xlarge',
      'environment "test": database.allocatedStorage is not set; expected a whole number of GiB from 20 to 65536 (the gp3 limits for PostgreSQL)',
      'environment "test": database.maxAllocatedStorage is not set; expected a whole number of GiB from 20 to 65536',
    ]);
  });

  it.each([null, 42, "dev", [], { environment: 5 }, { environment: "x", network: null, services: "web" }, { services: [null, 3] }])(
    "GIVEN the malformed environment %j WHEN parsed THEN it fails with problem lines, not a stack trace",
    (input) => {
      let error: unknown;
      try {
        parseConfiguration(bootstrapInput, [input]);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigValidationError);
      for (const line of (error as ConfigValidationError).problems) {
        expect(line).toMatch(/^(environment "[^"]*"|environments\[0\]): .+ (is .+; expected .+|is not a known field; .+|has the key .+)$/);
        expect(line).not.toMatch(/TypeError|at .*\.ts:\d+/);
      }
    },
  );
});

describe("values that may be secret are never echoed", () => {
  const web = minimalEnvironment().services![0];
  const withService = (service: Record<string, unknown>) => minimalEnvironment({ services: [{ ...web, ...service }] } as never);

  it("GIVEN a URL with credentials in a plain variable WHEN parsed THEN it is rejected without the credentials", () => {
    const message = validationMessage(withService({ environment: { DATABASE_URL: "postgres://app:hunter2@db.internal/app" } }));
    expect(message).toContain('services[0].environment.DATABASE_URL is "(value hidden)"; expected no URL with a user and password');
    expect(message).not.toContain("hunter2");
  });

  it("GIVEN a credential-like variable that is also under secrets WHEN parsed THEN no check shows its value", () => {
    const message = validationMessage(
      withService({
        environment: { API_TOKEN: "tok-123456" },
        secrets: { API_TOKEN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf" },
      }),
    );
    expect(message).toContain("services[0].environment.API_TOKEN");
    expect(message).toContain("expected a variable that is not also in secrets");
    expect(message).not.toContain("tok-123456");
  });

  it("GIVEN a plain value under secrets WHEN parsed THEN it is hidden, and an ARN is shown", () => {
    const message = validationMessage(withService({ secrets: { JWT_KEY: "s3cr3t-value", OTHER: "arn:aws:s3:::bucket" } }));
    expect(message).toContain('services[0].secrets.JWT_KEY is "(plain value hidden)"');
    expect(message).toContain('services[0].secrets.OTHER is "arn:aws:s3:::bucket"');
    expect(message).not.toContain("s3cr3t-value");
  });

  it("GIVEN a secret given with the wrong type WHEN parsed THEN the value is still hidden", () => {
    const message = validationMessage(withService({ environment: { DB_PASSWORD: 12345678 } }));
    expect(message).toContain("services[0].environment.DB_PASSWORD");
    expect(message).not.toContain("12345678");
  });
});

describe("rules across environments", () => {
  it("GIVEN two environments whose VPCs overlap WHEN parsed THEN the later one is told which CIDR it overlaps", () => {
    const first = minimalEnvironment({ environment: "one", network: { cidr: "10.20.0.0/16" } });
    const second = minimalEnvironment({ environment: "two", network: { cidr: "10.20.128.0/17" } });
    expect(() => parseConfiguration(bootstrapInput, [first, second])).toThrow(
      'environment "two": network.cidr is "10.20.128.0/17"; expected a VPC CIDR that does not overlap environment "one"\'s 10.20.0.0/16',
    );
  });

  it("GIVEN environments with disjoint VPCs WHEN parsed THEN they are accepted", () => {
    const first = minimalEnvironment({ environment: "one", network: { cidr: "10.20.0.0/16" } });
    const second = minimalEnvironment({ environment: "two", network: { cidr: "10.21.0.0/16" } });
    expect(() => parseConfiguration(bootstrapInput, [first, second])).not.toThrow();
  });
});

describe("availability zones", () => {
  it("GIVEN an AZ the region does not have WHEN parsed THEN the region's AZs are listed", () => {
    expect(problemsOf(minimalEnvironment({ network: { azs: ["eu-west-1a", "eu-west-1d"] } }))).toEqual([
      'environment "test": network.azs[1] is "eu-west-1d"; expected an availability zone of eu-west-1: eu-west-1a, eu-west-1b, eu-west-1c',
    ]);
  });

  it("GIVEN more AZs than the region has WHEN parsed THEN the count is refused", () => {
    expect(problemsOf(minimalEnvironment({ network: { azCount: 4 } }))).toEqual([
      'environment "test": network.azCount is 4; expected at most 3, the number of availability zones eu-west-1 has (eu-west-1a, eu-west-1b, eu-west-1c)',
    ]);
  });

  it("GIVEN a region without its c zone WHEN three AZs are carved THEN the region's first three are used", () => {
    const input = minimalEnvironment({ region: "ca-central-1", network: { azCount: 3 } });
    expect(validationMessage(input)).toBe("");
  });

  it("GIVEN a region the table does not know WHEN parsed THEN availableAzs is asked for, and honoured", () => {
    const unknown = minimalEnvironment({ region: "eu-west-4" });
    expect(problemsOf(unknown)[0]).toMatch(/network\.availableAzs is not set; expected the availability zones of eu-west-4, which the platform's table/);
    expect(validationMessage(minimalEnvironment({ region: "eu-west-4", network: { availableAzs: ["eu-west-4a", "eu-west-4b"] } }))).toBe("");
  });
});

describe("load balancer routes", () => {
  const web = minimalEnvironment().services![0];
  const routed = (routing: Record<string, unknown>) =>
    minimalEnvironment({ services: [{ ...web, loadBalancer: { priority: 100, ...routing } }] } as never);

  it.each(["api/*", "/api/" + "x".repeat(130), "/api/<script>", "/a b"])("GIVEN the path pattern %s WHEN parsed THEN it is refused as the ALB would", (pattern) => {
    expect(problemsOf(routed({ pathPatterns: [pattern] })).join("\n")).toContain("services[0].loadBalancer.pathPatterns[0]");
  });

  it.each(["/", "/*", "/api/v?/*", "/static/*.css"])("GIVEN the path pattern %s WHEN parsed THEN it is accepted", (pattern) => {
    expect(validationMessage(routed({ pathPatterns: [pattern] }))).toBe("");
  });

  it.each(["https://api.example.com", "api.example.com/v1", "api.example.com:443", "localhost", "api.example.123"])(
    "GIVEN the host header %s WHEN parsed THEN it is refused",
    (host) => {
      expect(problemsOf(routed({ hostHeaders: [host] })).join("\n")).toContain(
        "services[0].loadBalancer.hostHeaders[0]",
      );
    },
  );

  it.each(["api.example.com", "*.example.com", "API.Example.COM"])("GIVEN the host header %s WHEN parsed THEN it is accepted", (host) => {
    expect(validationMessage(routed({ hostHeaders: [host] }))).toBe("");
  });
});

describe("tags", () => {
  it("GIVEN more tags than fit beside the platform's WHEN parsed THEN the limit is explained", () => {
    const tags = Object.fromEntries(Array.from({ length: 46 }, (_, index) => [`Key${index}`, "v"]));
    expect(problemsOf(minimalEnvironment({ tags }))).toEqual([
      'environment "test": tags is "46 tags"; expected at most 45 tags: AWS allows 50 per resource, and the platform adds Project, Environment, ManagedBy and up to 2 of its own (Name, Tier)',
    ]);
  });

  it("GIVEN a tag key over 128 characters or a value over 256 WHEN parsed THEN both are refused", () => {
    const problems = problemsOf(minimalEnvironment({ tags: { ["k".repeat(129)]: "v", Team: "x".repeat(257) } }));
    expect(problems.join("\n")).toContain("expected tag keys of 1-128");
    expect(problems.join("\n")).toContain("tags.Team is");
    expect(problems.join("\n")).toContain("expected a tag value of at most 256 characters");
  });

  it("GIVEN 45 tags WHEN parsed THEN they are accepted", () => {
    const tags = Object.fromEntries(Array.from({ length: 45 }, (_, index) => [`Key${index}`, "v"]));
    expect(validationMessage(minimalEnvironment({ tags }))).toBe("");
  });
});

describe("problem order", () => {
  it("GIVEN several problems WHEN parsed twice THEN they come in the same order, all at once", () => {
    const input = changed(minimalEnvironment({ database: MINIMAL_DATABASE }), (config) => {
      config.region = "eu-west";
      config.services![0].memory = 4096;
      config.database!.multiAz = "no" as never;
    });
    const first = problemsOf(input);
    expect(first).toHaveLength(3);
    expect(problemsOf(input)).toEqual(first);
  });
});

describe("mistakes in the shape of the whole configuration", () => {
  it("GIVEN environments exported as an object WHEN parsed THEN one line says a list is expected, no TypeError", () => {
    expect(() => parseConfiguration(bootstrapInput, { dev: minimalEnvironment() } as never)).toThrow(
      "environments: is not a list; expected a list of environments, e.g. export const environments = [dev, staging, prod]",
    );
  });

  it.each([
    ["a NAME=value text", "STRIPE_API_KEY=sk_live_abcdefSECRET1234"],
    ["an ECS-style list", [{ name: "STRIPE_API_KEY", value: "sk_live_abcdefSECRET1234" }]],
  ])("GIVEN a service's environment written as %s WHEN refused THEN its content is hidden", (_shape, environment) => {
    const message = validationMessage(changed(minimalEnvironment(), (config) => void ((config.services![0] as { environment: unknown }).environment = environment)));
    expect(message).toContain('services[0].environment is "(value hidden)"');
    expect(message).not.toContain("sk_live");
  });

  it("GIVEN an Aurora database with crossRegionBackup WHEN parsed THEN it says the field is RDS's and what Aurora uses", () => {
    const aurora = { ...MINIMAL_DATABASE, engine: "aurora-postgres", instanceClass: "db.t4g.medium", crossRegionBackup: { region: "eu-central-1" } };
    const message = validationMessage(minimalEnvironment({ database: aurora as never }));
    expect(message).toContain("database.crossRegionBackup");
    expect(message).toContain("crossRegionBackup replicates rds-postgres backups; an Aurora cluster copies them with AWS Backup");
  });
});
