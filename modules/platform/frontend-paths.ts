/**
 * The frontend's API paths against the load balancer's rules: CloudFront forwards `frontend.api`
 * paths to the load balancer, whose default action answers 404 (`load-balancer/`), so a path no
 * service's listener rule serves is a behaviour that can only ever return Not Found.
 */
import { Problems } from "../core/schema";
import { pathPatternsOverlap } from "../api-gateway/schema";

/** What the check reads of the environment. */
interface FrontendPathFacts {
  readonly frontend?: { readonly api?: { readonly pathPatterns: readonly string[] } };
  readonly services: readonly { readonly name: string; readonly loadBalancer?: { readonly pathPatterns: readonly string[] } }[];
}

/**
 * Every frontend API path pattern overlaps a path some service's listener rule serves (a rule with
 * host headers only serves every path). Host headers are not compared: which host CloudFront sends
 * depends on the origin request policy, so only paths that can never match are refused.
 */
export function checkFrontendApiServed(environment: FrontendPathFacts, problems: Problems): void {
  const patterns = environment.frontend?.api?.pathPatterns ?? [];
  const served = environment.services.flatMap((service) =>
    service.loadBalancer ? (service.loadBalancer.pathPatterns.length > 0 ? service.loadBalancer.pathPatterns : ["/*"]) : [],
  );
  patterns.forEach((pattern, index) =>
    problems.check(
      served.some((path) => pathPatternsOverlap(pattern, path)),
      ["frontend", "api", "pathPatterns", index],
      `a path some service's loadBalancer rule serves (${served.join(", ") || "no service is routed"}): CloudFront sends it to the load balancer, which answers 404 for any other`,
    ),
  );
}
