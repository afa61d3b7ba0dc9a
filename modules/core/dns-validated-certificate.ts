import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import { REPLACED_BEFORE_DESTROY } from "./replaceable";

/** What a `DnsValidatedCertificate` creates (for capability declarations): public certificates and their records cost nothing. */
export const CERTIFICATE_RESOURCES = {
  priced: [],
  free: ["aws_acm_certificate", "aws_acm_certificate_validation", "aws_route53_record"],
} as const;
export interface DnsValidatedCertificateProps {
  /** The name the certificate is for. No default. */
  readonly domainName: string;
  /** Route 53 hosted zone of the names, for the validation records. No default. */
  readonly hostedZoneId: string;
  /** Further names on the certificate. Default: none. */
  readonly subjectAlternativeNames?: readonly string[];
  /**
   * Region of the certificate, when not the stack's: us-east-1 for CloudFront, the only region it
   * reads certificates from. Route 53 is global, so the records need none. Default: the stack's.
   */
  readonly region?: string;
  /**
   * Key algorithm. Default: "EC_prime256v1" (smaller, faster handshakes; the load balancer and
   * CloudFront take it). API Gateway custom domains ask for "RSA_2048".
   */
  readonly keyAlgorithm?: "EC_prime256v1" | "RSA_2048";
}

/** An ACM certificate validated through DNS records in a Route 53 hosted zone. */
export class DnsValidatedCertificate extends Construct {
  /** ARN of the certificate once validated, so whatever uses it waits for validation. */
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    const names = props.subjectAlternativeNames ?? [];
    const certificate = new AcmCertificate(this, "certificate", {
      region: props.region,
      domainName: props.domainName,
      subjectAlternativeNames: names.length > 0 ? [...names] : undefined,
      validationMethod: "DNS",
      keyAlgorithm: props.keyAlgorithm ?? "EC_prime256v1",
      // A replacement certificate must exist before listeners (or a distribution) let go of the old one.
      lifecycle: REPLACED_BEFORE_DESTROY,
    });
    // One record per distinct domain; keyed by domain name so adding a SAN never moves the others.
    const validationOptions = TerraformIterator.fromComplexList(certificate.domainValidationOptions, "domain_name");
    const records = new Route53Record(this, "validation-record", {
      forEach: validationOptions,
      zoneId: props.hostedZoneId,
      name: validationOptions.getString("resource_record_name"),
      type: validationOptions.getString("resource_record_type"),
      records: [validationOptions.getString("resource_record_value")],
      ttl: 60,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "validation", {
      region: props.region,
      certificateArn: certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty("fqdn")),
    });
    this.certificateArn = validation.certificateArn;
  }
}
