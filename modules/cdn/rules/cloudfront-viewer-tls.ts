import { block, configField, Finding, isTrue, PolicyRule, ResourceView, show } from "../../core/policy-rule";
import { blocks } from "../../guardrails/rules/storage/helpers";

/** CloudFront's security policies with TLS 1.2 or later at the least (TLSv1.2_2021 is the one AWS recommends). */
const TLS12_POLICIES = ["TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];
const HTTPS_POLICIES = ["redirect-to-https", "https-only"];

/**
 * PLAT-CF-2: viewers reach the distribution over HTTPS only, with TLS 1.2 at the least. Every cache
 * behaviour redirects or refuses plain HTTP (Security Hub CloudFront.3), and the distribution uses
 * its own certificate (CloudFront.7), since CloudFront's *.cloudfront.net certificate keeps TLSv1 as
 * its minimum, which cannot be raised, with a TLSv1.2 security policy (CloudFront.15, AWS Config
 * cloudfront-security-policy-check; https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html).
 */
export const cloudfrontViewerTls: PolicyRule = {
  id: "PLAT-CF-2",
  description: "CloudFront serves viewers over HTTPS only, with TLS 1.2 or later and its own certificate",
  rationale: "Plain HTTP or TLS 1.0/1.1 lets anyone on the path read or alter pages, cookies and tokens, and downgrade the connection.",
  resourceTypes: ["aws_cloudfront_distribution"],
  errorIn: ["production"],
  warnIn: ["staging", "development"],
  controls: { securityHub: "CloudFront.3, CloudFront.7, CloudFront.15", checkov: "CKV_AWS_174", cdkNag: "AwsSolutions-CFR4" },
  check: (distribution) => [...behaviourFindings(distribution), ...certificateFindings(distribution)],
};

function behaviourFindings(distribution: ResourceView): readonly Finding[] {
  const behaviours = [block(distribution.attributes.default_cache_behavior), ...blocks(distribution.attributes.ordered_cache_behavior)];
  return behaviours
    .filter((behaviour) => !HTTPS_POLICIES.includes(String(behaviour.viewer_protocol_policy)))
    .map((behaviour) => ({
      problem: `the cache behaviour for ${show(behaviour.path_pattern ?? "*")} has viewer_protocol_policy ${show(behaviour.viewer_protocol_policy)}`,
      requirement: "production distributions must serve viewers over HTTPS only",
      fix: 'set viewer_protocol_policy to "redirect-to-https", as the platform\'s frontend does',
    }));
}

function certificateFindings(distribution: ResourceView): readonly Finding[] {
  const certificate = block(distribution.attributes.viewer_certificate);
  const field = configField(distribution, "frontend", "domain");
  if (isTrue(certificate.cloudfront_default_certificate)) {
    return [
      {
        problem: "viewer_certificate is CloudFront's default certificate, whose minimum protocol is TLSv1",
        requirement: "production distributions must serve their own certificate with TLS 1.2 or later",
        fix: `set ${field} (a domain name with a hosted zone or certificate); the platform then requires TLSv1.2_2021`,
        field,
      },
    ];
  }
  if (TLS12_POLICIES.includes(String(certificate.minimum_protocol_version))) return [];
  return [
    {
      problem: `viewer_certificate.minimum_protocol_version is ${show(certificate.minimum_protocol_version)}`,
      requirement: "production distributions must require TLS 1.2 or later",
      fix: 'set minimum_protocol_version to "TLSv1.2_2021" or later, as the platform\'s frontend does',
    },
  ];
}
