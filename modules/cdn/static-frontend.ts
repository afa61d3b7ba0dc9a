import {
  CloudfrontDistribution,
  CloudfrontDistributionCustomErrorResponse,
  CloudfrontDistributionDefaultCacheBehavior,
  CloudfrontDistributionViewerCertificate,
} from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontFunction } from "@cdktf/provider-aws/lib/cloudfront-function";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Lazy, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { PolicyStatement } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";
import { SecureBucket } from "../core/secure-bucket";
import { Monitor } from "../monitoring/alarm";
import { WebAcl } from "../waf/web-acl";
import { AccessLogs } from "./access-logs";
import { ApiOrigin, LoadBalancerOrigin } from "./api-origin";
import { DnsValidatedCertificate } from "../core/dns-validated-certificate";
import { edgeLogsKeyArn } from "./edge-logs-key";
import { watchDistribution } from "./frontend-alarms";
import { CACHING_OPTIMIZED_POLICY_ID } from "./managed-policies";
import { EDGE_REGION, FrontendConfig, FrontendDomainConfig } from "./schema";

/** The oldest TLS viewers may use with a certificate of our own: TLS 1.2 with modern ciphers only. */
const MINIMUM_VIEWER_TLS = "TLSv1.2_2021";
/** HSTS for a year, subdomains included, eligible for browsers' preload lists. */
const HSTS_MAX_AGE_SECONDS = 31536000;
/** Days an overwritten or deleted file of an earlier deployment stays recoverable. */
const PREVIOUS_DEPLOYMENT_DAYS = 30;
/** Origin id of the bucket in the distribution. */
const BUCKET_ORIGIN_ID = "frontend-bucket";
/** Names of CloudFront policies, origin access controls and functions: at most 64 characters. */
const CLOUDFRONT_NAME_LIMIT = 64;

export interface StaticFrontendProps extends FrontendConfig {
  readonly context: AwsContext;
  /** Where the distribution's alarm and dashboard tiles go. No default. */
  readonly monitor: Monitor;
  /** The environment's key for log groups (the web ACL's request logs, in us-east-1 or through a key there). No default. */
  readonly logsKeyArn: string;
  /** Let `terraform destroy` delete the buckets with their files and logs. Default: false. */
  readonly forceDestroy?: boolean;
  /** The environment's load balancer, required when `api` is set. Default: none. */
  readonly loadBalancer?: LoadBalancerOrigin;
}

/**
 * A static frontend: a private, versioned S3 bucket that only this distribution reads (Origin
 * Access Control), served over HTTP/2 and HTTP/3 with compression, security headers and, for a
 * single-page app, the root object for every route; optionally the API paths on the same domain.
 *
 * The built files are the app pipeline's to upload (see README.md in this folder): it syncs them
 * to `bucketName` and invalidates `distributionId`.
 */
