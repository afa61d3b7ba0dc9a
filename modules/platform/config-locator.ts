/**
 * Where in an environment's configuration each resource of its stack comes from, read from the
 * resource's construct path ("<stack>/<scope>/..."), for the policy pack's findings: made from
 * the stack parts' declarations, so a new capability's resources are located without a line here.
 */
import { ConfigLocator } from "../core/policy-rule";
import { partInScope, StackPart } from "./capabilities";

/** The part a resource belongs to, and its path below the part's scope ("waf/log-group" of "<stack>/load-balancer/waf/log-group"). */
function locate(path: string): { readonly part: StackPart; readonly scope: string; readonly rest: readonly string[] } | undefined {
  const [, scope, ...rest] = path.split("/");
  const part = scope === undefined ? undefined : partInScope(scope);
  return part && { part, scope, rest };
}

/** The section of the resource at `path`: the part's, its entry's (`tables.orders`) or its element's (`services["web"]`). */
function sectionAt(path: string): string | undefined {
  const location = locate(path);
  if (!location) return undefined;
  const { part, scope, rest } = location;
  if (part.elementScopes) return `${part.elementScopes.section}[${JSON.stringify(scope.slice(part.elementScopes.prefix.length))}]`;
  if (part.namedEntries) return rest[0] === undefined ? undefined : `${part.section}.${rest[0]}`;
  return part.section;
}

/** The field of the most specific of the part's `logRetentionFields` the path is at or below ("" holds every path). */
function logRetentionFieldAt(path: string): string | undefined {
  const location = locate(path);
  if (!location) return undefined;
  const fields = location.part.logRetentionFields ?? {};
  const below = location.rest.join("/");
  const under = Object.keys(fields)
    .filter((prefix) => prefix === "" || below === prefix || below.startsWith(`${prefix}/`))
    .sort((a, b) => b.length - a.length)[0];
  return under === undefined ? undefined : fields[under];
}

/** The environment stacks' locator, for every policy pack of the platform. */
export const CONFIG_LOCATOR: ConfigLocator = { section: sectionAt, logRetentionField: logRetentionFieldAt };
