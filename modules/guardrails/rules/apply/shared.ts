/** Helpers the apply rules share: references between resources, lifecycles, regions, containers. */
import { TIERS } from "../../../core/tiers";
import { block, isSet, isTrue, ResourceView, StackView } from "../../../core/policy-rule";

/** Every tier: an apply that fails, fails in development too. */
export const ALL_TIERS = TIERS;

/** The address a "${type.name.attribute...}" value references, when it references a resource of `type`. */
export function referencedAddress(value: unknown, type: string): string | undefined {
  const match = new RegExp(`\\$\\{(?:data\\.)?(${type.replace(/[.]/g, "\\.")}\\.[^.}\\[ ]+)`).exec(String(value ?? ""));
  return match?.[1];
}

/** The resource of `type` that `value` references, if it is in this stack. */
export function referencedResource(value: unknown, type: string, stack: StackView): ResourceView | undefined {
  const address = referencedAddress(value, type);
  return address === undefined ? undefined : stack.ofType(type).find((resource) => resource.address === address);
}

/** Whether `value` (any JSON) mentions `${<address>.` or `${<address>}` anywhere. */
export function mentions(value: unknown, address: string): boolean {
  const text = JSON.stringify(value ?? null);
  return text.includes(`${address}.`) || text.includes(`${address}}`);
}

/** The resource's lifecycle block, as synthesized. */
export function lifecycleOf(resource: ResourceView): Readonly<Record<string, unknown>> {
  return block(resource.attributes.lifecycle);
}

export function createsBeforeDestroy(resource: ResourceView): boolean {
  return isTrue(lifecycleOf(resource).create_before_destroy);
}

/**
 * The region a resource is created in: its own `region` argument (AWS provider 6), else the
 * region of the provider it names (`provider = "aws.<alias>"`), else the default provider's.
 */
export function regionOf(resource: ResourceView, stack: StackView): string | undefined {
  if (isSet(resource.attributes.region)) return String(resource.attributes.region);
  const alias = /^aws\.(.+)$/.exec(String(resource.attributes.provider ?? ""))?.[1];
  const providers = stack.ofType("aws");
  const provider = alias ? providers.find((candidate) => candidate.attributes.alias === alias) : providers.find((candidate) => !isSet(candidate.attributes.alias));
  return provider && isSet(provider.attributes.region) ? String(provider.attributes.region) : undefined;
}

/** The fields of an ECS container definition the apply rules read. */
export interface Container {
  readonly name?: unknown;
  readonly essential?: unknown;
  readonly healthCheck?: unknown;
  readonly secrets?: readonly { readonly name?: unknown; readonly valueFrom?: unknown }[];
}

/** The containers of a task definition; none when `container_definitions` is not a JSON list. */
export function containersOf(taskDefinition: ResourceView): readonly Container[] {
  try {
    const parsed: unknown = JSON.parse(String(taskDefinition.attributes.container_definitions));
    return Array.isArray(parsed) ? (parsed as Container[]) : [];
  } catch {
    return [];
  }
}

/** The task definition of this stack a service runs, when it references one. */
export function taskDefinitionOf(service: ResourceView, stack: StackView): ResourceView | undefined {
  return referencedResource(service.attributes.task_definition, "aws_ecs_task_definition", stack);
}

/** Whether a service runs no task: desired_count is 0 (an expression may still start it later). */
export function runsNoTask(service: ResourceView): boolean {
  return service.attributes.desired_count === 0 || service.attributes.desired_count === "0";
}
