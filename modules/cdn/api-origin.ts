import { CloudfrontDistributionOrderedCacheBehavior, CloudfrontDistributionOrigin } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontVpcOrigin } from "@cdktf/provider-aws/lib/cloudfront-vpc-origin";
import { DataAwsSecurityGroup } from "@cdktf/provider-aws/lib/data-aws-security-group";
import { DataResource, TerraformResourceLifecycle } from "cdktf";
import { Construct } from "constructs";
import { allowTcpIngress } from "../core/connect";
import { awsName } from "../core/naming";
import { ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID, CACHING_DISABLED_POLICY_ID } from "./managed-policies";
import { FrontendApiConfig } from "./schema";

/** Origin id of the load balancer in the distribution. */
export const API_ORIGIN_ID = "api";
const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
/** A CloudFront VPC origin's name: at most 64 characters. */
const VPC_ORIGIN_NAME_LIMIT = 64;

/** The environment's load balancer, as the frontend's API origin. */
export interface LoadBalancerOrigin {
  /** ARN of the load balancer; the VPC origin's endpoint. No default. */
  readonly loadBalancerArn: string;
  /**
   * The name CloudFront connects to and sends as Host. With `httpsToOrigin`, a name on the load
   * balancer's certificate (its domain name): CloudFront checks the origin's certificate against
   * it, and the *.elb.amazonaws.com name is on no certificate. No default.
   */
  readonly loadBalancerDnsName: string;
  /** CloudFront talks HTTPS to the load balancer (port 443) rather than HTTP (port 80). No default. */
  readonly httpsToOrigin: boolean;
  /** The load balancer's security group, which admits CloudFront's VPC origin. No default. */
  readonly securityGroupId: string;
  /** The load balancer's VPC, where CloudFront keeps the VPC origin's security group. No default. */
  readonly vpcId: string;
}

/**
 * The security group CloudFront creates in a VPC with its first VPC origin and puts on the network
 * interfaces it reaches origins through (one per VPC, managed by CloudFront: never edited here).
 * Requests from a VPC origin come from those interfaces, inside the VPC, so the load balancer
 * admits that group and nothing else: the origin-facing managed prefix list
 * (com.amazonaws.global.cloudfront.origin-facing) holds CloudFront's public addresses, for
 * internet-facing origins, and a VPC CIDR rule would admit every task in the VPC around the
 * distribution and its web ACL. terraform-provider-aws#40683 (the group, looked up by name and VPC
 * once the VPC origin exists); AWS, "Restrict access with VPC origins"
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html).
 */
export const VPC_ORIGIN_SECURITY_GROUP_NAME = "CloudFront-VPCOrigins-Service-SG";

export interface ApiOriginProps extends FrontendApiConfig {
  readonly namePrefix: string;
  readonly loadBalancer: LoadBalancerOrigin;
}

/**
 * The load balancer as an origin of the distribution, reached through a CloudFront VPC origin (the
 * load balancer is internal: no way in from the internet but the distribution and its web ACL, or
 * API Gateway routes the config adds), and one uncached behaviour per API path: every method,
 * every viewer header (WebSocket upgrades included), cookie and query string reaches the load
 * balancer, Host excepted.
 */
export class ApiOrigin extends Construct {
  readonly origin: CloudfrontDistributionOrigin;
  readonly behaviours: CloudfrontDistributionOrderedCacheBehavior[];

  constructor(scope: Construct, id: string, props: ApiOriginProps) {
    super(scope, id);
    const endpoint = {
      name: awsName([props.namePrefix, "alb"], VPC_ORIGIN_NAME_LIMIT),
      arn: props.loadBalancer.loadBalancerArn,
      httpPort: 80,
      httpsPort: 443,
      originProtocolPolicy: protocolPolicy(props.loadBalancer),
      originSslProtocols: [{ items: ["TLSv1.2"], quantity: 1 }],
    };
    const vpcOrigin = new CloudfrontVpcOrigin(this, "vpc-origin", {
      vpcOriginEndpointConfig: [endpoint],
      lifecycle: immutableWhileInUse(new DataResource(this, "vpc-origin-config", { triggersReplace: endpoint })),
    });
    this.origin = {
      originId: API_ORIGIN_ID,
      domainName: props.loadBalancer.loadBalancerDnsName,
      vpcOriginConfig: { vpcOriginId: vpcOrigin.id },
    };
    this.behaviours = props.pathPatterns.map(behaviour);
    this.admitVpcOrigin(vpcOrigin, props.loadBalancer);
  }

  /**
   * The load balancer admits CloudFront's VPC-origin group on the port the VPC origin speaks. The
   * group exists only once a VPC origin is deployed in the VPC, so its lookup waits for ours.
   */
  private admitVpcOrigin(vpcOrigin: CloudfrontVpcOrigin, loadBalancer: LoadBalancerOrigin): void {
    const cloudFront = new DataAwsSecurityGroup(this, "vpc-origin-security-group", {
      name: VPC_ORIGIN_SECURITY_GROUP_NAME,
      vpcId: loadBalancer.vpcId,
      dependsOn: [vpcOrigin],
    });
    const port = loadBalancer.httpsToOrigin ? 443 : 80;
    allowTcpIngress(this, "ingress-from-vpc-origin", loadBalancer.securityGroupId, {
      description: `HTTP${loadBalancer.httpsToOrigin ? "S" : ""} from CloudFront's VPC origin`,
      fromPort: port,
      referencedSecurityGroupId: cloudFront.id,
    });
  }
}

/**
 * CloudFront refuses to update a VPC origin a distribution uses (CannotUpdateEntityWhileInUse,
 * even for a tag: terraform-provider-aws#40905, aws-cdk#35765), and replacing the load balancer or
 * adding its certificate are such updates. So the VPC origin is never updated: a change to its
 * configuration (held by a terraform_data) replaces it, the new one first, the distribution moves
 * to it, and the old one, no longer in use, is deleted. PLAT-APPLY-1 requires this of every VPC origin.
 */
function immutableWhileInUse(config: DataResource): TerraformResourceLifecycle {
  return { createBeforeDestroy: true, replaceTriggeredBy: [config], ignoreChanges: "all" };
}

function protocolPolicy(loadBalancer: LoadBalancerOrigin): string {
  return loadBalancer.httpsToOrigin ? "https-only" : "http-only";
}

function behaviour(pathPattern: string): CloudfrontDistributionOrderedCacheBehavior {
  return {
    pathPattern,
    targetOriginId: API_ORIGIN_ID,
    allowedMethods: ALL_METHODS,
    cachedMethods: ["GET", "HEAD"],
    cachePolicyId: CACHING_DISABLED_POLICY_ID,
    originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
    // Responses pass through as the application wrote them (and streams are not held back).
    compress: false,
    viewerProtocolPolicy: "redirect-to-https",
  };
}
