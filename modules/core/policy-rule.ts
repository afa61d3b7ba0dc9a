import { Tier } from "./tiers";

/** One resource of a synthesized stack, as Terraform will see it. */
export interface ResourceView {
  /** Terraform type, e.g. "aws_db_instance". */
  readonly type: string;
  /** Logical id. */
  readonly name: string;
  /** "<type>.<name>", the resource address in the stack. */
  readonly address: string;
  /** Construct path, e.g. "prod/database/instance". */
  readonly path: string;
  /** Arguments with every token resolved; references read as "${aws_x.y.attr}". */
  readonly attributes: Readonly<Record<string, unknown>>;
  /**
   * The environment's configuration section the resource is built from, e.g. "tables.orders",
   * `services["web"]`, "cache" (see `ConfigLocator`); absent for a resource of no section (the
   * keys', the bootstrap's, a fixture's).
   */
  readonly section?: string;
  /** For a log group: the configuration field that sets its retention, e.g. "cache.logRetentionInDays"; absent where none does. */
  readonly logRetentionField?: string;
}

/**
 * Where in the environment's configuration a resource comes from, read from its construct path:
 * made by the platform from the capability list (`platform/config-locator.ts`), so that the
 * policy pack names `tables.orders.deletionProtection` instead of `deletion_protection_enabled`.
 */
export interface ConfigLocator {
  /** The section of the resource at `path` (a construct path with the stack), if any. */
  section(path: string): string | undefined;
  /** The field that sets the retention of the log group at `path`, if any. */
  logRetentionField(path: string): string | undefined;
}

/** The whole stack, for rules that look across resources (a VPC's flow log, a bucket's policy). */
export interface StackView {
  readonly name: string;
  readonly tier: Tier;
  /** The resources of one Terraform type, e.g. "aws_lb". */
  ofType(type: string): readonly ResourceView[];
  /** A data source (e.g. an IAM policy document) by its address, "data.<type>.<name>". */
  dataSource(address: string): ResourceView | undefined;
  /** Resources of `type` with an argument that references `address` (e.g. "${aws_vpc.main.id}"). */
  referencing(type: string, address: string): readonly ResourceView[];
}

/** What is wrong with a resource, and how to fix it. */
export interface Finding {
  /** What the resource holds, e.g. "deletion_protection is false". */
  readonly problem: string;
  /** The requirement, e.g. "production databases must be deletion-protected". */
  readonly requirement: string;
  /** The configuration change that fixes it, e.g. "set database.deletionProtection: true". */
  readonly fix: string;
  /**
   * The environment's configuration field that decides it, e.g. "tables.orders.deletionProtection"
   * (see `configField`), so that the report and the console name what to edit rather than the
   * Terraform attribute. Absent where no field decides it (the platform always sets it so).
   */
  readonly field?: string;
}

/** A check of the policy pack, in the style of a cdk-nag rule: one per file under `rules/`. */
export interface PolicyRule {
  /** e.g. "PLAT-RDS-2". */
  readonly id: string;
  /** One line. */
  readonly description: string;
  /** Why the rule exists. */
  readonly rationale: string;
  /** Terraform resource types it looks at. */
  readonly resourceTypes: readonly string[];
  /** Tiers in which a violation fails synth. */
  readonly errorIn: readonly Tier[];
  /** Tiers in which a violation is reported as a warning. Tiers in neither list are not checked. */
  readonly warnIn: readonly Tier[];
  /** The matching control of AWS Security Hub (FSBP), CIS, checkov and cdk-nag (AwsSolutions), where there is one. */
  readonly controls: { readonly securityHub?: string; readonly cis?: string; readonly checkov?: string; readonly cdkNag?: string };
  /** The AWS documentation the rule follows, for a rule no control matches. */
  readonly reference?: string;
  /** The findings for one resource of `resourceTypes`; none when it complies. */
  check(resource: ResourceView, stack: StackView): readonly Finding[];
}

/** Builds a rule's findings list: one finding when `compliant` is false. */
export function unless(compliant: boolean, finding: Finding): readonly Finding[] {
  return compliant ? [] : [finding];
}

/** An argument that is set to something other than empty. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
}

/** Booleans as Terraform JSON may carry them (the provider takes "true" for some). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** The first element of a block list (Terraform JSON writes single blocks as objects or one-element lists). */
export function block(value: unknown): Readonly<Record<string, unknown>> {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === "object" ? (first as Record<string, unknown>) : {};
}

export function show(value: unknown): string {
  return value === undefined ? "not set" : JSON.stringify(value);
}

/**
 * `field` of the resource's section, e.g. configField(table, "tables.<name>", "deletionProtection")
 * is "tables.orders.deletionProtection"; in `section` when the resource has none (a fixture's
 * resource, or one a module outside the configuration built).
 */
export function configField(resource: Pick<ResourceView, "section">, section: string, field: string): string {
  return `${resource.section ?? section}.${field}`;
}
