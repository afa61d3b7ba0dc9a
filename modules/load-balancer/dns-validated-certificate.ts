import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import { DnsValidatedCertificateConfig } from "./schema";

export type DnsValidatedCertificateProps = DnsValidatedCertificateConfig;

/** An ACM certificate validated through DNS records in a Route 53 hosted zone. */
export class DnsValidatedCertificate extends Construct {
  /** ARN of the certificate once validated, so listeners wait for validation. */
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    const certificate = new AcmCertificate(this, "certificate", {
      domainName: props.domainName,
      subjectAlternativeNames: props.subjectAlternativeNames.length > 0 ? [...props.subjectAlternativeNames] : undefined,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      // A replacement certificate must exist before listeners let go of the old one.
      lifecycle: { createBeforeDestroy: true },
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
      certificateArn: certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty("fqdn")),
    });
    this.certificateArn = validation.certificateArn;
  }
}
