import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import { EDGE_REGION } from "./schema";

export interface EdgeCertificateProps {
  /** The name the certificate is for. No default. */
  readonly domainName: string;
  /** Route 53 hosted zone of `domainName`, for the validation records. No default. */
  readonly hostedZoneId: string;
}

/** An ACM certificate in us-east-1, where CloudFront reads certificates, validated through Route 53. */
export class EdgeCertificate extends Construct {
  /** ARN of the certificate once validated, so the distribution waits for validation. */
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: EdgeCertificateProps) {
    super(scope, id);
    const certificate = new AcmCertificate(this, "certificate", {
      region: EDGE_REGION,
      domainName: props.domainName,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      // A replacement certificate must exist before the distribution lets go of the old one.
      lifecycle: { createBeforeDestroy: true },
    });
    // Route 53 is global: the records need no region.
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
      region: EDGE_REGION,
      certificateArn: certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty("fqdn")),
    });
    this.certificateArn = validation.certificateArn;
  }
}
