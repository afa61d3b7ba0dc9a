import { existsSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { Testing } from "cdktf";
import { bootstrap as shippedConfiguration, environments as shippedEnvironments } from "../environments";
import { bootstrapInput as shippedBootstrap } from "./support/config";
import { parseConfiguration } from "../modules/platform/configuration";
import { buildPlatform } from "../modules/platform/platform";
import { EnvironmentConfig, EnvironmentInput } from "../modules/platform/schema";
import { describeArchitecture, FRONT_DOOR_IDS, INTERNET } from "../scripts/reports/architecture";
import { BACKING_KINDS, usageEdges } from "../scripts/reports/backing-resources";
import { diffConfigurations, IGNORED_CONFIG_FIELDS, kindOf } from "../scripts/reports/config-diff";
import { isMermaidId, NodeIds } from "../scripts/reports/diagram-model";
import { renderEnvironmentDiff } from "../scripts/reports/diff-report";
import { architecturePage, environmentFlowchart } from "../scripts/reports/mermaid";
import { countsByType, settingDifferences, SynthesizedResource } from "../scripts/reports/resource-diff";
import { synthesizedJson, synthesizedResources } from "../scripts/reports/synthesize";
import { Diagram } from "../scripts/reports/diagram-model";
import { changed, minimalEnvironment } from "./support/synth";

/** A database section whose HA and protection settings come from the tier. */
const TIERED_DATABASE = { instanceClass: "db.t4g.micro", allocatedStorage: 20, maxAllocatedStorage: 50 } as const;

/** The minimal environment under another name, tier and VPC, with a database and the tier's NAT strategy. */
function smallEnvironment(environment: string, tier: "development" | "production", cidr: string): EnvironmentInput {
  return changed(minimalEnvironment({ environment, tier, network: { cidr }, database: TIERED_DATABASE }), (config) => {
    delete config.network.natStrategy;
  });
}

const DEVELOPMENT = smallEnvironment("small", "development", "10.97.0.0/16");
const PRODUCTION = smallEnvironment("large", "production", "10.98.0.0/16");

interface Built {
  readonly config: EnvironmentConfig;
  readonly resources: readonly SynthesizedResource[];
}

/** Both environments parsed together (as the scripts do) and synthesized in memory. */
function buildPair(): readonly [Built, Built] {
  const [development, production] = parseConfiguration(shippedBootstrap, [DEVELOPMENT, PRODUCTION]).environments;
  const platform = buildPlatform(() => Testing.app(), shippedBootstrap, [DEVELOPMENT, PRODUCTION]);
  const resourcesOf = (name: string) => {
    const stack = platform.environments.get(name);
    if (!stack) throw new Error(`no stack ${name}`);
    return synthesizedResources(stack);
  };
  return [
    { config: development, resources: resourcesOf("small") },
    { config: production, resources: resourcesOf("large") },
  ];
}

describe("environment diff", () => {
  describe("GIVEN a development and a production environment built from the same small input", () => {
    const [development, production] = buildPair();
    const configDifferences = diffConfigurations(development.config, production.config);
    const valueOf = (path: string) => configDifferences.find((difference) => difference.path === path);

    it("WHEN their configs are compared THEN the tier and the database's HA and protection differ, with their kinds", () => {
      expect(valueOf("tier")).toEqual({ path: "tier", left: "development", right: "production", kind: "tier" });
      expect(valueOf("database.multiAz")).toEqual({ path: "database.multiAz", left: false, right: true, kind: "availability" });
      expect(valueOf("database.deletionProtection")).toMatchObject({ left: false, right: true, kind: "protection" });
      expect(valueOf("network.natStrategy")).toMatchObject({ left: "none", right: "perAz", kind: "availability" });
    });

    it("WHEN their configs are compared THEN the fields that always differ are left out", () => {
      const ignored = IGNORED_CONFIG_FIELDS.map((field) => field.path);
      expect(configDifferences.filter((difference) => ignored.some((path) => difference.path.startsWith(path)))).toEqual([]);
    });

    it("WHEN their configs are compared THEN the rows are ordered by kind, tier first", () => {
      expect(configDifferences[0].kind).toBe("tier");
      const kinds = configDifferences.map((difference) => difference.kind);
      expect(kinds).toEqual([...kinds].sort((a, b) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b)));
    });

    it("WHEN their resources are counted THEN the production tier's NAT gateways are the change", () => {
      const nat = countsByType(development.resources, production.resources).find((count) => count.type === "aws_nat_gateway");
      expect(nat).toEqual({ type: "aws_nat_gateway", left: 0, right: 2 });
    });

    it("WHEN the resources both have are compared THEN the database instance's multi_az differs, and names embedding the environment do not", () => {
      const identities = { left: ["small", "10.97.0.0/16"], right: ["large", "10.98.0.0/16"] };
      const differences = settingDifferences(development.resources, production.resources, identities);
      expect(differences).toContainEqual({ type: "aws_db_instance", resource: "database/instance", path: "multi_az", left: false, right: true });
      expect(differences.filter((difference) => difference.resource === "load-balancer/alb" && difference.path === "name")).toEqual([]);
    });

    it("WHEN the report is rendered THEN it has its three sections, and the same text twice", () => {
      const report = renderEnvironmentDiff(development, production);
      expect(report).toContain("# small → large");
      expect(report.indexOf("## Configuration")).toBeLessThan(report.indexOf("## Resources by type"));
      expect(report.indexOf("## Resources by type")).toBeLessThan(report.indexOf("## Settings that differ"));
      expect(report).toContain("| tier | `tier` | `development` | `production` |");
      expect(report).toContain("| `aws_nat_gateway` | 0 | 2 | +2 |");
      expect(renderEnvironmentDiff(development, production)).toBe(report);
    });
  });

  describe("GIVEN two environments that list the same services in another order", () => {
    it("WHEN compared THEN services are matched by name and only the changed one shows", () => {
      const api = (desiredCount: number) => ({ name: "api", image: { source: "ecr" as const, tag: "1.0.0" }, cpu: 256 as const, memory: 512, desiredCount });
      const left = changed(minimalEnvironment({ environment: "left", network: { cidr: "10.95.0.0/16" } }), (config) => {
        config.services = [...(config.services ?? []), api(1)];
      });
      const right = changed(minimalEnvironment({ environment: "right", network: { cidr: "10.96.0.0/16" } }), (config) => {
        config.services = [api(2), ...(config.services ?? [])];
      });
      const [l, r] = parseConfiguration(shippedBootstrap, [left, right]).environments;
      expect(diffConfigurations(l, r)).toEqual([{ path: "services[api].desiredCount", left: 1, right: 2, kind: "sizing" }]);
    });
  });
});

