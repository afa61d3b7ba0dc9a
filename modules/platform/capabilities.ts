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
import { Capability, ResourceDeclaration } from "../core/capability";
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

/** Every part of an environment stack that creates resources: the capabilities, the services and the keys. */
export const RESOURCE_DECLARATIONS: readonly (ResourceDeclaration & { readonly name: string })[] = [
  ...CAPABILITIES.map((capability: Capability) => ({ ...capability, name: capability.key })),
  { ...serviceResources, name: "services" },
  { ...jobResources, name: "jobs" },
  { ...ENVIRONMENT_KEYS_RESOURCES, name: "keys" },
];

/** Every part of a bootstrap stack (and an account's bootstrap stack) that creates resources. */
export const BOOTSTRAP_DECLARATIONS: readonly (ResourceDeclaration & { readonly name: string })[] = [
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
