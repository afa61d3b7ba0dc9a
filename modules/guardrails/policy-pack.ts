import { DefaultTokenResolver, IAspect, StringConcat, TerraformDataSource, TerraformElement, TerraformStack, Tokenization } from "cdktf";
import { IConstruct } from "constructs";
import { Tier } from "../core/tiers";
import { ConfigLocator, Finding, PolicyRule, ResourceView, StackView } from "../core/policy-rule";
import { Suppression, suppressionsInCode } from "./suppressions";

export type RuleStatus = "pass" | "fail" | "warn" | "suppressed";

/** One rule applied to one resource: a line of `policy-report.json`. */
export interface RuleResult {
  readonly rule: string;
  readonly stack: string;
  /** Resource address, "<type>.<logical id>". */
  readonly resource: string;
  /** Construct path, e.g. "prod/database/instance". */
  readonly path: string;
  readonly status: RuleStatus;
  /** The configuration field(s) to change, e.g. "tables.orders.deletionProtection" (fail, warn; where one decides it). */
  readonly field?: string;
  /** What is wrong and how to fix it (fail, warn), or why it is accepted (suppressed). */
  readonly reason?: string;
}

export interface PolicyPackProps {
  readonly tier: Tier;
  readonly rules: readonly PolicyRule[];
  /** Where each resource comes from in the environment's configuration, so findings name the field to edit. */
  readonly locator: ConfigLocator;
  /** Suppressions from the environment's config; those made in code are found on the constructs. */
  readonly suppressions?: readonly Suppression[];
}

/**
 * The policy pack of one stack, run as a cdktf Aspect: when synthesis visits the stack, the pack
 * makes itself one of the stack's validations, so every rule is applied to every resource of its
 * types, whichever module created it, and a failure stops cdktf from writing the stack. The
 * results are kept so the platform can check every stack before writing any (`violations()`) and
 * report them. Evaluation is lazy: a test synth that runs no validations pays nothing for it.
 */
export class PolicyPack implements IAspect {
  private results?: readonly RuleResult[];
  private validating = false;

  constructor(
    private readonly stack: TerraformStack,
    private readonly props: PolicyPackProps,
  ) {}

  visit(node: IConstruct): void {
    if (node !== this.stack || this.validating) return;
    this.validating = true;
    this.stack.node.addValidation({ validate: () => this.violations() });
  }

  /** Every rule on every resource of the stack (evaluated once; the stack must be complete). */
  evaluate(): readonly RuleResult[] {
    if (!this.results) this.results = evaluateStack(this.stack, this.props);
    return this.results;
  }

  /** The error lines: one per failed rule and resource. */
  violations(): string[] {
    return this.lines("fail");
  }

  /** The warning lines: one per rule a lower tier only warns about. */
  warnings(): string[] {
    return this.lines("warn");
  }

  private lines(status: RuleStatus): string[] {
    return resultLines(this.evaluate(), status);
  }

  /** "prod: 212 checks, 0 failed, 3 warnings, 4 suppressed". */
  summary(): string {
    const count = (status: RuleStatus) => this.evaluate().filter((result) => result.status === status).length;
    return (
      `${this.stack.node.id}: ${this.evaluate().length} checks, ${count("fail")} failed, ` +
      `${count("warn")} warning(s), ${count("suppressed")} suppressed`
    );
  }
}

function evaluateStack(stack: TerraformStack, props: PolicyPackProps): RuleResult[] {
  const view = stackView(stack, props.tier, props.locator);
  const suppressions = [...suppressionsInCode(stack), ...(props.suppressions ?? [])];
  const results: RuleResult[] = [];
  for (const rule of props.rules) {
    const level = rule.errorIn.includes(props.tier) ? "fail" : rule.warnIn.includes(props.tier) ? "warn" : undefined;
    if (!level) continue;
    for (const resource of rule.resourceTypes.flatMap((type) => view.ofType(type))) {
      results.push(judge(rule, resource, view, level, suppressions));
    }
  }
  return results.sort((a, b) => compare(a.path, b.path) || compare(a.rule, b.rule) || compare(a.resource, b.resource));
}

function judge(
  rule: PolicyRule,
  resource: ResourceView,
  stack: StackView,
  level: "fail" | "warn",
  suppressions: readonly Suppression[],
): RuleResult {
  const base = { rule: rule.id, stack: stack.name, resource: resource.address, path: resource.path };
  const findings = rule.check(resource, stack);
  if (findings.length === 0) return { ...base, status: "pass" };
  const suppression = suppressions.find(
    (candidate) => candidate.rule === rule.id && (resource.path === candidate.path || resource.path.startsWith(`${candidate.path}/`)),
  );
  if (suppression) return { ...base, status: "suppressed", reason: suppression.reason };
  const describe = (finding: Finding) =>
    `${finding.problem}; ${asTierPutsIt(finding.requirement, stack.tier, level)} (${finding.fix}, or suppress ${rule.id} with a reason)`;
  const fields = [...new Set(findings.flatMap((finding) => (finding.field ? [finding.field] : [])))];
  return { ...base, status: level, ...(fields.length > 0 ? { field: fields.join(", ") } : {}), reason: findings.map(describe).join("; ") };
}

