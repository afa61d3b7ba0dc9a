import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Annotations, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { allowTcpIngress, NetworkPeer, securityGroup } from "../core/connect";
import { awsName, NAME_LIMITS } from "../core/naming";
import { LOG_NONCURRENT_VERSION_DAYS, SecureBucket } from "../core/secure-bucket";
import { DnsValidatedCertificate } from "../core/dns-validated-certificate";
import { elbLogDeliveryStatements } from "./elb-log-delivery";
import { Monitor } from "../monitoring/alarm";
import { WebAcl } from "../waf/web-acl";
import { watchLoadBalancer } from "./load-balancer-alarms";
import { LoadBalancerConfig } from "./schema";
const HSTS_ONE_YEAR = "max-age=31536000; includeSubDomains";

export interface ApplicationLoadBalancerProps extends LoadBalancerConfig {
  readonly context: AwsContext;
  /** VPC of the load balancer's security group. No default. */
  readonly vpcId: string;
  /** Subnets, one per AZ: the public ones, or the private ones for an internal load balancer. No default. */
  readonly subnetIds: readonly string[];
  /** The environment's key for the WAF request logs. No default. */
  readonly logsKeyArn: string;
  /** Where the load balancer's alarms and dashboard tiles go. No default. */
  readonly monitor: Monitor;
  /** Let `terraform destroy` delete the access-log bucket with its logs. Default: false. */
  readonly forceDestroy?: boolean;
}

/**
 * The internet-facing ALB in front of every service of an environment. Answers 404 unless a
 * service's listener rule matches; HTTPS with TLS 1.3 and an HTTP redirect when a certificate is
 * configured, plain HTTP (with a synth warning) when not.
 */
export class ApplicationLoadBalancer extends Construct implements NetworkPeer {
  readonly scope: Construct = this;
  readonly peerName = "alb";
  readonly peerLabel = "the load balancer";
  readonly loadBalancer: Lb;
  readonly securityGroupId: string;
  /** The listener services attach their rules to: HTTPS when there is a certificate. */
  readonly listener: LbListener;
  readonly https: boolean;
  /** The name the load balancer answers to and its certificate names, when the config gives one. */
  readonly domainName?: string;
  private readonly props: ApplicationLoadBalancerProps;
  private readonly certificate?: string;
  private test?: LbListener;

  constructor(scope: Construct, id: string, props: ApplicationLoadBalancerProps) {
    super(scope, id);
    this.props = props;
    const { namePrefix } = props.context;
    const certificateArn = this.certificateArn(props);
    this.certificate = certificateArn;
    this.https = certificateArn !== undefined;
    this.domainName = props.certificate && "domainName" in props.certificate ? props.certificate.domainName : undefined;
    this.securityGroupId = this.createSecurityGroup(props);
    const accessLogs = new SecureBucket(this, "access-logs", {
      bucketPrefix: `${awsName([namePrefix, "alb-logs"], NAME_LIMITS.bucketPrefix - 1)}-`,
      // ALB access logs can only be written to buckets encrypted with SSE-S3.
      sseAlgorithm: "AES256",
      expirationDays: props.accessLogRetentionInDays,
      // Versioned, so a deleted log stays recoverable for a while: evidence outlives a cleanup.
      versioning: true,
      noncurrentVersionExpirationDays: LOG_NONCURRENT_VERSION_DAYS,
      forceDestroy: props.forceDestroy,
      policyStatements: (bucketArn) => elbLogDeliveryStatements(this, props.context, bucketArn),
    });
    this.loadBalancer = new Lb(this, "alb", {
      name: awsName([namePrefix], NAME_LIMITS.loadBalancer),
      loadBalancerType: "application",
      internal: props.internal,
      subnets: [...props.subnetIds],
      securityGroups: [this.securityGroupId],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "defensive",
      enableDeletionProtection: props.deletionProtection,
      idleTimeout: props.idleTimeout,
      accessLogs: { bucket: accessLogs.bucket.id, enabled: true },
      // The first log delivery checks the bucket policy.
      dependsOn: [accessLogs.policy],
    });
    this.listener = certificateArn ? this.createHttpsListeners(certificateArn, props) : this.createHttpListener();
    // A web ACL guards what the internet reaches; an internal load balancer is reached through a front door that has its own.
    if (props.waf.enabled && !props.internal) {
      new WebAcl(this, "waf", {
        ...props.waf,
        name: `${namePrefix}-alb`,
        scope: "REGIONAL",
        logsKeyArn: props.logsKeyArn,
        protectedResourceArns: [this.loadBalancer.arn],
      });
    }
    this.createAliasRecord(props);
    watchLoadBalancer(props.monitor, this, this.loadBalancer.arnSuffix, props);
    new TerraformOutput(this, "alb_dns_name", { value: this.loadBalancer.dnsName, staticId: true });
    new TerraformOutput(this, "alb_url", {
      value: `${this.https ? "https" : "http"}://${this.domainName ?? this.loadBalancer.dnsName}`,
      staticId: true,
    });
  }

