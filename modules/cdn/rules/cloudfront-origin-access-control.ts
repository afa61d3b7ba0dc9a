import { block, Finding, isSet, PolicyRule } from "../../core/policy-rule";
import { blocks } from "../../guardrails/rules/storage/helpers";

/** An origin whose domain is an S3 bucket's: a reference to one of the stack's buckets, or an S3 REST endpoint. */
const S3_ORIGIN = /\$\{aws_s3_bucket\.[^.}]+\.bucket(?:_regional)?_domain_name\}|\.s3[.-](?:[a-z0-9-]+\.)?amazonaws\.com$/;

/**
 * PLAT-CF-1: CloudFront reads S3 origins through an origin access control (SigV4), never through a
 * legacy origin access identity or a public bucket. Security Hub CloudFront.13; OAC is what AWS
 * recommends over OAI (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html).
 * The bucket's public access block is PLAT-S3-2's.
 */
export const cloudfrontOriginAccessControl: PolicyRule = {
  id: "PLAT-CF-1",
  description: "CloudFront reaches S3 origins through an origin access control",
  rationale: "Without an origin access control the bucket must be readable by someone other than CloudFront, so its files can be fetched around the CDN, its WAF and its headers.",
  resourceTypes: ["aws_cloudfront_distribution"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "CloudFront.13" },
  check: (distribution) =>
    blocks(distribution.attributes.origin)
      .filter((origin) => S3_ORIGIN.test(String(origin.domain_name ?? "")))
      .flatMap((origin): Finding[] => {
        const legacy = isSet(block(origin.s3_origin_config).origin_access_identity);
        if (isSet(origin.origin_access_control_id) && !legacy) return [];
        return [
          {
            problem: `origin ${JSON.stringify(origin.origin_id)} has ${legacy ? "an origin access identity" : "no origin_access_control_id"}`,
            requirement: "production distributions must read their S3 origins through an origin access control",
            fix: "the platform's frontend does this; an S3 origin made otherwise needs an aws_cloudfront_origin_access_control (signing always, sigv4) and a bucket policy for cloudfront.amazonaws.com with aws:SourceArn",
          },
        ];
      }),
};