/**
 * Rules state requirements as production has them ("production load balancers must be ..."); a
 * tier that is only warned hears "staging load balancers should be ...".
 */
function asTierPutsIt(requirement: string, tier: Tier, level: "fail" | "warn"): string {
  if (level === "fail") return requirement;
  return requirement.replace(/^production /, `${tier} `).replace(/ must /, " should ");
}

/**
 * The stack as Terraform will receive it, read lazily: the resources of a type are resolved (every
 * token, as synth does) the first time a rule asks for them, so a check costs only what it reads.
 */
function stackView(stack: TerraformStack, tier: Tier, locator: ConfigLocator): StackView {
  const elements = new Map<string, TerraformElementLike[]>();
  for (const construct of stack.node.findAll()) {
    const type = (construct as Partial<TerraformElementLike>).terraformResourceType;
    if (type === undefined || !(construct instanceof TerraformElement)) continue;
    const prefix = construct instanceof TerraformDataSource ? "data." : "";
    elements.set(`${prefix}${type}`, [...(elements.get(`${prefix}${type}`) ?? []), construct as TerraformElementLike]);
  }
  const resolved = new Map<string, readonly ResourceView[]>();
  const ofType = (key: string): readonly ResourceView[] => {
    if (!resolved.has(key)) resolved.set(key, (elements.get(key) ?? []).map((element) => view(stack, element, key, locator)));
    return resolved.get(key) ?? [];
  };
  return {
    name: stack.node.id,
    tier,
    ofType,
    dataSource: (address) => ofType(address.slice(0, address.lastIndexOf("."))).find((candidate) => candidate.address === address),
    referencing: (type, address) => ofType(type).filter((resource) => JSON.stringify(resource.attributes).includes(`\${${address}.`)),
  };
}

type TerraformElementLike = TerraformElement & { readonly terraformResourceType: string };

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** One element with its arguments resolved the way `cdk.tf.json` will hold them. */
function view(stack: TerraformStack, element: TerraformElementLike, key: string, locator: ConfigLocator): ResourceView {
  const json = Tokenization.resolve(element.toTerraform(), { scope: stack, resolver: RESOLVER, preparing: false }) as {
    resource?: Blocks;
    data?: Blocks;
    provider?: Record<string, readonly Record<string, unknown>[]>;
  };
  const block = key.startsWith("data.") ? json.data : json.resource;
  const name = stack.getLogicalId(element);
  // A provider (ofType("aws")) reads as its configuration: rules ask for its region and alias.
  const provider = json.provider?.[element.terraformResourceType]?.[0];
  const { "//": _, ...attributes } = block?.[element.terraformResourceType]?.[name] ?? provider ?? {};
  const path = element.node.path;
  const section = locator.section(path);
  const logRetentionField = element.terraformResourceType === "aws_cloudwatch_log_group" ? locator.logRetentionField(path) : undefined;
  return {
    type: element.terraformResourceType,
    name,
    address: `${key}.${name}`,
    path,
    attributes,
    ...(section === undefined ? {} : { section }),
    ...(logRetentionField === undefined ? {} : { logRetentionField }),
  };
}

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every failed rule of every stack, one line each, thrown before anything is written. */
export class PolicyViolationError extends Error {
  constructor(readonly violations: readonly string[]) {
    super(
      `Policy check failed, ${violations.length} violation(s):\n${violations.map((line) => `  - ${line}`).join("\n")}`,
    );
    this.name = "PolicyViolationError";
  }
}

/** Evaluates every pack; throws a PolicyViolationError listing each failed rule of each stack. */
export function enforcePolicies(packs: Iterable<PolicyPack>): void {
  const violations = [...packs].flatMap((pack) => pack.violations());
  if (violations.length > 0) throw new PolicyViolationError(violations);
}

/** The report of every pack's results, as `cdktf.out/policy-report.json` holds it. */
export function policyReport(packs: Iterable<PolicyPack>): { readonly results: readonly RuleResult[] } {
  return { results: [...packs].flatMap((pack) => pack.evaluate()) };
}

/**
 * The detail lines of the results with `status`: "<path>: [<rule>] <field>: <reason>", the field
 * first where one decides it, since that is what to edit.
 */
export function resultLines(results: readonly RuleResult[], status: RuleStatus): string[] {
  return results.filter((result) => result.status === status).map(resultLine);
}

function resultLine(result: RuleResult): string {
  return `${result.path}: [${result.rule}] ${result.field ? `${result.field}: ` : ""}${result.reason}`;
}

/**
 * The one line a synth prints for every stack's results together, e.g. "4 stacks, 229 checks,
 * 0 failed, 7 warning(s), 2 suppressed": the details are in policy-report.json.
 */
export function policySummaryLine(results: readonly RuleResult[]): string {
  const count = (status: RuleStatus) => results.filter((result) => result.status === status).length;
  const stacks = new Set(results.map((result) => result.stack)).size;
  return `${stacks} stack(s), ${results.length} checks, ${count("fail")} failed, ${count("warn")} warning(s), ${count("suppressed")} suppressed`;
}
