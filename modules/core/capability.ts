/**
 * The declaration every capability folder makes of itself (`modules/<capability>/capability.ts`),
 * and the one placement object a capability is built from. The platform keeps one ordered list of
 * these (`platform/capabilities.ts`) and composes from it the environment schema, the tier table,
 * the environment stack, reserved service names, the deploy roles' passed-role services, the
 * diagram and the environment diff (`picture.ts`), and cost coverage.
 */
import { Construct } from "constructs";
import { Monitor } from "./alarm";
import { AwsContext } from "./aws-context";
import { Bindable } from "./binding";
import { DiagramPart, Picture, SettingKinds } from "./picture";
import { PolicyRule } from "./policy-rule";
import { Problems, z } from "./schema";
import { Tier } from "./tiers";

/** The subnets and VPC a capability may place resources in (the network's, by structure). */
export interface NetworkPlacement {
  readonly vpcId: string;
  readonly publicSubnetIds: readonly string[];
  readonly privateSubnetIds: readonly string[];
  readonly databaseSubnetIds: readonly string[];
  readonly databaseSubnetGroupName: string;
  /** Where services run: private subnets, or public ones when the environment has no NAT. */
  readonly serviceSubnetIds: readonly string[];
  readonly servicesNeedPublicIp: boolean;
}

/** Everything a capability is built from, made once per environment stack and handed over whole. */
export interface Placement {
  /** The environment stack: each capability adds its own construct under it. */
  readonly scope: Construct;
  readonly context: AwsContext;
  readonly network: NetworkPlacement;
  /** The environment's customer managed keys: data at rest, and logs. */
  readonly keys: { readonly dataKeyArn: string; readonly logsKeyArn: string };
  /** Where alarms, tiles and event rules are registered; the dashboard is built from them lazily. */
  readonly monitor: Monitor;
  /** `forceDestroy` of the environment (see platform/schema.ts). */
  readonly forceDestroy: boolean;
}

/**
 * A tier default for an input shape: any part of it, all the way down, and nothing it does not
 * have. Declared with `satisfies TierTable<Input>`, a misspelt key or a wrong type fails the type
 * check (see __tests__/types/tier-defaults.typecheck.ts).
 */
export type TierDefault<T> = T extends readonly unknown[]
  ? T
  : T extends object
  ? { readonly [K in keyof T]?: TierDefault<NonNullable<T[K]>> }
  : T;

/** One capability's defaults per tier, keyed like its section's input. */
export type TierTable<Input> = { readonly [T in Tier]: TierDefault<NonNullable<Input>> };

/** How what a service names under `uses.<key>` is read, checked and bound. */
export interface UseRule<Section, UseSchema extends z.ZodType> {
  /** The schema of `uses.<key>`, with its default (nothing used). */
  readonly schema: UseSchema;
  /** Whether the service uses this capability at all. */
  used(use: z.output<UseSchema>): boolean;
  /** Problems when the environment lacks what the service names. */
  check(use: z.output<UseSchema>, section: Section | undefined, problems: Problems): void;
  /** The variables the binding sets (reserved: the service may not set them itself). */
  variables(use: z.output<UseSchema>): readonly string[];
  /** Interface VPC endpoint services a service using it calls (e.g. "sqs"), for NAT-free networks. Default: none. */
  readonly interfaceEndpoints?: readonly string[];
  /** Gateway VPC endpoint services it is reached through (e.g. "dynamodb"), free and always made by the network. Default: none. */
  readonly gatewayEndpoints?: readonly string[];
}

/**
 * A metric per running task that a service's task count can track, made by the capability that
 * owns the metric (a queue's visible messages): the service divides it by its running tasks.
 */
export interface PerTaskMetric {
  /** The target-tracking policy's id and name stem, e.g. "queue-backlog". */
  readonly policy: string;
  /** The value per running task to hold. */
  readonly targetValue: number;
  /** The metric over all tasks: its id in the metric math, statistic, namespace, name and dimensions (in order). */
  readonly total: {
    readonly id: string;
    readonly stat: string;
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: readonly { readonly name: string; readonly value: string }[];
  };
  /** The result, total divided by running tasks: its id and label. */
  readonly perTask: { readonly id: string; readonly label: string };
}

