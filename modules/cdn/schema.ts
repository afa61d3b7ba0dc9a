/** The static frontend: a private S3 bucket behind a CloudFront distribution, optionally with the API on the same domain. */
import { bool, certificateRegion, DNS_NAME_PATTERN, HOSTED_ZONE_PATTERN, listOf, matching, oneOf, Problems, renamedTo, strict, textWhere, whole, z } from "../core/schema";
import { Tier } from "../core/tiers";
import { webAclSchema } from "../waf/schema";

/** CloudFront reads certificates (and CLOUDFRONT-scope web ACLs, its metrics and log deliveries) only in this region. */
export const EDGE_REGION = "us-east-1";

/** Which edge locations serve the distribution: 100 = North America and Europe, 200 adds most of Asia, All is every location. */
export const PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;

/**
 * A strict policy for a single-page app served with its API from one origin: everything from the
 * site itself, images also as data: URLs, inline styles (most CSS-in-JS needs them), no framing.
 */
export const DEFAULT_CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'";

/** The longest Content-Security-Policy a CloudFront response headers policy accepts. */
const MAX_CSP_LENGTH = 1783;
/** A distribution has at most 25 cache behaviours by default; one is the bucket's. */
const MAX_API_PATH_PATTERNS = 20;
const OBJECT_KEY_PATTERN = /^[A-Za-z0-9._-][A-Za-z0-9._/-]{0,254}$/;
const PATH_PATTERN = /^\/[A-Za-z0-9_.*$/~"'@:+-]{1,254}$/;

export const FRONTEND_PUBLIC_ACCESS_REFUSED =
  "the field left out: the frontend bucket stays private; CloudFront reads it through Origin Access Control";

/** A CloudFront path pattern that does not take every path (the bucket's behaviour does that). */
const apiPathPattern = textWhere(
  (pattern) => PATH_PATTERN.test(pattern) && pattern !== "/*",
  "a CloudFront path pattern starting with '/', e.g. /api/* (not /*, which would hide the bucket)",
);

/** The domain the distribution answers on, instead of its *.cloudfront.net name. */
export const frontendDomainSchema = strict({
  /** Domain the frontend is served on, e.g. "app.example.com"; the distribution's alias. No default. */
  domainName: matching(DNS_NAME_PATTERN, "a lowercase DNS name such as app.example.com"),
  /**
   * Route 53 hosted zone that holds `domainName`: A and AAAA alias records are created in it, and
   * the certificate's validation records when no `certificateArn` is given. Default: none (then
   * `certificateArn` is required and DNS is managed elsewhere).
   */
  hostedZoneId: matching(HOSTED_ZONE_PATTERN, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ").optional(),
  /**
   * An existing ACM certificate for `domainName`, in us-east-1 (the only region CloudFront reads
   * certificates from). Default: none, which means a certificate is requested in us-east-1 and
   * validated through `hostedZoneId`.
   */
  certificateArn: textWhere(
    (arn) => certificateRegion(arn) === EDGE_REGION,
    `an ACM certificate ARN in ${EDGE_REGION}, arn:aws:acm:${EDGE_REGION}:<account>:certificate/<id> (CloudFront only uses certificates from ${EDGE_REGION})`,
  ).optional(),
}).superRefine((domain, context) => {
  new Problems(context).check(
    domain.hostedZoneId !== undefined || domain.certificateArn !== undefined,
    "hostedZoneId",
    `a Route 53 hosted zone id to validate a new certificate in (or a certificateArn in ${EDGE_REGION})`,
  );
});

/** The API on the frontend's domain: some paths go to the environment's load balancer, uncached. */
export const frontendApiSchema = strict({
  /** Paths routed to the load balancer, in order of precedence. Default: ["/api/*"]. */
  pathPatterns: listOf(apiPathPattern)
    .min(1)
    .max(MAX_API_PATH_PATTERNS)
    .refine((patterns) => new Set(patterns).size === patterns.length, { error: "path patterns without duplicates" })
    .default(["/api/*"]),
});

export const frontendSchema = strict({
  /**
   * Single-page app: paths that are not files (deep links such as /orders/42) get the default root
   * object with status 200. Default: true.
   */
  spa: bool().default(true),
  /** Object served for "/" (and, with `spa`, for every route). Default: "index.html". */
  defaultRootObject: matching(OBJECT_KEY_PATTERN, "an object key without a leading '/', e.g. index.html").default("index.html"),
  /**
   * Content-Security-Policy header of every static response. Default: DEFAULT_CONTENT_SECURITY_POLICY,
   * "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self';
   * connect-src 'self'; frame-ancestors 'none'; base-uri 'self'".
   */
  contentSecurityPolicy: textWhere(
    (policy) => policy.trim().length > 0 && policy.length <= MAX_CSP_LENGTH && !/[\r\n]/.test(policy),
    `a Content-Security-Policy of 1 to ${MAX_CSP_LENGTH} characters on one line`,
  ).default(DEFAULT_CONTENT_SECURITY_POLICY),
  /** Edge locations that serve the frontend, one of PRICE_CLASSES. Default: per tier (see `platform/tiers.ts`). */
  priceClass: oneOf(PRICE_CLASSES),
  /** Serve on a domain of your own with a certificate. Default: none (the *.cloudfront.net name and its certificate). */
  domain: frontendDomainSchema.optional(),
  /** Route API paths to the environment's load balancer. Default: none (static files only). */
  api: frontendApiSchema.optional(),
  /** A WAF web ACL (scope CLOUDFRONT, in us-east-1) in front of the distribution; `enabled` per tier (see `platform/tiers.ts`). */
  waf: webAclSchema,
  /** Days to keep CloudFront access logs in their S3 bucket. Default: per tier (see `platform/tiers.ts`). */
  logRetentionInDays: whole(1, 3650, "a whole number of days"),
  /** Renamed: `logRetentionInDays`. */
  logRetentionDays: renamedTo("logRetentionInDays"),
  /** Thresholds of the distribution's alarms. */
  alarms: strict({
    /** Share of requests answered with 5xx, percent, averaged over each of 5 minutes in a row. Default: 5. */
    error5xxPercent: z.number({ error: "a percentage from 0.1 to 100" }).min(0.1).max(100).default(5),
  }).prefault({}),
  /**
   * Never set. The field exists only to refuse a public bucket clearly: the frontend bucket stays
   * private and CloudFront reads it through Origin Access Control. Default: none.
   */
  publicAccess: z.never({ error: FRONTEND_PUBLIC_ACCESS_REFUSED }).optional(),
});

export type FrontendInput = z.input<typeof frontendSchema>;
export type FrontendConfig = z.output<typeof frontendSchema>;
export type FrontendDomainConfig = z.output<typeof frontendDomainSchema>;
export type FrontendApiConfig = z.output<typeof frontendApiSchema>;

/** What the frontend needs to know of the environment's load balancer to validate `api` against it. */
export interface FrontendLoadBalancerFacts {
  /** There is a load balancer at all. */
  readonly present: boolean;
  /** The load balancer sits in private subnets, unreachable from the internet. */
  readonly internal: boolean;
  /** It has an HTTPS listener (a certificate). */
  readonly https: boolean;
  /** Its certificate's domain name, when the config gives one. */
  readonly domainName?: string;
  /** The environment's tier: production's hop from CloudFront to the load balancer is HTTPS. */
  readonly tier: Tier;
}

/**
 * Rules between `frontend.api` and the load balancer (a cross-capability rule for `platform/schema.ts`):
 * CloudFront reaches the API through a VPC origin, which needs an internal load balancer (an
 * internet-facing one would be a way around the distribution and its web ACL; guarding it with a
 * shared secret header would put that secret in the state), and, over HTTPS, a name on its
 * certificate to verify.
 */
export function checkFrontendLoadBalancer(frontend: FrontendConfig, loadBalancer: FrontendLoadBalancerFacts, problems: Problems): void {
  if (!frontend.api) return;
  problems.check(
    loadBalancer.present && loadBalancer.internal,
    "api",
    "no api, or an internal loadBalancer (internal: true) for CloudFront's VPC origin: the API paths go to it",
  );
  problems.check(
    !loadBalancer.https || loadBalancer.domainName !== undefined,
    "api",
    "no api, or a loadBalancer.certificate with domainName: CloudFront verifies the load balancer's certificate against that name",
  );
  // Viewers' requests, cookies and tokens cross the VPC origin's hop in the clear without it.
  problems.check(
    loadBalancer.tier !== "production" || !loadBalancer.present || loadBalancer.https,
    "api",
    "no api, or in production a loadBalancer.certificate (domainName and hostedZoneId): CloudFront reaches the load balancer over HTTPS only",
  );
}
