import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { connect, NetworkPeer, securityGroup } from "../core/connect";

/** Services reached through gateway endpoints: free, and S3 also serves ECR's image layers. */
export const GATEWAY_ENDPOINT_SERVICES = ["s3", "dynamodb"] as const;
/** What every Fargate task needs to start without NAT: pull from ECR and write its logs. */
export const BASE_INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "logs"] as const;

export interface VpcEndpointsProps {
  readonly context: AwsContext;
  readonly vpcId: string;
  /** Create S3 and DynamoDB gateway endpoints. */
  readonly gateway: boolean;
  /** Route tables that route to the gateway endpoints. Default: none. */
  readonly gatewayRouteTableIds?: readonly string[];
  /** Interface endpoints by service name, e.g. "ecr.api"; duplicates are ignored. Default: none. */
  readonly interfaceServices?: readonly string[];
  /** Subnets of the interface endpoints, at most one per AZ. Default: none. */
  readonly interfaceSubnetIds?: readonly string[];
}

/**
 * VPC endpoints, so that AWS API traffic stays inside the VPC: gateway endpoints on the given
 * route tables, and interface endpoints with private DNS behind one security group that admits
 * HTTPS only from the peers given to `admit` (the services and tasks), not the whole VPC.
 */
export class VpcEndpoints extends Construct implements NetworkPeer {
  /** Endpoints by service, e.g. "s3" or "ecr.api". */
  readonly endpoints: ReadonlyMap<string, VpcEndpoint>;
  readonly scope: Construct = this;
  readonly peerName = "vpc-endpoints";
  readonly peerLabel = "the interface VPC endpoints";
  /** Security group of the interface endpoints; empty when there are none. */
  readonly securityGroupId: string = "";

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const endpoints = new Map<string, VpcEndpoint>();
    if (props.gateway) {
      for (const service of GATEWAY_ENDPOINT_SERVICES) endpoints.set(service, this.gatewayEndpoint(service, props));
    }
    const interfaceServices = [...new Set(props.interfaceServices ?? [])].sort();
    if (interfaceServices.length > 0) {
      this.securityGroupId = securityGroup(this, "security-group", {
        name: `${props.context.namePrefix}-vpc-endpoints`,
        description: "Interface VPC endpoints: HTTPS from the services",
        vpcId: props.vpcId,
      }).id;
      for (const service of interfaceServices) endpoints.set(service, this.interfaceEndpoint(service, this.securityGroupId, props));
    }
    this.endpoints = endpoints;
  }

  /** Whether interface endpoints exist, and so whether `admit` opens anything. */
  get hasInterfaceEndpoints(): boolean {
    return this.securityGroupId !== "";
  }

  /** HTTPS from `peer` to every interface endpoint (no egress rule here: endpoints only answer). */
  admit(peer: NetworkPeer): void {
    if (this.hasInterfaceEndpoints) connect(peer, this, 443);
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
}

function serviceName(context: AwsContext, service: string): string {
  return `com.amazonaws.${context.region}.${service}`;
}
