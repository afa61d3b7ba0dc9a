/**
 * The platform's capabilities, in one ordered list: everything that composes them (the environment
 * schema, the tier table, the environment stack, reserved service names, the deploy roles' passed-
 * role services, the README tier table, cost coverage) iterates this list. Adding a capability is
 * one folder (`modules/<capability>/capability.ts` and what it builds) and one line here; see
 * "Adding a capability" in ARCHITECTURE.md.
 *
 * The order is the order of the environment's sections, and the order in which the environment
 * stack builds the capabilities that have a `build` (after the network, keys and monitoring the
 * placement is made of).
 */
import { Capability, ResourceDeclaration, scopeId } from "../core/capability";
import { PolicyRule } from "../core/policy-rule";
import { byRuleId, FAMILY_RULES } from "../guardrails/rules";
import { ENVIRONMENT_KEYS_RESOURCES } from "../core/encryption-keys";
import { apiGatewayCapability } from "../api-gateway/capability";
import { budgetCapability } from "../budget/capability";
import { cacheCapability } from "../cache/capability";
import { frontendCapability } from "../cdn/capability";
import { clusterCapability } from "../cluster/capability";
import { databaseCapability } from "../database/capability";
import { loadBalancerCapability } from "../load-balancer/capability";
import { monitoringCapability } from "../monitoring/capability";
import { networkCapability } from "../network/capability";
import { queuesCapability } from "../queue/capability";
import { secretsCapability } from "../secret/capability";
import { jobResources } from "../job/capability";
import { deploymentsCapability, serviceResources } from "../service/capability";
import { tablesCapability } from "../table/capability";
import { deliveryResources } from "../delivery/capability";
import { registryResources } from "../registry/capability";
import { stateResources } from "../state/capability";

export const CAPABILITIES = [
  networkCapability,
  clusterCapability,
  loadBalancerCapability,
  frontendCapability,
  apiGatewayCapability,
  databaseCapability,
  queuesCapability,
  tablesCapability,
  secretsCapability,
  cacheCapability,
  monitoringCapability,
  budgetCapability,
  deploymentsCapability,
] as const;

export type Capabilities = (typeof CAPABILITIES)[number];

/** A part of a stack that creates resources, by name: a capability by its key. */
export interface StackPart extends ResourceDeclaration {
  readonly name: string;
  /** The configuration section it is built from (a capability's key); absent for the keys. */
  readonly section?: string;
}

/** Every part of an environment stack that creates resources: the capabilities, the services and the keys. */
export const RESOURCE_DECLARATIONS: readonly StackPart[] = [
  ...CAPABILITIES.map((capability: Capability) => ({ ...capability, name: capability.key, section: capability.key })),
  { ...serviceResources, name: "services" },
  { ...jobResources, name: "jobs" },
  { ...ENVIRONMENT_KEYS_RESOURCES, name: "keys" },
];

/**
 * The part whose resources a top-level construct of an environment stack holds: a capability's is
 * its key in kebab case ("load-balancer"), a service's or job's its element prefix ("service-web").
 */
export function partInScope(scope: string): StackPart | undefined {
  return RESOURCE_DECLARATIONS.find((part) => (part.elementScopes ? scope.startsWith(part.elementScopes.prefix) : scope === scopeId(part.name)));
}

/** Every part of a bootstrap stack (and an account's bootstrap stack) that creates resources. */
export const BOOTSTRAP_DECLARATIONS: readonly StackPart[] = [
  { ...stateResources, name: "state" },
  { ...registryResources, name: "registries" },
  { ...deliveryResources, name: "delivery" },
];

/** The services the environment's roles are passed to (`iam:PassedToService` of the apply role), sorted: adding a capability only adds. */
export const PASSED_TO_SERVICES: readonly string[] = [...new Set(RESOURCE_DECLARATIONS.flatMap((part) => part.passesRolesTo ?? []))].sort();

/** Resource types that cost nothing by themselves, in any stack: for the cost estimator's coverage. */
export const FREE_RESOURCE_TYPES: ReadonlySet<string> = new Set([...RESOURCE_DECLARATIONS, ...BOOTSTRAP_DECLARATIONS].flatMap((part) => part.freeResourceTypes));

/** Every resource type an environment stack may hold. */
export const RESOURCE_TYPES: ReadonlySet<string> = new Set(RESOURCE_DECLARATIONS.flatMap((part) => part.resourceTypes));

/** Every rule of the policy pack, in id order: its own families' and each part's (`rules`). */
export const POLICY_RULES: readonly PolicyRule[] = byRuleId([...FAMILY_RULES, ...[...RESOURCE_DECLARATIONS, ...BOOTSTRAP_DECLARATIONS].flatMap((part) => part.rules ?? [])]);

export const POLICY_RULE_IDS: readonly string[] = POLICY_RULES.map((rule) => rule.id);
