/** The environment's HTTP API (API Gateway v2) in front of services, and the routes a service asks of it. */
import { certificateRegion, listOf, logRetentionInDays, matching, oneOf, Problems, strict, textWhere, whole, z } from "../core/schema";
import { certificateArnSchema, dnsValidatedCertificateSchema } from "../load-balancer/schema";

/** Methods a route key may name; ANY matches every method. */
export const ROUTE_METHODS = ["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
/** The route that answers every request no other route matches. */
export const DEFAULT_ROUTE_KEY = "$default";
/** How a route's caller is authorized: "jwt" needs the API's `jwtAuthorizer`. */
export const ROUTE_AUTHORIZATIONS = ["none", "jwt"] as const;
/** How API Gateway reaches the service: its Cloud Map service (SRV records), or a load balancer's listener. */
export const ROUTE_INTEGRATIONS = ["cloud-map", "load-balancer"] as const;
/** Methods the CORS configuration may allow; "*" allows all. */
export const CORS_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"] as const;

const LITERAL_SEGMENT = "[A-Za-z0-9._~-]+";
const VARIABLE_SEGMENT = "\\{[A-Za-z_][A-Za-z0-9_]*\\}";
const GREEDY_SEGMENT = "\\{[A-Za-z_][A-Za-z0-9_]*\\+\\}";
const SEGMENT = `(?:${LITERAL_SEGMENT}|${VARIABLE_SEGMENT})`;
/** "/" or "/segment/.../segment", where the last segment may be a greedy variable such as {proxy+}. */
const ROUTE_PATH = `(?:/|(?:/${SEGMENT})*/(?:${SEGMENT}|${GREEDY_SEGMENT}))`;
const ROUTE_KEY_PATTERN = new RegExp(`^(?:${ROUTE_METHODS.join("|")}) ${ROUTE_PATH}$`);
const HTTPS_URL_PATTERN = /^https:\/\/[a-z0-9.-]+(?::\d{1,5})?(?:\/[^\s?#@]*)?$/;
const ORIGIN_PATTERN = /^(?:\*|https?:\/\/[a-z0-9.-]+(?::\d{1,5})?)$/;
const HEADER_PATTERN = /^(?:\*|[A-Za-z0-9!#$%&'*+.^_`|~-]+)$/;

/** True for "$default" and for "METHOD /path" route keys API Gateway accepts. */
export function isRouteKey(text: string): boolean {
  return text === DEFAULT_ROUTE_KEY || ROUTE_KEY_PATTERN.test(text);
}

const routeKey = textWhere(
  isRouteKey,
  `"$default" or a route key "METHOD /path": METHOD one of ${ROUTE_METHODS.join(", ")}; ` +
    "path segments of A-Z a-z 0-9 . _ ~ - or a {variable}, the last one may be greedy, e.g. ANY /api/{proxy+}",
);

/** A custom domain for the API: a Route 53 alias (A and AAAA) and a regional TLS 1.2 endpoint. */
export const apiDomainSchema = strict({
  /** Domain the API serves, e.g. "api.example.com". No default. */
  domainName: dnsValidatedCertificateSchema.shape.domainName,
  /** Route 53 hosted zone that holds `domainName`; the alias records go there. No default. */
  hostedZoneId: dnsValidatedCertificateSchema.shape.hostedZoneId,
  /**
   * ACM certificate for `domainName`, in the environment's region. Default: none, which means a
   * certificate is requested and validated through `hostedZoneId`.
   */
  certificateArn: certificateArnSchema.shape.certificateArn.optional(),
});

/** Callers present a JSON Web Token from this issuer; API Gateway checks it before any request reaches a service. */
export const jwtAuthorizerSchema = strict({
  /** The token issuer, e.g. "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123" (its `iss` claim). No default. */
  issuer: matching(HTTPS_URL_PATTERN, "an https:// URL of the token issuer, e.g. https://login.example.com/"),
  /** Accepted audiences (the token's `aud`, or `client_id` for access tokens); at least one. No default. */
  audience: listOf(z.string().min(1, { error: "an audience, not empty" })).min(1, { error: "at least one audience" }),
});

/** Cross-origin requests from browsers; API Gateway answers the preflight itself. */
export const apiCorsSchema = strict({
  /** Origins allowed, e.g. ["https://app.example.com"], or ["*"]. No default. */
  allowOrigins: listOf(matching(ORIGIN_PATTERN, 'an origin such as https://app.example.com (scheme, host, optional port), or "*"')).min(1, {
    error: "at least one origin",
  }),
  /** Methods allowed. Default: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]. */
  allowMethods: listOf(oneOf(CORS_METHODS)).min(1).default(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]),
  /** Request headers allowed. Default: ["authorization", "content-type"]. */
  allowHeaders: listOf(matching(HEADER_PATTERN, 'an HTTP header name such as content-type, or "*"')).default(["authorization", "content-type"]),
  /** Seconds a browser may cache the preflight answer. Default: 600. */
  maxAgeSeconds: whole(0, 86400, "a whole number of seconds").default(600),
});

export const apiGatewaySchema = strict({
  /** Stage-wide limits for every route; requests beyond them get 429. */
  throttling: strict({
    /**
     * Requests allowed in a burst, 1 to 5000. Not 0: API Gateway's token bucket then holds no
     * token and every request gets 429 (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html,
     * checked 2026-12-07); to close the API, remove its routes. Default: 200.
     */
    burstLimit: whole(1, 5000, "a whole number of requests", "0 would refuse every request; 5000 is API Gateway's account burst quota").default(200),
    /** Steady requests per second, 1 to 10000; not 0, which refuses every request once the burst is spent. Default: 100. */
    rateLimit: whole(1, 10000, "a whole number of requests per second", "0 would refuse every request; 10000 is API Gateway's account quota").default(100),
  }).prefault({}),
  /** Days the access log (one JSON line per request, encrypted with the logs key) is kept. Default: per tier (see `platform/tiers.ts`). */
  accessLogRetentionInDays: logRetentionInDays(),
  /** A custom domain; the default execute-api endpoint is then turned off. Default: none (the execute-api URL). */
  domain: apiDomainSchema.optional(),
  /** A JWT authorizer routes may require (`authorization: "jwt"`). Default: none. */
  jwtAuthorizer: jwtAuthorizerSchema.optional(),
  /** CORS. Default: none (API Gateway adds no CORS headers; a service may). */
  cors: apiCorsSchema.optional(),
  /** Thresholds of the API's alarms. */
  alarms: strict({
    /** Share of requests answered with 5xx (by API Gateway or the services), percent. Default: 5. */
    error5xxPercent: z.number({ error: "a percentage from 0.1 to 100" }).min(0.1).max(100).default(5),
    /** 99th percentile of the time from request to response, milliseconds. Default: 2000. */
    latencyP99Milliseconds: whole(1, 30000, "a whole number of milliseconds", "HTTP APIs time out after 30 s").default(2000),
  }).prefault({}),
});

/** The routes one service asks of the environment's HTTP API. */
export const serviceApiRoutesSchema = strict({
  /** Route keys, e.g. ["ANY /api/{proxy+}"]; unique within the environment. No default. */
  routeKeys: listOf(routeKey)
    .min(1, { error: "at least one route key, e.g. ANY /api/{proxy+}" })
    .refine((keys) => new Set(keys).size === keys.length, { error: "route keys without repeats" }),
  /** Who may call these routes: "none" (anyone; the service authenticates) or "jwt" (the API's JWT authorizer). Default: "none". */
  authorization: oneOf(ROUTE_AUTHORIZATIONS).default("none"),
  /**
   * How API Gateway reaches the service: "cloud-map" (its Cloud Map service's SRV records, straight
   * to the tasks) or "load-balancer" (a load balancer listener in the VPC). Default: "cloud-map".
   */
  integration: oneOf(ROUTE_INTEGRATIONS).default("cloud-map"),
});

export type ApiGatewayInput = z.input<typeof apiGatewaySchema>;
export type ApiGatewayConfig = z.output<typeof apiGatewaySchema>;
export type ServiceApiRoutesInput = z.input<typeof serviceApiRoutesSchema>;
export type ServiceApiRoutes = z.output<typeof serviceApiRoutesSchema>;

/** The custom domain's certificate must be in the API's region (a rule with the environment's region). */
export function checkApiGatewayRegion(apiGateway: ApiGatewayConfig, region: string, problems: Problems): void {
  const certificateArn = apiGateway.domain?.certificateArn;
  if (certificateArn === undefined) return;
  problems.check(
    certificateRegion(certificateArn) === region,
    ["domain", "certificateArn"],
    `an ACM certificate ARN in ${region}, the API's region (a regional custom domain takes no other)`,
  );
}

/**
 * The rules between a service's routes and the environment's API: there is an API, and routes
 * that require a JWT have an authorizer to check it. `problems` is at the service's routes.
 */
export function checkServiceRoutes(routes: ServiceApiRoutes, apiGateway: ApiGatewayConfig | undefined, problems: Problems): void {
  if (!problems.check(apiGateway !== undefined, "routeKeys", "no API routes: the environment has no apiGateway")) return;
  problems.check(
    routes.authorization !== "jwt" || apiGateway?.jwtAuthorizer !== undefined,
    "authorization",
    '"none": "jwt" needs apiGateway.jwtAuthorizer (issuer and audience)',
  );
}

/** What of a service its routes depend on. */
export interface RoutedService {
  readonly containerPort?: number;
  /** Set when a load balancer listener routes to the service. */
  readonly loadBalancer?: object;
}

/**
 * The rules between a service's routes and the service: API Gateway reaches it on its container
 * port, and through a load balancer only if one routes to it. `problems` is at the service's routes.
 */
export function checkRouteTarget(routes: ServiceApiRoutes, service: RoutedService, problems: Problems): void {
  problems.check(
    service.containerPort !== undefined,
    "routeKeys",
    "no API routes on a service without containerPort: API Gateway reaches services on their container port",
  );
  problems.check(
    routes.integration !== "load-balancer" || service.loadBalancer !== undefined,
    "integration",
    '"cloud-map": "load-balancer" needs the service routed by the load balancer (loadBalancer)',
  );
}

/** "ANY /users/{id}" → ["ANY", "/users/{}"]: variable names do not tell routes apart. */
/**
 * A route key's method and path. Total over any text: the cross-service rules run even when a key
 * itself was refused (reported once, by its field), so "/orders" without a method must not throw.
 */
function routeParts(key: string): readonly [string, string] {
  const [method, path = method] = key.split(" ");
  return [method, path.replace(/\{[A-Za-z0-9_]+\+\}/g, "{+}").replace(/\{[A-Za-z0-9_]+\}/g, "{}")];
}

/**
 * Whether two route keys claim the same requests: the same path (variable names aside) with
 * overlapping methods (ANY overlaps every method), or both "$default". API Gateway would accept
 * "GET /x" beside "ANY /x", but on two services that splits one path between them.
 */
export function routeKeysConflict(a: string, b: string): boolean {
  if (a === DEFAULT_ROUTE_KEY || b === DEFAULT_ROUTE_KEY) return a === b;
  const [methodA, pathA] = routeParts(a);
  const [methodB, pathB] = routeParts(b);
  return pathA === pathB && (methodA === methodB || methodA === "ANY" || methodB === "ANY");
}

/** The first pair of route keys of two services that conflict (see `routeKeysConflict`), if any. */
export function firstRouteConflict(a: readonly string[], b: readonly string[]): readonly [string, string] | undefined {
  for (const keyA of a) {
    const keyB = b.find((candidate) => routeKeysConflict(keyA, candidate));
    if (keyB !== undefined) return [keyA, keyB];
  }
  return undefined;
}

/** The path of "METHOD /path", or the whole key when it has no method (a key already refused). */
function routePath(key: string): string {
  const parts = key.split(" ");
  return parts[parts.length - 1];
}

/**
 * The paths route keys claim as ALB-style path patterns ("*" for any text): a {variable} or
 * greedy {proxy+} becomes "*", "$default" becomes "/*". Methods are dropped; repeats removed.
 */
export function apiPathPatterns(routeKeys: readonly string[]): string[] {
  const patterns = routeKeys.map((key) => (key === DEFAULT_ROUTE_KEY ? "/*" : routePath(key).replace(/\{[^}]+\}/g, "*")));
  return [...new Set(patterns)];
}

/**
 * Whether some request path matches both ALB-style patterns ("*" any text, "?" one character),
 * e.g. "/api/*" and "/api/v2/*" do, "/api/*" and "/web/*" do not.
 */
export function pathPatternsOverlap(a: string, b: string): boolean {
  const memo = new Map<number, boolean>();
  const overlap = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const result = overlapFrom(a, b, i, j, overlap);
    memo.set(key, result);
    return result;
  };
  return overlap(0, 0);
}

/** One step of `pathPatternsOverlap`: a "*" matches nothing or swallows the other's next token. */
function overlapFrom(a: string, b: string, i: number, j: number, overlap: (i: number, j: number) => boolean): boolean {
  if (i === a.length && j === b.length) return true;
  if (a[i] === "*") return overlap(i + 1, j) || (j < b.length && overlap(i, j + 1));
  if (b[j] === "*") return overlap(i, j + 1) || (i < a.length && overlap(i + 1, j));
  if (i === a.length || j === b.length) return false;
  return (a[i] === b[j] || a[i] === "?" || b[j] === "?") && overlap(i + 1, j + 1);
}

/**
 * The first route key whose path a load balancer path pattern also claims, with that pattern:
 * how to refuse a service path claimed by both the API and a public load balancer.
 */
export function firstPathOverlap(routeKeys: readonly string[], pathPatterns: readonly string[]): readonly [string, string] | undefined {
  for (const key of routeKeys) {
    const [apiPattern] = apiPathPatterns([key]);
    const pattern = pathPatterns.find((candidate) => pathPatternsOverlap(apiPattern, candidate));
    if (pattern !== undefined) return [key, pattern];
  }
  return undefined;
}
