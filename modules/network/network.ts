import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { NetworkPeer } from "../core/connect";
import { NatStrategy, NetworkConfig } from "./schema";
import { SubnetPlan, SubnetTier } from "./subnet-plan";
import { VpcEndpoints } from "./vpc-endpoints";
import { VpcFlowLog } from "./vpc-flow-log";

export interface NetworkProps extends NetworkConfig {
  /** Naming, account and region (`context.region`, which the AZs belong to). No default. */
  readonly context: AwsContext;
  /** The environment's key for the flow log group. No default. */
  readonly logsKeyArn: string;
  /** Let `terraform destroy` delete a flow-log bucket with its logs. Default: false. */
  readonly forceDestroy?: boolean;
  /**
   * Interface endpoints the environment's services need (e.g. "ecr.api", "sqs"), created when
   * `endpoints.interface` is on or natStrategy is "endpoints". Default: none.
   */
  readonly interfaceEndpointServices?: readonly string[];
}

/** A subnet and the AZ it is keyed by. */
interface AzSubnet {
  readonly az: string;
  readonly tier: SubnetTier;
  readonly subnet: Subnet;
}

/**
 * The VPC of an environment: public, private and database subnets, one per AZ and keyed by AZ
 * name; internet and NAT egress per `natStrategy`; a database tier without any route out; flow
 * logs; VPC endpoints; and the default security group stripped of its rules.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly vpcId: string;
  /** The VPC's IPv4 CIDR as configured, so it is known at synth. */
  readonly vpcCidr: string;
  /** Availability zones in configuration order; every subnet list below follows it. */
  readonly azs: readonly string[];
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly databaseSubnetIds: string[];
  readonly databaseSubnetGroupName: string;
  /** Where ECS tasks run: the private subnets, or the public ones when there is no NAT. */
  readonly serviceSubnetIds: string[];
  /** Tasks need `assign_public_ip` to reach the internet (natStrategy "none"). */
  readonly servicesNeedPublicIp: boolean;
  /** The interface endpoints, which services must be admitted to with `admitToEndpoints`. */
  readonly endpoints: VpcEndpoints;
  readonly publicRouteTableId: string;
  /** One per AZ with natStrategy "perAz", otherwise one shared by all private subnets. */
  readonly privateRouteTableIds: string[];
  readonly databaseRouteTableId: string;

  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.namePrefix = props.context.namePrefix;
    const plan = props.subnetPlan;
    this.azs = plan.azs;
    this.vpcCidr = props.cidr;
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      // Interface endpoints' private DNS needs both DNS settings.
      enableDnsHostnames: true,
      tags: { Name: this.namePrefix },
    });
    this.vpcId = this.vpc.id;
    this.stripDefaultSecurityGroup();
    const subnets = this.createSubnets(plan);
    this.publicSubnetIds = subnetIds(subnets.public);
    this.privateSubnetIds = subnetIds(subnets.private);
    this.databaseSubnetIds = subnetIds(subnets.database);
    this.servicesNeedPublicIp = props.natStrategy === "none";
    this.serviceSubnetIds = this.servicesNeedPublicIp ? this.publicSubnetIds : this.privateSubnetIds;

    const routeTables = this.createRouting(props.natStrategy, subnets);
    this.publicRouteTableId = routeTables.public;
    this.privateRouteTableIds = routeTables.private;
    this.databaseRouteTableId = routeTables.database;
    this.databaseSubnetGroupName = new DbSubnetGroup(this, "database-subnet-group", {
      name: `${this.namePrefix}-database`,
      description: `Database subnets of ${this.namePrefix}`,
      subnetIds: this.databaseSubnetIds,
    }).name;
    this.createFlowLog(props);
    this.endpoints = this.createEndpoints(props);
    this.createOutputs();
  }

  /** Lets `peer` (a service or task) reach the interface endpoints, which admit nothing else. */
  admitToEndpoints(peer: NetworkPeer): void {
    this.endpoints.admit(peer);
  }

  /** The default security group admits traffic among its members; nothing may rely on it. */
  private stripDefaultSecurityGroup(): void {
    new DefaultSecurityGroup(this, "default-security-group", {
      vpcId: this.vpcId,
      ingress: [],
      egress: [],
      tags: { Name: `${this.namePrefix}-default-unused` },
    });
  }

  private createSubnets(plan: SubnetPlan): Record<SubnetTier, AzSubnet[]> {
    const byTier = (tier: SubnetTier): AzSubnet[] =>
      plan.subnets[tier].map(({ az, cidr }) => ({
        az,
        tier,
        subnet: new Subnet(this, `${tier}-${az}`, {
          vpcId: this.vpcId,
          availabilityZone: az,
          cidrBlock: cidr,
          // Not even in public subnets: the ALB and NAT gateways get their addresses from AWS,
          // and tasks there (natStrategy "none") ask for one with assign_public_ip. Off, a stray
          // instance or ENI in a public subnet stays unreachable from the internet.
          mapPublicIpOnLaunch: false,
          tags: { Name: `${this.namePrefix}-${tier}-${az}`, Tier: tier },
        }),
      }));
    return { public: byTier("public"), private: byTier("private"), database: byTier("database") };
  }

  /** Route table ids by tier: internet via the IGW, NAT per strategy, nothing for databases. */
  private createRouting(
    strategy: NatStrategy,
    subnets: Record<SubnetTier, AzSubnet[]>,
  ): { public: string; private: string[]; database: string } {
    const internetGateway = new InternetGateway(this, "internet-gateway", {
      vpcId: this.vpcId,
      tags: { Name: this.namePrefix },
    });
    const natGatewayIds = this.createNatGateways(strategy, subnets.public, internetGateway);
    return {
      public: this.createPublicRouting(subnets.public, internetGateway),
      private: this.createPrivateRouting(strategy, subnets.private, natGatewayIds),
      // No route besides "local": the database tier can neither reach nor be reached from outside.
      database: this.routeTable("database-route-table", "database", subnets.database, false).id,
    };
  }

  private createPublicRouting(subnets: readonly AzSubnet[], internetGateway: InternetGateway): string {
    const table = this.routeTable("public-route-table", "public", subnets, true);
    new Route(this, "public-internet-route", {
      routeTableId: table.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: internetGateway.id,
    });
    return table.id;
  }

  /**
   * NAT gateways by the AZ whose route table uses them: one per AZ ("perAz"), one in the first AZ
   * ("single"), one regional gateway for every AZ ("regional"), or none.
   */
  private createNatGateways(
    strategy: NatStrategy,
    publicSubnets: readonly AzSubnet[],
    internetGateway: InternetGateway,
  ): ReadonlyMap<string, string> {
    if (strategy === "regional") return this.createRegionalNatGateway(publicSubnets, internetGateway);
    const hosts = { none: [], endpoints: [], single: publicSubnets.slice(0, 1), perAz: publicSubnets }[strategy];
    return new Map(
      hosts.map(({ az, subnet }) => {
        // A public NAT gateway's address only works once the VPC has its internet gateway.
        const eip = new Eip(this, `nat-eip-${az}`, {
          domain: "vpc",
          tags: { Name: `${this.namePrefix}-nat-${az}` },
          dependsOn: [internetGateway],
        });
        const nat = new NatGateway(this, `nat-gateway-${az}`, {
          allocationId: eip.allocationId,
          subnetId: subnet.id,
          connectivityType: "public",
          tags: { Name: `${this.namePrefix}-${az}` },
          dependsOn: [internetGateway],
        });
        return [az, nat.id];
      }),
    );
  }

  /**
   * One regional NAT gateway in automatic mode: AWS gives it an address in every AZ where the VPC
   * has subnets, so it needs neither a public subnet nor an Elastic IP of ours. Provider 6.24+
   * (`availability_mode`, hashicorp/terraform-provider-aws#45240); AWS VPC User Guide, "Regional
   * NAT gateways for automatic multi-AZ expansion".
   */
  private createRegionalNatGateway(publicSubnets: readonly AzSubnet[], internetGateway: InternetGateway): ReadonlyMap<string, string> {
    const nat = new NatGateway(this, "nat-gateway-regional", {
      vpcId: this.vpcId,
      availabilityMode: "regional",
      connectivityType: "public",
      tags: { Name: `${this.namePrefix}-regional` },
      // Its public addresses work only once the VPC has its internet gateway.
      dependsOn: [internetGateway],
    });
    return new Map(publicSubnets.map(({ az }) => [az, nat.id]));
  }

  private createPrivateRouting(
    strategy: NatStrategy,
    subnets: readonly AzSubnet[],
    natGatewayIds: ReadonlyMap<string, string>,
  ): string[] {
    if (strategy === "perAz") {
      return subnets.map((subnet) => {
        const table = this.routeTable(`private-route-table-${subnet.az}`, `private-${subnet.az}`, [subnet], true);
        this.natRoute(`private-nat-route-${subnet.az}`, table, natGatewayIds, subnet.az);
        return table.id;
      });
    }
    const viaNat = strategy === "single" || strategy === "regional";
    const table = this.routeTable("private-route-table", "private", subnets, viaNat);
    if (viaNat) this.natRoute("private-nat-route", table, natGatewayIds, subnets[0].az);
    return [table.id];
  }

  private natRoute(id: string, table: RouteTable, natGatewayIds: ReadonlyMap<string, string>, az: string): void {
    new Route(this, id, { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: natGatewayIds.get(az) });
  }

  /**
   * A route table associated with `subnets`. Without `routesManagedSeparately` the table declares
   * an empty route list, so Terraform also removes any route added by hand (gateway endpoint
   * routes are exempt, the provider manages those with the endpoint).
   */
  private routeTable(id: string, name: string, subnets: readonly AzSubnet[], routesManagedSeparately: boolean): RouteTable {
    const table = new RouteTable(this, id, {
      vpcId: this.vpcId,
      route: routesManagedSeparately ? undefined : [],
      tags: { Name: `${this.namePrefix}-${name}` },
    });
    for (const { az, tier, subnet } of subnets) {
      new RouteTableAssociation(this, `${tier}-${az}-route-table-association`, {
        subnetId: subnet.id,
        routeTableId: table.id,
      });
    }
    return table;
  }

  private createFlowLog(props: NetworkProps): void {
    const flowLogs = props.flowLogs;
    if (!flowLogs.enabled) return;
    new VpcFlowLog(this, "flow-log", {
      context: props.context,
      vpcId: this.vpcId,
      destination: flowLogs.destination,
      retentionInDays: flowLogs.retentionInDays,
      trafficType: flowLogs.trafficType,
      logsKeyArn: props.logsKeyArn,
      forceDestroy: props.forceDestroy,
    });
  }

  private createEndpoints(props: NetworkProps): VpcEndpoints {
    const privateOnly = props.natStrategy === "endpoints";
    return new VpcEndpoints(this, "endpoints", {
      context: props.context,
      vpcId: this.vpcId,
      // Without NAT, S3 (ECR image layers) is reachable only through its gateway endpoint.
      gateway: props.endpoints.gateway || privateOnly,
      interfaceServices: props.endpoints.interface || privateOnly ? [...(props.interfaceEndpointServices ?? []), ...props.endpoints.additionalInterface] : [],
      // Wherever tasks run, S3 (ECR image layers) and DynamoDB traffic skips NAT and the internet.
      gatewayRouteTableIds: [...this.privateRouteTableIds, ...(this.servicesNeedPublicIp ? [this.publicRouteTableId] : [])],
      interfaceSubnetIds: this.privateSubnetIds,
    });
  }

  private createOutputs(): void {
    const outputs: Record<string, string | string[]> = {
      vpc_id: this.vpcId,
      vpc_cidr: this.vpcCidr,
      public_subnet_ids: this.publicSubnetIds,
      private_subnet_ids: this.privateSubnetIds,
      database_subnet_ids: this.databaseSubnetIds,
      public_route_table_id: this.publicRouteTableId,
      private_route_table_ids: this.privateRouteTableIds,
      database_route_table_id: this.databaseRouteTableId,
      database_subnet_group_name: this.databaseSubnetGroupName,
    };
    for (const [name, value] of Object.entries(outputs)) new TerraformOutput(this, name, { value, staticId: true });
  }
}

function subnetIds(subnets: readonly AzSubnet[]): string[] {
  return subnets.map(({ subnet }) => subnet.id);
}
