import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { allowTcpIngress, securityGroup } from "../core/connect";

/** Services reached through gateway endpoints: free, and S3 also serves ECR's image layers. */
export const GATEWAY_ENDPOINT_SERVICES = ["s3", "dynamodb"] as const;
/** What a Fargate task needs to start without NAT: pull from ECR, write logs, read secrets. */
export const INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"] as const;

export interface VpcEndpointsProps {
  readonly context: AwsContext;
  readonly vpcId: string;
  /** CIDR of the VPC, the only source allowed to reach interface endpoints. No default. */
  readonly vpcCidr: string;
  /** Create S3 and DynamoDB gateway endpoints. */
  readonly gateway: boolean;
  /** Route tables that route to the gateway endpoints. Default: none. */
  readonly gatewayRouteTableIds?: readonly string[];
  /** Create ECR, CloudWatch Logs and Secrets Manager interface endpoints. */
  readonly interface: boolean;
  /** Subnets of the interface endpoints, at most one per AZ. Default: none. */
  readonly interfaceSubnetIds?: readonly string[];
}

/**
 * VPC endpoints, so that AWS API traffic stays inside the VPC: gateway endpoints on the given
 * route tables, and interface endpoints with private DNS behind a security group that admits
 * HTTPS from the VPC alone.
 */
export class VpcEndpoints extends Construct {
  /** Endpoints by service, e.g. "s3" or "ecr.api". */
  readonly endpoints: ReadonlyMap<string, VpcEndpoint>;
  /** Security group of the interface endpoints, when there are any. */
  readonly securityGroupId?: string;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const endpoints = new Map<string, VpcEndpoint>();
    if (props.gateway) {
      for (const service of GATEWAY_ENDPOINT_SERVICES) endpoints.set(service, this.gatewayEndpoint(service, props));
    }
    if (props.interface) {
      this.securityGroupId = this.createSecurityGroup(props);
      for (const service of INTERFACE_ENDPOINT_SERVICES) {
        endpoints.set(service, this.interfaceEndpoint(service, this.securityGroupId, props));
      }
    }
    this.endpoints = endpoints;
  }

  private gatewayEndpoint(service: string, props: VpcEndpointsProps): VpcEndpoint {
    return new VpcEndpoint(this, service, {
      vpcId: props.vpcId,
      serviceName: serviceName(props.context, service),
      vpcEndpointType: "Gateway",
      routeTableIds: [...(props.gatewayRouteTableIds ?? [])],
      tags: { Name: `${props.context.namePrefix}-${service}` },
    });
  }

  private interfaceEndpoint(service: string, securityGroupId: string, props: VpcEndpointsProps): VpcEndpoint {
    const id = service.replace(/\./g, "-");
    return new VpcEndpoint(this, id, {
      vpcId: props.vpcId,
      serviceName: serviceName(props.context, service),
      vpcEndpointType: "Interface",
      subnetIds: [...(props.interfaceSubnetIds ?? [])],
      securityGroupIds: [securityGroupId],
      // The service's usual hostname resolves to the endpoint, so SDKs need no configuration.
      privateDnsEnabled: true,
      tags: { Name: `${props.context.namePrefix}-${id}` },
    });
  }

  private createSecurityGroup(props: VpcEndpointsProps): string {
    const group = securityGroup(this, "security-group", {
      name: `${props.context.namePrefix}-vpc-endpoints`,
      description: "Interface VPC endpoints: HTTPS from the VPC",
      vpcId: props.vpcId,
    });
    // No egress rule: endpoints only answer, and security groups let answers out.
    allowTcpIngress(this, "ingress-https-from-vpc", group.id, {
      description: `HTTPS from the VPC ${props.vpcCidr}`,
      fromPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    return group.id;
  }
}

function serviceName(context: AwsContext, service: string): string {
  return `com.amazonaws.${context.region}.${service}`;
}