/** What a capability adds to a service's `autoscaling`: its fields, their checks, and the metrics they track. */
export interface ScalingRule<Use, Fields extends z.core.$ZodLooseShape> {
  /** Fields of a service's `autoscaling`, each optional (off unless set). */
  readonly fields: Fields;
  /** Problems of a service's autoscaling, against what the service uses of the capability and the cluster. */
  check(
    autoscaling: z.output<z.ZodObject<Fields>> & { readonly minCapacity: number },
    service: { readonly use: Use; readonly containerInsights: boolean },
    problems: Problems,
  ): void;
  /** The metrics a service's autoscaling tracks, from what the capability built, if anything (none for fields not set). */
  metrics(autoscaling: z.output<z.ZodObject<Fields>>, built: Bindable<Use> | undefined): readonly PerTaskMetric[];
}

/** An AWS name the platform generates from what the environment names, for the check that no two parts claim one (platform/generated-names.ts). */
export interface GeneratedName {
  /** Which AWS namespace the name is unique in, e.g. SQS_NAMESPACE. */
  readonly namespace: string;
  readonly name: string;
  /** The configuration field that makes it, where the problem is reported. */
  readonly field: string;
  /** The value shown for the field (the name as written). */
  readonly written: string;
  /** What generates it, in the message: `queue "emails"'s dead-letter queue`. */
  readonly what: string;
}

/** The part of a service's alarm names ("<prefix>-<resource>-<signal>") a capability's own alarms use. */
export interface AlarmNames {
  /** Whole resource names, e.g. "cache". */
  readonly names: readonly string[];
  /** Resource name prefixes, e.g. "queue-" (one alarm resource per queue). */
  readonly prefixes: readonly string[];
}

/** The resources a part of the platform creates, for cost coverage and the convention tests. */
export interface ResourceDeclaration {
  /** Terraform resource types it creates (every one of them). */
  readonly resourceTypes: readonly string[];
  /** Of those, the types that cost nothing by themselves (pure data for the cost estimator). */
  readonly freeResourceTypes: readonly string[];
  /** Services its IAM roles are passed to (`iam:PassedToService`), for the apply role. Default: none. */
  readonly passesRolesTo?: readonly string[];
  /** How the diagram and the environment diff show it (a capability must say; plain declarations may). */
  readonly picture?: Picture;
  /**
   * Its policy rules (one per file under its `rules/`), judged on every resource of their types in
   * every stack, whoever made it, like the pack's own families. Default: none.
   */
  readonly rules?: readonly PolicyRule[];
  /**
   * The configuration fields that set the retention of its log groups, by their construct path below
   * its scope ("" for every group, "waf" for those at and below `<scope>/waf`), for PLAT-CW-2's
   * message. Default: none (the message names no field).
   */
  readonly logRetentionFields?: Readonly<Record<string, string>>;
  /**
   * For a list section whose elements each get a scope of their own below the stack, e.g.
   * `{ prefix: "service-", section: "services" }` ("service-web" holds `services["web"]`'s
   * resources), so that findings name the element's fields. A capability's scope is its key in
   * kebab case instead (see `Capability.namedEntries`). Default: none.
   */
  readonly elementScopes?: { readonly prefix: string; readonly section: string };
  /**
   * Its section is a record of named entries (queues, tables, secrets), each built in a scope of
   * its name below the capability's ("<stack>/tables/orders"), so findings name
   * `tables.orders.<field>`. Default: false (one scope holds the section's resources).
   */
  readonly namedEntries?: boolean;
}

export interface Capability<
  Key extends string = string,
  Section extends z.ZodType = z.ZodType,
  Defaults extends TierTable<z.input<Section>> | undefined = TierTable<z.input<Section>> | undefined,
  UseSchema extends z.ZodType = z.ZodType,
  ScalingFields extends z.core.$ZodLooseShape = z.core.$ZodLooseShape,
