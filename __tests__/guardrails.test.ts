import { spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { Testing } from "cdktf";
import { environments } from "../environments";
import { enforcePolicies, policyReport, PolicyViolationError } from "../modules/guardrails/policy-pack";
import { POLICY_RULES } from "../modules/platform/capabilities";
import { buildPlatform } from "../modules/platform/platform";
import { EnvironmentInput } from "../modules/platform/schema";
import { TIER_DEFAULTS } from "../modules/platform/tiers";
import { bootstrapInput, changed, minimalEnvironment, onlyResource, resourceAt, synthEnvironment, validationMessage } from "./support/synth";

const ROOT = resolve(__dirname, "..");
const CERTIFICATE_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

/** A production environment that states only what has no default, with a read-only service behind HTTPS. */
function productionEnvironment(change?: Parameters<typeof changed>[1]): EnvironmentInput {
  const input: EnvironmentInput = {
    project: "acme",
    environment: "test",
    region: "eu-west-1",
    tier: "production",
    budget: { monthlyLimitUsd: 1000 },
    stateBackend: { ...bootstrapInput.stateBackend },
    network: { cidr: "10.99.0.0/16", azCount: 2 },
    cluster: { enableExecuteCommand: false },
    loadBalancer: { certificate: { certificateArn: CERTIFICATE_ARN } },
    services: [{ ...minimalEnvironment().services![0], readonlyRootFilesystem: true }],
    database: { instanceClass: "db.m7g.large", allocatedStorage: 100, maxAllocatedStorage: 200 },
  };
  return change ? changed(input, change) : input;
}

function violationsOf(environment: EnvironmentInput): string[] {
  const platform = buildPlatform(() => Testing.app(), bootstrapInput, [environment]);
  try {
    enforcePolicies(platform.policies.values());
    return [];
  } catch (error) {
    return [...(error as PolicyViolationError).violations];
  }
}

describe("the policy pack", () => {
  it("has unique ids and states tiers, types and a rationale for every rule", () => {
    expect(new Set(POLICY_RULES.map((rule) => rule.id)).size).toBe(POLICY_RULES.length);
    for (const rule of POLICY_RULES) {
      expect(rule.id).toMatch(/^PLAT-[A-Z0-9]+-\d+$/);
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
      expect(rule.errorIn.length + rule.warnIn.length).toBeGreaterThan(0);
      expect(rule.errorIn.filter((tier) => rule.warnIn.includes(tier))).toEqual([]);
      expect(rule.rationale.length).toBeGreaterThan(20);
    }
  });

  it("passes the shipped environments with no unsuppressed violation, and reports the same twice", () => {
    const report = () => {
      const platform = buildPlatform(() => Testing.app(), bootstrapInput, environments);
      expect(() => enforcePolicies(platform.policies.values())).not.toThrow();
      return JSON.stringify(policyReport(platform.policies.values()));
    };
    expect(report()).toBe(report());
  });
});

describe("GIVEN a new production environment that sets nothing but sizes", () => {
  const input = productionEnvironment();

  it("THEN its tier makes it safe by default: no violation", () => {
    expect(violationsOf(input)).toEqual([]);
  });

  it("THEN the database is Multi-AZ, protected, backed up two weeks and keeps a final snapshot", () => {
    expect(onlyResource(synthEnvironment(input), "aws_db_instance")).toMatchObject({
      ...{ multi_az: true, deletion_protection: true, backup_retention_period: TIER_DEFAULTS.production.database.backupRetentionPeriod },
      skip_final_snapshot: false,
      performance_insights_enabled: true,
    });
  });

  it("THEN the load balancer is protected and behind a WAF, and there is a NAT gateway per AZ", () => {
    const stack = synthEnvironment(input);
    expect(onlyResource(stack, "aws_lb")).toMatchObject({ enable_deletion_protection: true });
    expect(onlyResource(stack, "aws_wafv2_web_acl_association").resource_arn).toBe(resourceAt(stack, "aws_lb", "load-balancer/alb").ref("arn"));
    expect(Object.keys(stack.json.resource.aws_nat_gateway)).toHaveLength(2);
  });
});

describe("GIVEN a production environment configured unsafely", () => {
  const unsafe = productionEnvironment((config) => {
    config.database = { ...config.database!, deletionProtection: false, backupRetentionPeriod: 0, skipFinalSnapshot: true };
    config.loadBalancer = { ...config.loadBalancer, deletionProtection: false };
  });

  it("WHEN the policies are enforced THEN each violation is one line: path, rule, what is wrong, how to fix it", () => {
    const violations = violationsOf(unsafe);
    expect(violations).toContain(
      "test/database/instance: [PLAT-RDS-3] database.deletionProtection: deletion_protection is false; production databases must be deletion-protected (set database.deletionProtection: true, or suppress PLAT-RDS-3 with a reason)",
    );
    expect(violations.some((line) => line.startsWith("test/database/instance: [PLAT-RDS-4] database.backupRetentionPeriod: backup_retention_period is 0"))).toBe(true);
    expect(violations.some((line) => line.startsWith("test/load-balancer/alb: [PLAT-ELB-1] loadBalancer.deletionProtection: enable_deletion_protection is false"))).toBe(true);
  });

  it("WHEN the same settings are in development THEN they synthesize", () => {
    expect(violationsOf(changed(unsafe, (config) => void (config.tier = "development")))).toEqual([]);
  });

  it("WHEN a violation is suppressed with a reason THEN it is reported as suppressed, not failed", () => {
    const suppressed = changed(unsafe, (config) => {
      config.policy = { suppressions: [{ rule: "PLAT-ELB-1", path: "load-balancer", reason: "blue/green cut-over replaces this load balancer next week" }] };
    });
    expect(violationsOf(suppressed).some((line) => line.includes("PLAT-ELB-1"))).toBe(false);
    const platform = buildPlatform(() => Testing.app(), bootstrapInput, [suppressed]);
    expect(policyReport(platform.policies.values()).results).toContainEqual(
      expect.objectContaining({ rule: "PLAT-ELB-1", status: "suppressed", reason: "blue/green cut-over replaces this load balancer next week" }),
    );
  });
});

describe("suppressions in an environment's config", () => {
  const withSuppression = (suppression: Record<string, unknown>) => minimalEnvironment({ policy: { suppressions: [suppression] } } as never);

  it("GIVEN an empty reason THEN parsing fails naming the field", () => {
    expect(validationMessage(withSuppression({ rule: "PLAT-ECS-1", reason: "" }))).toContain(
      'environment "test": policy.suppressions[0].reason is ""; expected a written reason of at least 10 characters',
    );
  });

  it("GIVEN an unknown rule id THEN parsing fails naming it", () => {
    expect(validationMessage(withSuppression({ rule: "PLAT-ECS-99", reason: "a perfectly good reason" }))).toContain(
      'environment "test": policy.suppressions[0].rule is "PLAT-ECS-99"; expected a rule of the policy pack',
    );
  });

  it("GIVEN a misspelt key THEN parsing fails suggesting the right one", () => {
    expect(validationMessage(withSuppression({ rule: "PLAT-ECS-1", reason: "a perfectly good reason", paht: "service-web" }))).toContain(
      "policy.suppressions[0].paht is not a known field; did you mean path?",
    );
  });
});

describe("synth with a violation, end to end", () => {
  it("prints the violations, exits 1 and writes nothing to the output directory", () => {
    const work = mkdtempSync(join(tmpdir(), "policy-"));
    const config = join(work, "config");
    mkdirSync(config);
    const unsafe = productionEnvironment((environment) => void (environment.loadBalancer = { ...environment.loadBalancer, deletionProtection: false }));
    writeFileSync(
      join(config, "index.ts"),
      `export const bootstrap = ${JSON.stringify(bootstrapInput)};\nexport const environments = [${JSON.stringify(unsafe)}];\n`,
    );
    const outdir = join(work, "out");
    const run = spawnSync(process.execPath, ["--require", join(ROOT, "scripts/register.js"), join(ROOT, "main.ts"), "--config", config], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Policy check failed, 1 violation(s):");
    expect(run.stderr).toContain("test/load-balancer/alb: [PLAT-ELB-1] loadBalancer.deletionProtection: enable_deletion_protection is false");
    expect(run.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(existsSync(outdir)).toBe(false);
  });
});

describe("the README", () => {
  it("lists every rule of the pack, as `npm run policy-rules` prints them", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    for (const rule of POLICY_RULES) expect(readme).toContain(`| ${rule.id} | ${rule.description} |`);
  });

  it("lists no rule the pack lacks: a capability's rules (its descriptor's `rules`) are in the pack", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const listed = [...readme.matchAll(/^\| (PLAT-[A-Z0-9]+-\d+) \|/gm)].map((match) => match[1]);
    expect(listed).toEqual(POLICY_RULES.map((rule) => rule.id));
    expect(listed).toEqual(expect.arrayContaining(["PLAT-EC-1", "PLAT-SQS-3", "PLAT-DDB-2"]));
  });
});