  /**
   * The test listener of blue/green, canary and linear deployments, created on first use: ECS
   * points its rules at the new revision while production traffic still reaches the old one.
   * Same protocol and certificate as production, answering 404 unless a rule matches, open only
   * to `testListener.ingressCidrBlocks`.
   */
  testListener(): LbListener {
    if (this.test) return this.test;
    const { port, ingressCidrBlocks } = this.props.testListener;
    ingressCidrBlocks.forEach((cidr, index) =>
      allowTcpIngress(this, `ingress-test-${index}`, this.securityGroupId, {
        description: `Deployment test traffic from ${cidr}`,
        fromPort: port,
        cidrIpv4: cidr,
      }),
    );
    this.test = new LbListener(this, "test", {
      loadBalancerArn: this.loadBalancer.arn,
      port,
      protocol: this.https ? "HTTPS" : "HTTP",
      sslPolicy: this.https ? this.props.sslPolicy : undefined,
      certificateArn: this.certificate,
      defaultAction: [notFound()],
    });
    return this.test;
  }

  private certificateArn(props: ApplicationLoadBalancerProps): string | undefined {
    const certificate = props.certificate;
    if (!certificate) {
      Annotations.of(this).addWarning(
        `${props.context.namePrefix}: the load balancer serves plain HTTP because loadBalancer.certificate is not set; ` +
          "set a certificateArn or a domainName with hostedZoneId to serve HTTPS.",
      );
      return undefined;
    }
    if ("certificateArn" in certificate) return certificate.certificateArn;
    return new DnsValidatedCertificate(this, "certificate", certificate).certificateArn;
  }

  private createSecurityGroup(props: ApplicationLoadBalancerProps): string {
    const group = securityGroup(this, "security-group", {
      name: `${props.context.namePrefix}-alb`,
      description: "Internet-facing load balancer: HTTP(S) in, service ports out",
      vpcId: props.vpcId,
    });
    const ports = props.certificate ? [80, 443] : [80];
    const ipv4 = props.ingressCidrBlocks;
    const ipv6 = props.ingressIpv6CidrBlocks;
    for (const port of ports) {
      ipv4.forEach((cidr, index) =>
        allowTcpIngress(this, `ingress-${port}-ipv4-${index}`, group.id, {
          description: `HTTP${port === 443 ? "S" : ""} from ${cidr}`,
          fromPort: port,
          cidrIpv4: cidr,
        }),
      );
      ipv6.forEach((cidr, index) =>
        allowTcpIngress(this, `ingress-${port}-ipv6-${index}`, group.id, {
          description: `HTTP${port === 443 ? "S" : ""} from ${cidr}`,
          fromPort: port,
          cidrIpv6: cidr,
        }),
      );
    }
    return group.id;
  }

  private createHttpsListeners(certificateArn: string, props: ApplicationLoadBalancerProps): LbListener {
    new LbListener(this, "http-redirect", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }],
    });
    return new LbListener(this, "https", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: props.sslPolicy,
      certificateArn,
      routingHttpResponseStrictTransportSecurityHeaderValue: HSTS_ONE_YEAR,
      defaultAction: [notFound()],
    });
  }

  private createHttpListener(): LbListener {
    return new LbListener(this, "http", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [notFound()],
    });
  }

  /**
   * The A alias of the load balancer's domain name. An internet-facing one's goes into the given
   * (public) zone. An internal one's name resolves to private addresses and is for the VPC alone:
   * its alias goes into a private hosted zone of that one name, associated with the VPC, so the
   * public zone holds only the certificate's validation record. CloudFront's VPC origin and API
   * Gateway's VPC link reach the load balancer by ARN (the VPC origin's endpoint ARN, the
   * integration's listener ARN) and use the name only to verify its certificate.
   */
  private createAliasRecord(props: ApplicationLoadBalancerProps): void {
    const certificate = props.certificate;
    if (!certificate || !("hostedZoneId" in certificate)) return;
    const zoneId = props.internal
      ? new Route53Zone(this, "private-zone", {
          name: certificate.domainName,
          comment: `The internal load balancer of ${props.context.namePrefix}, for its VPC only`,
          vpc: [{ vpcId: props.vpcId }],
        }).zoneId
      : certificate.hostedZoneId;
    new Route53Record(this, "alias", {
      zoneId,
      name: certificate.domainName,
      type: "A",
      alias: { name: this.loadBalancer.dnsName, zoneId: this.loadBalancer.zoneId, evaluateTargetHealth: true },
    });
  }
}

function notFound() {
  return {
    type: "fixed-response",
    fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not Found" },
  };
}