const KIND_ORDER = ["tier", "sizing", "availability", "protection", "retention", "other"];

describe("setting kinds", () => {
  it.each([
    ["tier", "tier"],
    ["services[api].autoscaling.maxCapacity", "sizing"],
    ['services["web-app"].cpu', "sizing"],
    ["database.readers", "availability"],
    ["network.natStrategy", "availability"],
    ["tables.orders.pointInTimeRecovery", "protection"],
    ["loadBalancer.waf.enabled", "protection"],
    ["loadBalancer.waf.logRetentionInDays", "retention"],
    ["queues.jobs.retentionDays", "retention"],
    ["services[api].image.keepLastImages", "retention"],
    ["services[api].healthCheck.interval", "other"],
    ["queues.retentionDays.fifo", "other"],
  ])("GIVEN the setting %s THEN its kind is %s, from its section's typed table", (path, kind) => {
    expect(kindOf(path)).toBe(kind);
  });
});

/** The page of one environment, from its own build of the whole configuration. */
function pageOf(input: EnvironmentInput): string {
  const [config] = parseConfiguration(shippedBootstrap, [input]).environments;
  const stack = buildPlatform(() => Testing.app(), shippedBootstrap, [input]).environments.get(config.environment);
  if (!stack) throw new Error(`no stack ${config.environment}`);
  return architecturePage(config, synthesizedJson(stack));
}