export class StaticFrontend extends Construct {
  readonly bucket: SecureBucket;
  readonly distribution: CloudfrontDistribution;
  /** For the deployment pipeline: `aws s3 sync <build> s3://<bucketName>`. */
  readonly bucketName: string;
  /** For the deployment pipeline: `aws cloudfront create-invalidation --distribution-id <distributionId>`. */
  readonly distributionId: string;
  readonly distributionArn: string;
  /** The name viewers use: the configured domain, else the distribution's *.cloudfront.net name. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: StaticFrontendProps) {
    super(scope, id);
    const { namePrefix } = props.context;
    // The bucket policy names the distribution, which is created after the bucket: resolved at synth.
    let distributionArn = "";
    this.bucket = new SecureBucket(this, "bucket", {
      bucketPrefix: `${awsName([namePrefix, "frontend"], NAME_LIMITS.bucketPrefix - 1)}-`,
      // SSE-S3: with SSE-KMS, Origin Access Control reads objects only if the key policy lets
      // cloudfront.amazonaws.com decrypt; the files are served to anyone, so a customer key would
      // protect nothing that the bucket policy does not.
      sseAlgorithm: "AES256",
      versioning: true,
      noncurrentVersionExpirationDays: PREVIOUS_DEPLOYMENT_DAYS,
      forceDestroy: props.forceDestroy,
      policyStatements: (bucketArn) => [cloudFrontReads(bucketArn, Lazy.stringValue({ produce: () => distributionArn }))],
    });
    const accessLogs = new AccessLogs(this, "access-logs", {
      context: props.context,
      retentionDays: props.logRetentionInDays,
      forceDestroy: props.forceDestroy,
    });
    const api = props.api && new ApiOrigin(this, "api", { ...props.api, namePrefix, loadBalancer: requireLoadBalancer(props) });
    this.distribution = new CloudfrontDistribution(this, "distribution", {
      comment: `${namePrefix} static frontend`,
      enabled: true,
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      priceClass: props.priceClass,
      defaultRootObject: props.defaultRootObject,
      aliases: props.domain ? [props.domain.domainName] : undefined,
      viewerCertificate: this.viewerCertificate(props.domain),
      webAclId: this.webAclArn(props),
      origin: [this.bucketOrigin(namePrefix), ...(api ? [api.origin] : [])],
      defaultCacheBehavior: this.bucketBehaviour(props, api !== undefined),
      orderedCacheBehavior: api?.behaviours,
      customErrorResponse: props.spa && !api ? spaErrorResponses(props.defaultRootObject) : undefined,
      restrictions: { geoRestriction: { restrictionType: "none" } },
    });
    distributionArn = this.distribution.arn;
    accessLogs.deliver(this.distribution.arn);
    this.bucketName = this.bucket.bucket.bucket;
    this.distributionId = this.distribution.id;
    this.distributionArn = this.distribution.arn;
    this.domainName = props.domain?.domainName ?? this.distribution.domainName;
    this.createAliasRecords(props.domain);
    watchDistribution(props.monitor, this, props.context, this.distribution.id, props.alarms);
    this.createOutputs();
  }

  /** What the app pipeline deploys with (see README.md). */
  private createOutputs(): void {
    new TerraformOutput(this, "frontend_bucket_name", { value: this.bucketName, staticId: true });
    new TerraformOutput(this, "frontend_distribution_id", { value: this.distributionId, staticId: true });
    new TerraformOutput(this, "frontend_domain_name", { value: this.domainName, staticId: true });
  }

