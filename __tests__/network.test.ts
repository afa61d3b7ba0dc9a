import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { cidrContains, parseCidr } from "../modules/core/cidr";
import { Network } from "../modules/network/network";
import { NAT_STRATEGIES } from "../modules/network/schema";
import { SUBNET_TIERS, SubnetTier } from "../modules/network/subnet-plan";
import { EnvironmentStack } from "../modules/platform/environment-stack";
import { EnvironmentInput } from "../modules/platform/schema";
import {
  dataSourceAt,
  findByPath,
  FoundResource,
  Json,
  minimalEnvironment,
  Overrides,
  resourceAt,
  resourcesOf,
  SynthesizedStack,
  synthEnvironment,
} from "./support/synth";

type NetworkOverrides = NonNullable<Overrides<EnvironmentInput>["network"]>;

/** The minimal environment ("test", eu-west-1, VPC 10.99.0.0/16, 2 AZs, one NAT gateway) with network overrides. */
function withNetwork(network: NetworkOverrides = {}): EnvironmentInput {
  return minimalEnvironment({ network });
}

const VPC_CIDR = "10.99.0.0/16";

/** The minimal environment's web service, with its image from the environment's ECR. */
function ecrWebService() {
  const [web] = minimalEnvironment().services ?? [];
  return { ...web, image: { source: "ecr" as const, tag: "v1" } };
}
const AZS_BY_COUNT: Readonly<Record<number, readonly string[]>> = {
  2: ["eu-west-1a", "eu-west-1b"],
  3: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
};
const AZ_COUNTS = [2, 3] as const;

function subnetAt(stack: SynthesizedStack, tier: SubnetTier, az: string): FoundResource {
  return resourceAt(stack, "aws_subnet", `network/${tier}-${az}`);
}

function subnetsOfTier(stack: SynthesizedStack, tier: SubnetTier): FoundResource[] {
  return findByPath(stack, "aws_subnet", "network/").filter(({ resource }) => String(resource.tags.Tier) === tier);
}

function natGatewayAt(stack: SynthesizedStack, az: string): FoundResource {
  return resourceAt(stack, "aws_nat_gateway", `network/nat-gateway-${az}`);
}

/** The Terraform reference to the id of the route table a subnet is associated with. */
function routeTableOf(stack: SynthesizedStack, subnet: FoundResource): string {
  const associations = Object.values(resourcesOf(stack, "aws_route_table_association")).filter(
    (association) => association.subnet_id === (subnet.ref("id") as unknown as Json),
  );
  expect(associations).toHaveLength(1);
  return String(associations[0].route_table_id);
}

function routeTablesOfTier(stack: SynthesizedStack, tier: SubnetTier, azs: readonly string[]): string[] {
  return azs.map((az) => routeTableOf(stack, subnetAt(stack, tier, az)));
}

function routesOf(stack: SynthesizedStack, routeTableRef: string): Json[] {
  return Object.values(resourcesOf(stack, "aws_route")).filter((route) => String(route.route_table_id) === routeTableRef);
}

function routeTableResource(stack: SynthesizedStack, routeTableRef: string): Json {
  const name = /^\$\{aws_route_table\.(.+)\.id\}$/.exec(routeTableRef)?.[1] ?? "";
  return resourcesOf(stack, "aws_route_table")[name];
}

/** Statements of the policy document a resource's JSON attribute refers to. */
function statementsOf(stack: SynthesizedStack, documentRef: Json): Json[] {
  const name = /^\$\{data\.aws_iam_policy_document\.(.+)\.json\}$/.exec(String(documentRef))?.[1] ?? "";
  return [...Object.values(stack.json.data.aws_iam_policy_document[name].statement)];
}

function accountIdRef(stack: SynthesizedStack): string {
  return dataSourceAt(stack, "aws_caller_identity", "current-account").ref("account_id");
}

/** The Network construct of a synthesized environment stack. */
function networkOf(stack: SynthesizedStack): Network {
  if (!(stack.stack instanceof EnvironmentStack)) throw new Error("not an environment stack");
  return stack.stack.network;
}

function sorted(values: Iterable<Json | string>): string[] {
  return [...values].map(String).sort();
}