/** Every node id the flowchart declares or connects, and every subgraph id. */
function mermaidIds(page: string): string[] {
  const flowchart = page.slice(page.indexOf("```mermaid"), page.lastIndexOf("```"));
  const declared = [...flowchart.matchAll(/^\s+(?:subgraph )?([^\s[({>]+)[[({>]/gm)].map((match) => match[1]);
  const connected = [...flowchart.matchAll(/^\s+(\S+) -\.?->(?:\|"[^"]*"\|)? (\S+)$/gm)].flatMap((match) => [match[1], match[2]]);
  return [...new Set([...declared, ...connected])];
}

describe("architecture diagram", () => {
  describe("GIVEN the minimal environment with a database and a worker using it", () => {
    const input = changed(minimalEnvironment({ database: TIERED_DATABASE }), (config) => {
      const web = config.services?.[0];
      if (web) web.uses = { database: true };
      config.services = [
        ...(config.services ?? []),
        { name: "worker", image: { source: "ecr", tag: "1.0.0" }, cpu: 512, memory: 1024, desiredCount: 1, uses: { database: true } },
      ];
    });
    const page = pageOf(input);

    it("WHEN drawn THEN every service and the database are nodes, labelled with their sizes", () => {
      expect(page).toContain('service_web("web<br/>0.25 vCPU · 512 MiB<br/>1 task")');
      expect(page).toContain('service_worker("worker<br/>0.5 vCPU · 1 GiB<br/>1 task")');
      expect(page).toContain('database[("PostgreSQL 17 (RDS)<br/>db.t4g.micro<br/>single-AZ")]');
    });

    it("WHEN drawn THEN requests flow Internet → ALB → the routed service → the database", () => {
      expect(page).toContain('internet -->|"HTTP"| alb');
      expect(page).toContain('alb -->|"/*"| service_web');
      expect(page).toContain('service_web -->|"read-write"| database');
      expect(page).toContain('service_worker -->|"read-write"| database');
    });

    it("WHEN drawn THEN the services sit in the private subnets and the database in the database subnets", () => {
      const block = (group: string) => {
        const start = page.indexOf(`subgraph ${group}`);
        return page.slice(start, page.slice(start).search(/^\s+end$/m) + start);
      };
      expect(block("group_private")).toContain("service_worker");
      expect(block("group_database")).toContain("database[(");
    });

    it("WHEN drawn twice from separate builds THEN the pages are byte-identical", () => {
      expect(pageOf(input)).toBe(page);
    });

    it("WHEN drawn THEN every node and subgraph id is a valid Mermaid id", () => {
      const ids = mermaidIds(page);
      expect(ids).toEqual(expect.arrayContaining(["internet", "alb", "service_web", "service_worker", "database", "group_vpc"]));
      expect(ids.filter((id) => !isMermaidId(id))).toEqual([]);
    });
  });

  describe("GIVEN the shipped environments", () => {
    const { environments } = parseConfiguration(shippedConfiguration, shippedEnvironments);
    const platform = buildPlatform(() => Testing.app(), shippedConfiguration, shippedEnvironments);

    it.each(environments.map((config) => [config.environment, config] as const))(
      "WHEN %s is drawn THEN every service and every backing resource of its config appears",
      (name, config) => {
        const stack = platform.environments.get(name);
        if (!stack) throw new Error(`no stack ${name}`);
        const flowchart = environmentFlowchart(config, synthesizedJson(stack));
        const expected = [
          ...config.services.map((service) => `service_${service.name}(`),
          ...(config.database ? ["database[("] : []),
          ...(config.cache ? ["cache[("] : []),
          ...Object.keys(config.queues ?? {}).map((queue) => `SQS ${queue}`),
          ...Object.keys(config.tables ?? {}).map((table) => `DynamoDB ${table}`),
          ...Object.keys(config.secrets ?? {}).map((secret) => `Secret ${secret}`),
        ];
        expect(expected.filter((text) => !flowchart.includes(text))).toEqual([]);
      },
    );
  });

  describe("GIVEN the committed pictures of the shipped environments", () => {
    const { environments } = parseConfiguration(shippedConfiguration, shippedEnvironments);
    const platform = buildPlatform(() => Testing.app(), shippedConfiguration, shippedEnvironments);
    const page = (name: string) => architecturePage(environments.find((config) => config.environment === name)!, synthesizedJson(platform.environments.get(name)!));

    // Like a golden snapshot: a new environment's picture is written by its first run outside CI
    // (commit it), and under CI a missing picture fails.
    it.each(environments.map((config) => config.environment))("WHEN %s is drawn again THEN docs/architecture holds that picture (else run npm run diagram)", (name) => {
      const file = join(__dirname, "..", "docs", "architecture", `${name}.md`);
      if (!existsSync(file) && !process.env.CI) writeFileSync(file, page(name));
      expect(readFileSync(file, "utf8")).toBe(page(name));
    });

    it("WHEN prod is drawn again THEN the README embeds that flowchart", () => {
      const flowchart = /```mermaid\n[\s\S]*?\n```\n/.exec(page("prod"))?.[0];
      expect(flowchart).toBeDefined();
      expect(readFileSync(join(__dirname, "..", "README.md"), "utf8")).toContain(flowchart);
    });
  });

  describe("GIVEN names that are not Mermaid ids", () => {
    it("WHEN ids are made THEN each is valid, stable for its name, and distinct from a similar name's", () => {
      const ids = new NodeIds();
      const first = ids.idFor("secret", "db/password");
      expect([first, ids.idFor("secret", "db-password"), ids.idFor("end")]).toEqual(["secret_db_password", "secret_db_password_2", "n_end"]);
      expect(ids.idFor("secret", "db/password")).toBe(first);
      expect(isMermaidId(ids.idFor("9lives"))).toBe(true);
    });
  });

  describe("GIVEN a service that uses two queues", () => {
    it("WHEN its edges are drawn THEN there is one per queue, labelled with its access, in name order", () => {
      const [config] = parseConfiguration(shippedBootstrap, [
        changed(minimalEnvironment({}), (input) => {
          input.queues = { orders: {}, clicks: {} };
          const web = input.services?.[0];
          if (web) web.uses = { queues: { orders: "consume", clicks: "send" } };
        }),
      ]).environments;
      const edges = usageEdges(BACKING_KINDS.queues, config.services[0], "service_web", new NodeIds());
      expect(edges).toEqual([
        { from: "service_web", to: "queue_clicks", label: "send" },
        { from: "service_web", to: "queue_orders", label: "consume" },
      ]);
    });
  });
});

/** Nodes reached from the Internet along request (solid) edges. */
function reachable(diagram: Diagram): ReadonlySet<string> {
  const seen = new Set<string>([INTERNET]);
  const queue = [INTERNET];
  while (queue.length > 0) {
    const from = queue.shift() as string;
    for (const edge of diagram.edges) {
      if (edge.from === from && !edge.dotted && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return seen;
}

/** What must be reachable: each configured front door, and each routed service from the door that routes it. */
function frontDoorProblems(config: EnvironmentConfig, diagram: Diagram): string[] {
  const reached = reachable(diagram);
  const has = (from: string, to: string) => diagram.edges.some((edge) => edge.from === from && edge.to === to && !edge.dotted);
  const doors = [
    ...(config.frontend ? [FRONT_DOOR_IDS.cdn] : []),
    ...(config.apiGateway ? [FRONT_DOOR_IDS.api] : []),
    ...(config.loadBalancer ? [FRONT_DOOR_IDS.alb] : []),
  ];
  const routed = config.services.flatMap((service) => {
    const id = `service_${service.name.replace(/[^A-Za-z0-9]+/g, "_")}`;
    const viaAlb = service.loadBalancer ? [[FRONT_DOOR_IDS.alb, id]] : [];
    const viaApi = service.apiRoutes ? [[FRONT_DOOR_IDS.api, service.apiRoutes.integration === "cloud-map" ? id : FRONT_DOOR_IDS.alb]] : [];
    return [...viaAlb, ...viaApi];
  });
  return [
    ...doors.filter((door) => !reached.has(door)).map((door) => `${door} is not reached from the Internet`),
    ...routed.filter(([door, to]) => !has(door, to)).map(([door, to]) => `no route ${door} → ${to}`),
    ...routed.filter(([, to]) => !reached.has(to)).map(([, to]) => `${to} is not reached from the Internet`),
  ];
}

/** Every configuration the repository ships: environments/ and each example. */
function shippedConfigurations(): { readonly name: string; readonly bootstrap: unknown; readonly environments: readonly unknown[] }[] {
  const examples = join(__dirname, "..", "examples");
  const names = readdirSync(examples).filter((name) => existsSync(join(examples, name, "index.ts"))).sort();
  return [
    { name: "environments", bootstrap: shippedConfiguration, environments: shippedEnvironments },
    ...names.map((name) => {
      const loaded = require(join(examples, name)) as { bootstrap: unknown; environments: readonly unknown[] };
      return { name: `examples/${name}`, bootstrap: loaded.bootstrap, environments: loaded.environments };
    }),
  ];
}

describe("front doors in the architecture diagrams", () => {
  const cases = shippedConfigurations().flatMap((configuration) => {
    const { environments } = parseConfiguration(configuration.bootstrap, configuration.environments);
    const platform = buildPlatform(() => Testing.app(), configuration.bootstrap, configuration.environments);
    return environments.map((config) => {
      const stack = platform.environments.get(config.environment);
      if (!stack) throw new Error(`no stack ${config.environment}`);
      return [`${configuration.name} ${config.environment}`, config, describeArchitecture(config, synthesizedJson(stack))] as const;
    });
  });

  it.each(cases)("GIVEN %s WHEN drawn THEN each front door is reached from the Internet and routes to each of its services", (_name, config, diagram) => {
    expect(frontDoorProblems(config, diagram)).toEqual([]);
  });

  it("GIVEN the teet example's production (API Gateway only) WHEN drawn THEN its service is reached through the HTTP API", () => {
    const [, , diagram] = cases.find(([name]) => name === "examples/teet prod") ?? [];
    expect(diagram?.edges).toContainEqual(expect.objectContaining({ from: "internet", to: "api_gateway" }));
    expect(diagram?.edges).toContainEqual(expect.objectContaining({ from: "api_gateway", to: "service_postgrest" }));
  });

  it("GIVEN a diagram whose only service has no route from its front door THEN the check names it", () => {
    const [, config, diagram] = cases.find(([name]) => name === "examples/teet prod") ?? [];
    if (!config || !diagram) throw new Error("no teet prod");
    const cut = { ...diagram, edges: diagram.edges.filter((edge) => edge.from !== "api_gateway") };
    expect(frontDoorProblems(config, cut)).toEqual(["no route api_gateway → service_postgrest", "service_postgrest is not reached from the Internet"]);
  });
});
