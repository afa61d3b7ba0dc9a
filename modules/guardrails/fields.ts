/**
 * The configuration field behind a resource: where in the environment's config the setting a rule
 * judges is written. Read from the resource's construct path, which the capabilities name after
 * their section ("<stack>/cache/...", "<stack>/tables/<name>/...", "<stack>/service-<name>/..."),
 * so a rule's message can say `tables.orders.deletionProtection` instead of the Terraform
 * attribute `deletion_protection_enabled`.
 */
import { ResourceView } from "./rule";

/** The config section of each top-level construct of an environment stack, by its id. */
const SECTIONS: Readonly<Record<string, string>> = {
  cache: "cache",
  database: "database",
  "load-balancer": "loadBalancer",
  frontend: "frontend",
  "api-gateway": "apiGateway",
  network: "network",
  cluster: "cluster",
};

/** Construct scopes named after one entry of a keyed section: tables and queues by key. */
const KEYED: Readonly<Record<string, string>> = { tables: "tables", queues: "queues" };

/** Construct scopes named after one element of a list section, by the element's name. */
const NAMED: readonly (readonly [prefix: string, section: string])[] = [
  ["service-", "services"],
  ["job-", "jobs"],
];

/**
 * The config path of the section `resource` belongs to, e.g. "tables.orders", `services["web"]`,
 * "cache"; undefined for a resource of no section (the bootstrap's, a fixture's).
 */
export function configSection(resource: Pick<ResourceView, "path">): string | undefined {
  const [, scope, key] = resource.path.split("/");
  if (scope === undefined) return undefined;
  if (SECTIONS[scope]) return SECTIONS[scope];
  if (KEYED[scope] && key !== undefined) return `${KEYED[scope]}.${key}`;
  const named = NAMED.find(([prefix]) => scope.startsWith(prefix));
  return named ? `${named[1]}[${JSON.stringify(scope.slice(named[0].length))}]` : undefined;
}

/**
 * `field` of the resource's section, e.g. configField(table, "tables.<name>", "deletionProtection")
 * is "tables.orders.deletionProtection"; in `section` when the path names none (a fixture's
 * resource, or one a module outside the config built).
 */
export function configField(resource: Pick<ResourceView, "path">, section: string, field: string): string {
  return `${configSection(resource) ?? section}.${field}`;
}