function gatewayEndpointTables(stack: SynthesizedStack, service: string): string[] {
  return sorted(Object.values(resourceAt(stack, "aws_vpc_endpoint", `network/endpoints/${service}`).resource.route_table_ids));
}

describe("network", () => {
  describe("GIVEN the minimal environment", () => {
    const input = withNetwork();

    it("WHEN synthesized THEN it has a VPC of the configured CIDR with DNS support and hostnames, named after the environment", () => {
      const stack = synthEnvironment(input);
      expect(stack.text).toHaveResourceWithProperties(Vpc, {
        cidr_block: VPC_CIDR,
        enable_dns_support: true,
        enable_dns_hostnames: true,
        tags: { Name: "acme-test" },
      });
      expect(resourceAt(stack, "aws_vpc", "network/vpc").resource.cidr_block).toBe(VPC_CIDR);
    });

    it("WHEN synthesized THEN every rule is stripped from the VPC's default security group", () => {
      const stack = synthEnvironment(input);
      expect(stack.text).toHaveResourceWithProperties(DefaultSecurityGroup, {
        vpc_id: resourceAt(stack, "aws_vpc", "network/vpc").ref("id"),
        ingress: [],
        egress: [],
      });
    });

    it("WHEN synthesized THEN its DB subnet group holds exactly the database subnets", () => {
      const stack = synthEnvironment(input);
      expect(stack.text).toHaveResourceWithProperties(DbSubnetGroup, { name: "acme-test-database" });
      const group = resourceAt(stack, "aws_db_subnet_group", "network/database-subnet-group").resource;
      expect(group.name).toBe("acme-test-database");
      expect(sorted(Object.values(group.subnet_ids))).toEqual(
        sorted(AZS_BY_COUNT[2].map((az) => subnetAt(stack, "database", az).ref("id"))),
      );
      expect(subnetsOfTier(stack, "database")).toHaveLength(2);
    });
  });

  describe.each<[string, NetworkOverrides, readonly string[]]>([
    ["azCount 2", { azCount: 2 }, AZS_BY_COUNT[2]],
    ["azCount 3", { azCount: 3 }, AZS_BY_COUNT[3]],
    ["the explicit AZs eu-west-1c, eu-west-1b", { azs: ["eu-west-1c", "eu-west-1b"] }, ["eu-west-1c", "eu-west-1b"]],
  ])("GIVEN %s", (_, network, azs) => {
    const input = withNetwork(network);

    it(`WHEN synthesized THEN it has one subnet per tier in each of ${azs.join(", ")}, inside the VPC and tagged with its tier`, () => {
      const stack = synthEnvironment(input);
      const vpc = parseCidr(VPC_CIDR);
      for (const tier of SUBNET_TIERS) {
        expect(subnetsOfTier(stack, tier)).toHaveLength(azs.length);
        for (const az of azs) {
          const subnet = subnetAt(stack, tier, az).resource;
          expect(subnet).toMatchObject({ availability_zone: az, tags: { Tier: tier, Name: `acme-test-${tier}-${az}` } });
          const cidr = parseCidr(String(subnet.cidr_block));
          expect(vpc && cidr && cidrContains(vpc, cidr)).toBe(true);
        }
      }
    });

    it("WHEN built THEN the network lists its AZs in configuration order", () => {
      expect(networkOf(synthEnvironment(input)).azs).toEqual(azs);
    });
  });

  describe("GIVEN carved subnets", () => {
    it.each([
      [
        "10.99.0.0/16",
        {
          "private-eu-west-1a": "10.99.0.0/20",
          "private-eu-west-1b": "10.99.16.0/20",
          "private-eu-west-1c": "10.99.32.0/20",
          "public-eu-west-1a": "10.99.128.0/22",
          "public-eu-west-1b": "10.99.132.0/22",
          "public-eu-west-1c": "10.99.136.0/22",
          "database-eu-west-1a": "10.99.160.0/22",
          "database-eu-west-1b": "10.99.164.0/22",
          "database-eu-west-1c": "10.99.168.0/22",
        },
      ],
      [
        "10.99.0.0/20",
        {
          "private-eu-west-1a": "10.99.0.0/24",
          "private-eu-west-1b": "10.99.1.0/24",
          "private-eu-west-1c": "10.99.2.0/24",
          "public-eu-west-1a": "10.99.8.0/26",
          "public-eu-west-1b": "10.99.8.64/26",
          "public-eu-west-1c": "10.99.8.128/26",
          "database-eu-west-1a": "10.99.10.0/26",
          "database-eu-west-1b": "10.99.10.64/26",
          "database-eu-west-1c": "10.99.10.128/26",
        },
      ],
    ])("AND the VPC %s in 3 AZs WHEN synthesized THEN each subnet gets its AZ's slot of its tier", (cidr, expected) => {
      const stack = synthEnvironment(withNetwork({ cidr, azCount: 3 }));
      const actual = Object.fromEntries(
        Object.keys(expected).map((path) => [path, resourceAt(stack, "aws_subnet", `network/${path}`).resource.cidr_block]),
      );
      expect(actual).toEqual(expected);
      expect(findByPath(stack, "aws_subnet", "network/")).toHaveLength(9);
    });
  });

  describe("GIVEN explicit public subnets", () => {
    const input = withNetwork({ publicSubnets: ["10.99.200.0/24", "10.99.201.0/24"] });

    it("WHEN synthesized THEN the public subnets use them in AZ order and the other tiers are still carved", () => {
      const stack = synthEnvironment(input);
      expect(subnetAt(stack, "public", "eu-west-1a").resource.cidr_block).toBe("10.99.200.0/24");
      expect(subnetAt(stack, "public", "eu-west-1b").resource.cidr_block).toBe("10.99.201.0/24");
      expect(subnetAt(stack, "private", "eu-west-1b").resource.cidr_block).toBe("10.99.16.0/20");
      expect(subnetAt(stack, "database", "eu-west-1b").resource.cidr_block).toBe("10.99.164.0/22");
    });
  });

  describe.each(
    NAT_STRATEGIES.flatMap((natStrategy) => AZ_COUNTS.map((azCount) => ({ natStrategy, azCount }))),
  )("GIVEN natStrategy $natStrategy and $azCount AZs", ({ natStrategy, azCount }) => {
    // An image of the environment's own ECR, which every strategy can pull ("endpoints" included).
    const input = minimalEnvironment({ network: { natStrategy, azCount }, services: [ecrWebService()] });
    const azs = AZS_BY_COUNT[azCount];

    it("WHEN synthesized THEN the public subnets share one route table whose only route goes to the internet gateway, without automatic public IPs", () => {
      const stack = synthEnvironment(input);
      const internetGateway = resourceAt(stack, "aws_internet_gateway", "network/internet-gateway");
      expect(internetGateway.resource.vpc_id).toBe(resourceAt(stack, "aws_vpc", "network/vpc").ref("id"));
      const tables = new Set(routeTablesOfTier(stack, "public", azs));
      expect(tables.size).toBe(1);
      const [table] = tables;
      expect(table).toBe(resourceAt(stack, "aws_route_table", "network/public-route-table").ref("id"));
      expect(routesOf(stack, table)).toEqual([
        expect.objectContaining({ destination_cidr_block: "0.0.0.0/0", gateway_id: internetGateway.ref("id") }),
      ]);
      for (const az of azs) expect(subnetAt(stack, "public", az).resource.map_public_ip_on_launch).toBe(false);
    });

    it("WHEN synthesized THEN the database subnets share one route table with no route but the local one, and no gateway endpoint", () => {
      const stack = synthEnvironment(input);
      const tables = new Set(routeTablesOfTier(stack, "database", azs));
      expect(tables.size).toBe(1);
      const [table] = tables;
      expect(routesOf(stack, table)).toEqual([]);
      // Declared empty, so Terraform also removes routes added outside it.
      expect(routeTableResource(stack, table).route).toEqual([]);
      const endpoints = Object.values(resourcesOf(stack, "aws_vpc_endpoint"));
      expect(endpoints).not.toHaveLength(0);
      for (const endpoint of endpoints) expect(Object.values(endpoint.route_table_ids ?? {})).not.toContain(table);
    });

    it("WHEN synthesized THEN it outputs the VPC, subnets per AZ, route tables and DB subnet group", () => {
      const synthesized = synthEnvironment(input);
      const { json } = synthesized;
      expect(Object.keys(json.output)).toEqual(
        expect.arrayContaining([
          "vpc_id",
          "vpc_cidr",
          "public_subnet_ids",
          "private_subnet_ids",
          "database_subnet_ids",
          "public_route_table_id",
          "private_route_table_ids",
          "database_route_table_id",
          "database_subnet_group_name",
        ]),
      );
      expect(json.output.vpc_id.value).toBe(resourceAt(synthesized, "aws_vpc", "network/vpc").ref("id"));
      expect(json.output.vpc_cidr.value).toBe(VPC_CIDR);
      for (const tier of SUBNET_TIERS) {
        expect(json.output[`${tier}_subnet_ids`].value).toEqual(azs.map((az) => subnetAt(synthesized, tier, az).ref("id")));
      }
      expect(json.output.public_route_table_id.value).toBe(routeTableOf(synthesized, subnetAt(synthesized, "public", azs[0])));
      expect(json.output.database_route_table_id.value).toBe(routeTableOf(synthesized, subnetAt(synthesized, "database", azs[0])));
      expect(sorted(Object.values(json.output.private_route_table_ids.value))).toEqual(
        sorted(new Set(routeTablesOfTier(synthesized, "private", azs))),
      );
    });
  });

  /** Asserts exactly one NAT gateway and EIP per AZ in `natAzs`, each in that AZ's public subnet and created after the IGW. */
  function expectNatGatewaysIn(stack: SynthesizedStack, natAzs: readonly string[]): void {
    const internetGateway = `aws_internet_gateway.${resourceAt(stack, "aws_internet_gateway", "network/internet-gateway").name}`;
    expect(Object.keys(resourcesOf(stack, "aws_nat_gateway"))).toHaveLength(natAzs.length);
    expect(Object.keys(resourcesOf(stack, "aws_eip"))).toHaveLength(natAzs.length);
    for (const az of natAzs) {
      const eip = resourceAt(stack, "aws_eip", `network/nat-eip-${az}`);
      expect(eip.resource).toMatchObject({ domain: "vpc", depends_on: [internetGateway] });
      expect(natGatewayAt(stack, az).resource).toMatchObject({
        allocation_id: eip.ref("allocation_id"),
        subnet_id: subnetAt(stack, "public", az).ref("id"),
        connectivity_type: "public",
        depends_on: [internetGateway],
      });
    }
  }

  describe.each(AZ_COUNTS)("GIVEN natStrategy none and %i AZs", (azCount) => {
    const input = withNetwork({ natStrategy: "none", azCount });
    const azs = AZS_BY_COUNT[azCount];

    it("WHEN synthesized THEN there is no NAT gateway and no EIP", () => {
      expectNatGatewaysIn(synthEnvironment(input), []);
    });

    it("WHEN synthesized THEN the private subnets share one route table with no route out, declared empty", () => {
      const stack = synthEnvironment(input);
      const tables = new Set(routeTablesOfTier(stack, "private", azs));
      expect([...tables]).toEqual([resourceAt(stack, "aws_route_table", "network/private-route-table").ref("id")]);
      const [table] = tables;
      expect(routesOf(stack, table)).toEqual([]);
      expect(routeTableResource(stack, table).route).toEqual([]);
    });

    it("WHEN synthesized THEN S3 and DynamoDB gateway endpoints are on the private and the public route table, where services run", () => {
      const stack = synthEnvironment(input);
      const expected = sorted([
        resourceAt(stack, "aws_route_table", "network/private-route-table").ref("id"),
        resourceAt(stack, "aws_route_table", "network/public-route-table").ref("id"),
      ]);
      for (const service of ["s3", "dynamodb"]) expect(gatewayEndpointTables(stack, service)).toEqual(expected);
    });

    it("WHEN built THEN services run in the public subnets with a public IP", () => {
      const network = networkOf(synthEnvironment(input));
      expect(network.servicesNeedPublicIp).toBe(true);
      expect(network.serviceSubnetIds).toBe(network.publicSubnetIds);
      expect(network.publicSubnetIds).toHaveLength(azs.length);
      expect(network.privateRouteTableIds).toHaveLength(1);
    });
  });

  describe.each(AZ_COUNTS)("GIVEN natStrategy single and %i AZs", (azCount) => {
    const input = withNetwork({ natStrategy: "single", azCount });
    const azs = AZS_BY_COUNT[azCount];

    it("WHEN synthesized THEN there is one NAT gateway with its EIP, in the first AZ's public subnet, after the IGW", () => {
      expectNatGatewaysIn(synthEnvironment(input), ["eu-west-1a"]);
    });

    it("WHEN synthesized THEN the private subnets share one route table that routes 0.0.0.0/0 through that NAT gateway", () => {
      const stack = synthEnvironment(input);
      const tables = new Set(routeTablesOfTier(stack, "private", azs));
      expect([...tables]).toEqual([resourceAt(stack, "aws_route_table", "network/private-route-table").ref("id")]);
      const [table] = tables;
      expect(routesOf(stack, table)).toEqual([
        expect.objectContaining({ destination_cidr_block: "0.0.0.0/0", nat_gateway_id: natGatewayAt(stack, "eu-west-1a").ref("id") }),
      ]);
    });

    it("WHEN synthesized THEN S3 and DynamoDB gateway endpoints are on the private route table only", () => {
      const stack = synthEnvironment(input);
      const expected = [resourceAt(stack, "aws_route_table", "network/private-route-table").ref("id")];
      for (const service of ["s3", "dynamodb"]) expect(gatewayEndpointTables(stack, service)).toEqual(expected);
    });

    it("WHEN built THEN services run in the private subnets without a public IP", () => {
      const network = networkOf(synthEnvironment(input));
      expect(network.servicesNeedPublicIp).toBe(false);
      expect(network.serviceSubnetIds).toBe(network.privateSubnetIds);
      expect(network.privateSubnetIds).toHaveLength(azs.length);
      expect(network.privateRouteTableIds).toHaveLength(1);
    });
  });

  describe("GIVEN natStrategy single and the AZs eu-west-1b, eu-west-1a in that order", () => {
    const input = withNetwork({ natStrategy: "single", azs: ["eu-west-1b", "eu-west-1a"] });

    it("WHEN synthesized THEN the NAT gateway is in the first configured AZ, and every private subnet routes through it", () => {
      const stack = synthEnvironment(input);
      expectNatGatewaysIn(stack, ["eu-west-1b"]);
      for (const az of ["eu-west-1a", "eu-west-1b"]) {
        expect(routesOf(stack, routeTableOf(stack, subnetAt(stack, "private", az)))).toEqual([
          expect.objectContaining({ nat_gateway_id: natGatewayAt(stack, "eu-west-1b").ref("id") }),
        ]);
      }
    });
  });

  describe.each(AZ_COUNTS)("GIVEN natStrategy perAz and %i AZs", (azCount) => {
    const input = withNetwork({ natStrategy: "perAz", azCount });
    const azs = AZS_BY_COUNT[azCount];

    it("WHEN synthesized THEN each AZ has a NAT gateway with its EIP in its own public subnet, after the IGW", () => {
      expectNatGatewaysIn(synthEnvironment(input), azs);
    });

    it("WHEN synthesized THEN each private subnet has a route table of its own that routes 0.0.0.0/0 through the NAT gateway of its AZ", () => {
      const stack = synthEnvironment(input);
      const tables = routeTablesOfTier(stack, "private", azs);
      expect(new Set(tables).size).toBe(azs.length);
      azs.forEach((az, index) => {
        expect(tables[index]).toBe(resourceAt(stack, "aws_route_table", `network/private-route-table-${az}`).ref("id"));
        expect(routesOf(stack, tables[index])).toEqual([
          expect.objectContaining({ destination_cidr_block: "0.0.0.0/0", nat_gateway_id: natGatewayAt(stack, az).ref("id") }),
        ]);
      });
    });

    it("WHEN synthesized THEN S3 and DynamoDB gateway endpoints are on every private route table and not the public one", () => {
      const stack = synthEnvironment(input);
      const expected = sorted(routeTablesOfTier(stack, "private", azs));
      expect(expected).toHaveLength(azs.length);
      for (const service of ["s3", "dynamodb"]) expect(gatewayEndpointTables(stack, service)).toEqual(expected);
    });

    it("WHEN built THEN services run in the private subnets without a public IP, with a private route table per AZ", () => {
      const network = networkOf(synthEnvironment(input));
      expect(network.servicesNeedPublicIp).toBe(false);
      expect(network.serviceSubnetIds).toBe(network.privateSubnetIds);
      expect(network.privateSubnetIds).toHaveLength(azs.length);
      expect(network.privateRouteTableIds).toHaveLength(azs.length);
    });
  });

  describe("GIVEN default gateway endpoints", () => {
    it("WHEN synthesized THEN S3 and DynamoDB are reached through gateway endpoints of the region in the VPC", () => {
      const stack = synthEnvironment(withNetwork());
      for (const service of ["s3", "dynamodb"]) {
        expect(resourceAt(stack, "aws_vpc_endpoint", `network/endpoints/${service}`).resource).toMatchObject({
          vpc_id: resourceAt(stack, "aws_vpc", "network/vpc").ref("id"),
          vpc_endpoint_type: "Gateway",
          service_name: `com.amazonaws.eu-west-1.${service}`,
        });
      }
    });
  });

  describe("GIVEN gateway endpoints turned off", () => {
    it("WHEN synthesized THEN there is no VPC endpoint", () => {
      const stack = synthEnvironment(withNetwork({ endpoints: { gateway: false } }));
      expect(resourcesOf(stack, "aws_vpc_endpoint")).toEqual({});
    });
  });

  describe("GIVEN interface endpoints turned off", () => {
    it("WHEN synthesized THEN there is no interface endpoint and no endpoint security group", () => {
      const stack = synthEnvironment(withNetwork({ endpoints: { interface: false } }));
      const interfaces = Object.values(resourcesOf(stack, "aws_vpc_endpoint")).filter(
        (endpoint) => String(endpoint.vpc_endpoint_type) === "Interface",
      );
      expect(interfaces).toEqual([]);
      expect(findByPath(stack, "aws_security_group", "network/endpoints/")).toEqual([]);
    });
  });

  describe("GIVEN interface endpoints turned on in 3 AZs", () => {
    const input = withNetwork({ azCount: 3, natStrategy: "perAz", endpoints: { interface: true } });

    it("WHEN synthesized THEN ECR and CloudWatch Logs, all a service without secrets needs, have private-DNS endpoints in every private subnet", () => {
      const stack = synthEnvironment(input);
      const group = resourceAt(stack, "aws_security_group", "network/endpoints/security-group");
      const interfaces = Object.values(resourcesOf(stack, "aws_vpc_endpoint")).filter(
        (endpoint) => String(endpoint.vpc_endpoint_type) === "Interface",
      );
      expect(sorted(interfaces.map((endpoint) => endpoint.service_name))).toEqual(
        ["ecr.api", "ecr.dkr", "logs"].map((service) => `com.amazonaws.eu-west-1.${service}`),
      );
      const privateSubnets = sorted(AZS_BY_COUNT[3].map((az) => subnetAt(stack, "private", az).ref("id")));
      for (const endpoint of interfaces) {
        expect(endpoint).toMatchObject({
          vpc_id: resourceAt(stack, "aws_vpc", "network/vpc").ref("id"),
          private_dns_enabled: true,
          security_group_ids: [group.ref("id")],
        });
        expect(sorted(Object.values(endpoint.subnet_ids))).toEqual(privateSubnets);
      }
      expect(findByPath(stack, "aws_security_group", "network/endpoints/")).toHaveLength(1);
    });

    it("WHEN synthesized THEN their security group admits HTTPS from the services' groups only (not the VPC), with no egress rule", () => {
      const stack = synthEnvironment(input);
      const group = resourceAt(stack, "aws_security_group", "network/endpoints/security-group");
      const ofGroup = (type: string) =>
        Object.values(resourcesOf(stack, type)).filter((rule) => rule.security_group_id === (group.ref("id") as unknown as Json));
      const serviceGroup = resourceAt(stack, "aws_security_group", "service-web/security-group");
      expect(ofGroup("aws_vpc_security_group_ingress_rule")).toEqual([
        expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, referenced_security_group_id: serviceGroup.ref("id") }),
      ]);
      expect(ofGroup("aws_vpc_security_group_ingress_rule")[0].cidr_ipv4).toBeUndefined();
      expect(ofGroup("aws_vpc_security_group_egress_rule")).toEqual([]);
      expect(group.resource.ingress).toBeUndefined();
    });
  });

  describe("GIVEN flow logs with only their retention set", () => {
    const input = withNetwork({ flowLogs: { retentionInDays: 30 } });

    it("WHEN synthesized THEN all traffic is recorded in a CloudWatch log group named after the environment, through a role", () => {
      const stack = synthEnvironment(input);
      const logGroup = resourceAt(stack, "aws_cloudwatch_log_group", "network/flow-log/log-group");
      expect(logGroup.resource).toMatchObject({ name: "/aws/vpc-flow-log/acme-test", retention_in_days: 30 });
      expect(resourceAt(stack, "aws_flow_log", "network/flow-log/vpc-flow-log").resource).toMatchObject({
        vpc_id: resourceAt(stack, "aws_vpc", "network/vpc").ref("id"),
        traffic_type: "ALL",
        log_destination_type: "cloud-watch-logs",
        log_destination: logGroup.ref("arn"),
        iam_role_arn: resourceAt(stack, "aws_iam_role", "network/flow-log/role").ref("arn"),
      });
      expect(findByPath(stack, "aws_s3_bucket", "network/")).toEqual([]);
    });

    it("WHEN synthesized THEN only VPC Flow Logs of this account may assume the role", () => {
      const stack = synthEnvironment(input);
      const role = resourceAt(stack, "aws_iam_role", "network/flow-log/role");
      expect(statementsOf(stack, role.resource.assume_role_policy)).toEqual([
        expect.objectContaining({
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
          condition: expect.arrayContaining([
            { test: "StringEquals", variable: "aws:SourceAccount", values: [accountIdRef(stack)] },
          ]),
        }),
      ]);
    });

    it("WHEN synthesized THEN the role may write that log group only, and look groups up as AWS's documented policy does", () => {
      const stack = synthEnvironment(input);
      const logGroup = resourceAt(stack, "aws_cloudwatch_log_group", "network/flow-log/log-group");
      const policy = resourceAt(stack, "aws_iam_role_policy", "network/flow-log/role-policy").resource;
      expect(policy.role).toBe(resourceAt(stack, "aws_iam_role", "network/flow-log/role").ref("id"));
      expect(statementsOf(stack, policy.policy)).toEqual([
        expect.objectContaining({ effect: "Allow", actions: ["logs:DescribeLogGroups"], resources: ["*"] }),
        expect.objectContaining({
          effect: "Allow",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [logGroup.ref("arn"), `${logGroup.ref("arn")}:*`],
        }),
      ]);
    });
  });

  describe.each([7, 365])("GIVEN flow logs kept %i days in CloudWatch Logs", (retentionInDays) => {
    it("WHEN synthesized THEN the log group keeps them that long", () => {
      const stack = synthEnvironment(withNetwork({ flowLogs: { retentionInDays } }));
      expect(resourceAt(stack, "aws_cloudwatch_log_group", "network/flow-log/log-group").resource.retention_in_days).toBe(
        retentionInDays,
      );
    });
  });

  describe("GIVEN rejected traffic logged to S3 for 90 days", () => {
    const input = withNetwork({ flowLogs: { destination: "s3", retentionInDays: 90, trafficType: "REJECT" } });

    it("WHEN synthesized THEN they go to an SSE-S3 bucket that expires them after the retention, with no log group or role", () => {
      const stack = synthEnvironment(input);
      const bucket = resourceAt(stack, "aws_s3_bucket", "network/flow-log/destination-bucket/bucket");
      expect(resourceAt(stack, "aws_flow_log", "network/flow-log/vpc-flow-log").resource).toMatchObject({
        vpc_id: resourceAt(stack, "aws_vpc", "network/vpc").ref("id"),
        traffic_type: "REJECT",
        log_destination_type: "s3",
        log_destination: bucket.ref("arn"),
        depends_on: [`aws_s3_bucket_policy.${resourceAt(stack, "aws_s3_bucket_policy", "network/flow-log/destination-bucket/policy").name}`],
      });
      expect(
        resourceAt(stack, "aws_s3_bucket_server_side_encryption_configuration", "network/flow-log/destination-bucket/encryption").resource
          .rule,
      ).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: false }]);
      expect(
        resourceAt(stack, "aws_s3_bucket_lifecycle_configuration", "network/flow-log/destination-bucket/lifecycle").resource.rule,
      ).toEqual([expect.objectContaining({ status: "Enabled", expiration: [{ days: 90 }] })]);
      expect(findByPath(stack, "aws_cloudwatch_log_group", "network/")).toEqual([]);
      expect(findByPath(stack, "aws_iam_role", "network/")).toEqual([]);
    });

    it("WHEN synthesized THEN only this account's log delivery may write the bucket", () => {
      const stack = synthEnvironment(input);
      const document = dataSourceAt(stack, "aws_iam_policy_document", "network/flow-log/destination-bucket/policy-document").resource;
      const bucketArn = resourceAt(stack, "aws_s3_bucket", "network/flow-log/destination-bucket/bucket").ref("arn");
      const sourceAccount = { test: "StringEquals", variable: "aws:SourceAccount", values: [accountIdRef(stack)] };
      const delivery = [{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }];
      expect(document.statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            sid: "AWSLogDeliveryWrite",
            actions: ["s3:PutObject"],
            resources: [`${bucketArn}/AWSLogs/${accountIdRef(stack)}/*`],
            principals: delivery,
            condition: expect.arrayContaining([
              sourceAccount,
              { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] },
            ]),
          }),
          expect.objectContaining({
            sid: "AWSLogDeliveryAclCheck",
            actions: ["s3:GetBucketAcl", "s3:ListBucket"],
            resources: [bucketArn],
            principals: delivery,
            condition: expect.arrayContaining([sourceAccount]),
          }),
        ]),
      );
    });
  });

  describe("GIVEN flow logs turned off", () => {
    it("WHEN synthesized THEN no flow log, log group, role or bucket is created for them", () => {
      const stack = synthEnvironment(withNetwork({ flowLogs: { enabled: false } }));
      expect(resourcesOf(stack, "aws_flow_log")).toEqual({});
      expect(findByPath(stack, "aws_cloudwatch_log_group", "network/")).toEqual([]);
      expect(findByPath(stack, "aws_iam_role", "network/")).toEqual([]);
      expect(findByPath(stack, "aws_s3_bucket", "network/")).toEqual([]);
    });
  });

  describe("GIVEN subnets keyed by AZ", () => {
    const before = withNetwork();

    /** Subnet CIDRs by Terraform name (which cdktf derives from the construct path). */
    function subnetCidrs(stack: SynthesizedStack): Map<string, string> {
      return new Map(findByPath(stack, "aws_subnet", "network/").map(({ name, resource }) => [name, String(resource.cidr_block)]));
    }

    it("WHEN a third AZ is added THEN every existing subnet keeps its Terraform name and CIDR", () => {
      const existing = subnetCidrs(synthEnvironment(before));
      const after = subnetCidrs(synthEnvironment(withNetwork({ azCount: 3 })));
      expect(existing.size).toBe(6);
      expect(after.size).toBe(9);
      for (const [name, cidr] of existing) expect(after.get(name)).toBe(cidr);
    });

    it("WHEN the first AZ is removed THEN the remaining AZ's subnets keep their Terraform names and CIDRs", () => {
      const kept = SUBNET_TIERS.map((tier) => subnetAt(synthEnvironment(before), tier, "eu-west-1b"));
      const after = subnetCidrs(synthEnvironment(withNetwork({ azs: ["eu-west-1b", "eu-west-1c"] })));
      for (const { name, resource } of kept) expect(after.get(name)).toBe(resource.cidr_block);
    });

    it("WHEN natStrategy moves from single to perAz THEN the first AZ's NAT gateway keeps its Terraform name", () => {
      const single = synthEnvironment(withNetwork({ natStrategy: "single" }));
      const perAz = synthEnvironment(withNetwork({ natStrategy: "perAz" }));
      expect(natGatewayAt(perAz, "eu-west-1a").name).toBe(natGatewayAt(single, "eu-west-1a").name);
    });
  });
});
