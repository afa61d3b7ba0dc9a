/**
 * CloudFront's managed policies, by the ids AWS publishes for them (the same in every account; see
 * "Use managed cache policies" and "Use managed origin request policies" in the CloudFront guide).
 */

/** CachingOptimized: long TTLs, no cookies, headers or query strings in the cache key; gzip and Brotli. */
export const CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/** CachingDisabled: every request goes to the origin. */
export const CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

/**
 * AllViewerExceptHostHeader: every viewer header (WebSocket's Upgrade and Sec-WebSocket-* included),
 * cookie and query string reaches the origin; Host is the origin's own name.
 */
export const ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