  private bucketOrigin(namePrefix: string) {
    const accessControl = new CloudfrontOriginAccessControl(this, "origin-access-control", {
      name: awsName([namePrefix, "frontend"], CLOUDFRONT_NAME_LIMIT),
      description: `CloudFront signs every request to the ${namePrefix} frontend bucket`,
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
    return {
      originId: BUCKET_ORIGIN_ID,
      domainName: this.bucket.bucket.bucketRegionalDomainName,
      originAccessControlId: accessControl.id,
    };
  }

  /** Cached, compressed, with the security headers; for an SPA beside an API, routes rewritten to the root object. */
  private bucketBehaviour(props: StaticFrontendProps, hasApi: boolean): CloudfrontDistributionDefaultCacheBehavior {
    return {
      targetOriginId: BUCKET_ORIGIN_ID,
      allowedMethods: ["GET", "HEAD", "OPTIONS"],
      cachedMethods: ["GET", "HEAD"],
      cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
      responseHeadersPolicyId: this.securityHeaders(props).id,
      compress: true,
      viewerProtocolPolicy: "redirect-to-https",
      functionAssociation: props.spa && hasApi ? [{ eventType: "viewer-request", functionArn: this.spaRewrite(props).arn }] : undefined,
    };
  }

  private securityHeaders(props: StaticFrontendProps): CloudfrontResponseHeadersPolicy {
    return new CloudfrontResponseHeadersPolicy(this, "security-headers", {
      name: awsName([props.context.namePrefix, "frontend-security-headers"], CLOUDFRONT_NAME_LIMIT),
      comment: "HSTS, nosniff, no framing, strict referrer and the configured CSP",
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
        contentSecurityPolicy: { contentSecurityPolicy: props.contentSecurityPolicy, override: true },
      },
    });
  }

  /**
   * SPA routing when the distribution also serves the API: custom error responses would apply to
   * every origin, turning the API's 403 and 404 into the app's page with 200, so instead a viewer
   * request function sends every path without a file extension to the root object, on the
   * bucket's behaviour only.
   */
  private spaRewrite(props: StaticFrontendProps): CloudfrontFunction {
    return new CloudfrontFunction(this, "spa-rewrite", {
      name: awsName([props.context.namePrefix, "frontend-spa-rewrite"], CLOUDFRONT_NAME_LIMIT),
      comment: `Routes without a file extension get /${props.defaultRootObject}`,
      runtime: "cloudfront-js-2.0",
      publish: true,
      code: spaRewriteCode(props.defaultRootObject),
    });
  }

  /** Our certificate with SNI and TLS 1.2 (2021 ciphers) at least, or CloudFront's own (whose minimum, TLSv1, cannot be raised). */
  private viewerCertificate(domain: FrontendDomainConfig | undefined): CloudfrontDistributionViewerCertificate {
    if (!domain) return { cloudfrontDefaultCertificate: true };
    return {
      acmCertificateArn: domain.certificateArn ?? this.requestCertificate(domain),
      sslSupportMethod: "sni-only",
      minimumProtocolVersion: MINIMUM_VIEWER_TLS,
    };
  }

  private requestCertificate(domain: FrontendDomainConfig): string {
    if (!domain.hostedZoneId) throw new Error("frontend.domain needs a hostedZoneId or a certificateArn: was the config parsed?");
    return new DnsValidatedCertificate(this, "certificate", { domainName: domain.domainName, hostedZoneId: domain.hostedZoneId, region: EDGE_REGION }).certificateArn;
  }

  private webAclArn(props: StaticFrontendProps): string | undefined {
    if (!props.waf.enabled) return undefined;
    const webAcl = new WebAcl(this, "waf", {
      ...props.waf,
      name: `${props.context.namePrefix}-cdn`,
      scope: "CLOUDFRONT",
      region: EDGE_REGION,
      logsKeyArn: edgeLogsKeyArn(this, props.context, props.logsKeyArn),
    });
    return webAcl.webAcl.arn;
  }

  private createAliasRecords(domain: FrontendDomainConfig | undefined): void {
    if (!domain?.hostedZoneId) return;
    for (const type of ["A", "AAAA"]) {
      new Route53Record(this, `alias-${type.toLowerCase()}`, {
        zoneId: domain.hostedZoneId,
        name: domain.domainName,
        type,
        alias: { name: this.distribution.domainName, zoneId: this.distribution.hostedZoneId, evaluateTargetHealth: false },
      });
    }
  }
}

/** Only CloudFront, and only for this distribution, reads the files. */
function cloudFrontReads(bucketArn: string, distributionArn: string): PolicyStatement {
  return {
    sid: "CloudFrontReadsThroughOriginAccessControl",
    actions: ["s3:GetObject"],
    resources: [`${bucketArn}/*`],
    principals: [{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }],
    conditions: [{ test: "StringEquals", variable: "AWS:SourceArn", values: [distributionArn] }],
  };
}

/**
 * Deep links of a single-page app: S3 answers 403 for a key that does not exist (CloudFront may
 * not list the bucket) and 404 would be the other answer; both become the root object with 200.
 */
function spaErrorResponses(defaultRootObject: string): CloudfrontDistributionCustomErrorResponse[] {
  return [403, 404].map((errorCode) => ({ errorCode, responseCode: 200, responsePagePath: `/${defaultRootObject}` }));
}

/** CloudFront Functions JavaScript: a path whose last segment has no "." is an app route. */
function spaRewriteCode(defaultRootObject: string): string {
  return [
    "function handler(event) {",
    "  var request = event.request;",
    '  var last = request.uri.split("/").pop();',
    `  if (last.indexOf(".") === -1) request.uri = ${JSON.stringify(`/${defaultRootObject}`)};`,
    "  return request;",
    "}",
  ].join("\n");
}

function requireLoadBalancer(props: StaticFrontendProps): LoadBalancerOrigin {
  if (!props.loadBalancer) throw new Error("frontend.api needs the environment's load balancer: pass loadBalancer to StaticFrontend");
  return props.loadBalancer;
}