> extends ResourceDeclaration {
  readonly picture: Picture;
  /** The environment's configuration key of this capability's section, e.g. "cache". */
  readonly key: Key;
  /** The section's schema as an environment field: `.optional()` or `.default(...)` included. */
  readonly section: Section;
  /** One line for the environment field's doc: what the section is, and its default. */
  readonly summary: string;
  /** The section's defaults per tier, typed against its input. */
  readonly tierDefaults?: Defaults;
  /** What a service may name under `uses.<key>`; absent when services cannot use it. */
  readonly use?: UseRule<NonNullable<z.output<Section>>, UseSchema>;
  /** What it adds to a service's `autoscaling`; absent when nothing of it can scale a service. */
  readonly scaling?: ScalingRule<z.output<UseSchema>, ScalingFields>;
  /** Checks against the environment's region (availability, regional features). */
  checkRegion?(section: NonNullable<z.output<Section>>, region: string, problems: Problems): void;
  /**
   * Builds the capability from the one placement object, when the environment has it; returns
   * what services bind to. Capabilities without `build` are wired by the environment stack
   * because they relate to others (network, cluster, front doors, services).
   */
  build?(placement: Placement, section: NonNullable<z.output<Section>>): Bindable<z.output<UseSchema>> | undefined;
  /** Alarm resource names it owns, which services may therefore not be named. Default: none. */
  readonly alarmNames?: AlarmNames;
  /**
   * The AWS names it generates from its section as written (tier defaults applied, not parsed, so a
   * collision is reported in the same round as any field problem; whatever is not of the right shape
   * is left to the schema). Default: none.
   */
  generatedNames?(section: unknown, namePrefix: string): readonly GeneratedName[];
  /** What the diagram draws for it when services use it: its nodes and their edges. Default: nothing beyond the wiring the diagram knows. */
  readonly diagram?: DiagramPart<NonNullable<z.output<Section>>, z.output<UseSchema>>;
  /** What each of its settings is about, for the environment diff. Default: every setting is "other". */
  readonly settingKinds?: SettingKinds<NonNullable<z.output<Section>>>;
}

/** A use a service switches on (`true`), of a capability the environment has at most one of, e.g. the database. */
export function switchedUse<UseSchema extends z.ZodType>(
  schema: UseSchema,
  what: string,
  variables: readonly string[],
  interfaceEndpoints: readonly string[] = [],
): UseRule<unknown, UseSchema> {
  return {
    interfaceEndpoints,
    schema,
    // Off is `false`; on is `true` or the use's own settings (the database's access and user).
    used: (use) => use !== false && use !== undefined,
    check: (_use, section, problems) => problems.check(section !== undefined, [], `${what} in this environment's config`),
    variables: () => variables,
  };
}

/** A use by name (`{ <name>: <access> }`) of a record section's entries, e.g. queues; used when it names any. */
export function namedUse<UseSchema extends z.ZodType<Readonly<Record<string, unknown>>>, Section>(
  schema: UseSchema,
  check: (use: z.output<UseSchema>, section: Section | undefined, problems: Problems) => void,
  variables: (use: z.output<UseSchema>) => readonly string[],
  interfaceEndpoints: readonly string[] = [],
  gatewayEndpoints: readonly string[] = [],
): UseRule<Section, UseSchema> {
  return { schema, used: (use) => Object.keys(use as object).length > 0, check, variables, interfaceEndpoints, gatewayEndpoints };
}

/** `build()` of a record section, which is made only when it has entries. */
export function whenAny<Built>(section: object, build: () => Built): Built | undefined {
  return Object.keys(section).length > 0 ? build() : undefined;
}

/** What a set of entries encrypted at rest (queues, tables) is built with: the context, the environment's data key, the monitor. */
export function dataAtRest(placement: Placement): { readonly context: AwsContext; readonly keyArn: string; readonly monitor: Monitor } {
  return { context: placement.context, keyArn: placement.keys.dataKeyArn, monitor: placement.monitor };
}

/** Resource types by what they cost: priced by use or by the hour, or free by themselves. */
export interface ResourceTypes {
  readonly priced: readonly string[];
  readonly free: readonly string[];
}

/** A declaration's resource types from groups of them (its own, and shared parts such as a secure bucket), each type once. */
export function resources(...groups: readonly ResourceTypes[]): Pick<ResourceDeclaration, "resourceTypes" | "freeResourceTypes"> {
  const free = [...new Set(groups.flatMap((group) => group.free))].sort();
  const priced = groups.flatMap((group) => group.priced).filter((type) => !free.includes(type));
  return { resourceTypes: [...new Set([...priced, ...free])].sort(), freeResourceTypes: free };
}

/**
 * The id of a capability's construct below the environment stack: its key in kebab case
 * ("loadBalancer" is built at "<stack>/load-balancer").
 */
export function scopeId(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Declares a capability, keeping its literal key and types for the platform's composition. */
export function defineCapability<
  const Key extends string,
  Section extends z.ZodType,
  const Defaults extends TierTable<z.input<Section>> | undefined = undefined,
  UseSchema extends z.ZodType = z.ZodNever,
  ScalingFields extends z.core.$ZodLooseShape = Record<never, never>,
>(capability: Capability<Key, Section, Defaults, UseSchema, ScalingFields>): Capability<Key, Section, Defaults, UseSchema, ScalingFields> {
  return capability;
}
