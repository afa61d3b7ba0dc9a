/** Helpers rules of several families share: customer managed keys, load balancers and ECS container definitions. */
import { Finding, isSet, isTrue, ResourceView, show, StackView } from "../../core/policy-rule";

/** A key that is set and is not an AWS managed alias ("alias/aws/sns", or an ARN ending in one). */
export function isCustomerManagedKey(value: unknown): boolean {
  return isSet(value) && !/(^|:)alias\/aws\//.test(String(value));
}

/** One finding unless `argument` names a customer managed key. */
export function requireCustomerManagedKey(argument: string, value: unknown, finding: Omit<Finding, "problem">): readonly Finding[] {
  if (isCustomerManagedKey(value)) return [];
  const problem = isSet(value) ? `${argument} is ${show(value)}, an AWS managed key` : `${argument} is not set`;
  return [{ problem, ...finding }];
}

/** An Application Load Balancer (`load_balancer_type` absent means application). */
export function isApplicationLoadBalancer(loadBalancer: ResourceView): boolean {
  const type = loadBalancer.attributes.load_balancer_type;
  return type === undefined || type === "application";
}

/** An Application Load Balancer reachable from the internet (`internal` not true). */
export function isInternetFacingAlb(loadBalancer: ResourceView): boolean {
  return isApplicationLoadBalancer(loadBalancer) && !isTrue(loadBalancer.attributes.internal);
}

/** Whether some resource of `type` has `argument` referencing `target` (e.g. resource_arn = "${aws_lb.x.arn}"). */
export function isReferencedBy(stack: StackView, type: string, argument: string, target: ResourceView): boolean {
  return stack
    .referencing(type, target.address)
    .some((resource) => String(resource.attributes[argument] ?? "").includes(`\${${target.address}.`));
}

/** The aws_lb of the stack a listener's `load_balancer_arn` references; undefined for an ARN from elsewhere. */
export function loadBalancerOf(listener: ResourceView, stack: StackView): ResourceView | undefined {
  const match = /^\$\{(aws_lb|aws_alb)\.([^.}]+)\.(?:arn|id)\}$/.exec(String(listener.attributes.load_balancer_arn ?? ""));
  return match ? stack.ofType(match[1]).find((resource) => resource.address === `${match[1]}.${match[2]}`) : undefined;
}

/** The fields of an ECS container definition the rules read. */
export interface ContainerDefinition {
  readonly name?: unknown;
  readonly readonlyRootFilesystem?: unknown;
  readonly privileged?: unknown;
  readonly environment?: unknown;
}

/** The containers of an aws_ecs_task_definition, or undefined when `container_definitions` is not a JSON list of objects. */
export function containersOf(taskDefinition: ResourceView): readonly ContainerDefinition[] | undefined {
  const text = taskDefinition.attributes.container_definitions;
  if (typeof text !== "string") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const isList = Array.isArray(parsed) && parsed.every((entry) => entry !== null && typeof entry === "object" && !Array.isArray(entry));
  return isList ? (parsed as ContainerDefinition[]) : undefined;
}

/** The findings of `check` on every container, or one finding when the definitions cannot be read. */
export function checkContainers(
  taskDefinition: ResourceView,
  finding: Omit<Finding, "problem">,
  check: (container: ContainerDefinition, label: string) => readonly Finding[],
): readonly Finding[] {
  const containers = containersOf(taskDefinition);
  if (!containers) return [{ problem: "container_definitions could not be read", ...finding }];
  return containers.flatMap((container, index) => check(container, containerLabel(container, index)));
}

/** `container "web"`, or `container 2` for one without a name. */
function containerLabel(container: ContainerDefinition, index: number): string {
  const named = typeof container.name === "string" && container.name !== "";
  return named ? `container ${JSON.stringify(container.name)}` : `container ${index + 1}`;
}
