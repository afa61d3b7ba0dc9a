import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Testing } from "cdktf";
import { bootstrap } from "../environments";
import { cidrContains, parseCidr } from "../modules/core/cidr";
import { SUBNET_TIERS, SubnetTier } from "../modules/network/subnet-plan";
import { parseConfiguration } from "../modules/platform/configuration";
import { buildPlatform } from "../modules/platform/platform";
import {
  changed,
  dataSourceAt,
  ENVIRONMENT_NAMES,
  shippedEnvironment,
  findByPath,
  FoundResource,
  Json,
  resourceAt,
  resourcesOf,
  SynthesizedStack,
  synthEnvironment,
} from "./support/synth";

function azsOf(name: string): readonly string[] {
  return parseConfiguration(bootstrap, [shippedEnvironment(name)]).environments[0].network.subnetPlan.azs;
}

function subnetAt(stack: SynthesizedStack, tier: SubnetTier, az: string): FoundResource {
  return resourceAt(stack, "aws_subnet", `network/${tier}-${az}`);
}

function subnetsOfTier(stack: SynthesizedStack, tier: SubnetTier): FoundResource[] {
  return findByPath(stack, "aws_subnet", "network/").filter(({ resource }) => String(resource.tags.Tier) === tier);
}

/** The Terraform reference to the id of the route table a subnet is associated with. */
function routeTableOf(stack: SynthesizedStack, subnet: FoundResource): string {
  const associations = Object.values(resourcesOf(stack, "aws_route_table_association")).filter(
    (association) => association.subnet_id === (subnet.ref("id") as unknown as Json),
  );
  expect(associations).toHaveLength(1);
  return String(associations[0].route_table_id);
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

function sorted(values: Iterable<Json | string>): string[] {
  return [...values].map(String).sort();
}

const KEPT_CIDRS: readonly (readonly [string, string, string])[] = [
  ["dev", "public-eu-west-1a", "10.10.128.0/22"],
  ["dev", "private-eu-west-1b", "10.10.16.0/20"],
  ["dev", "database-eu-west-1b", "10.10.164.0/22"],
  ["staging", "private-eu-west-1a", "10.20.0.0/20"],
  ["staging", "database-eu-west-1a", "10.20.160.0/22"],
  ["prod", "private-eu-west-1c", "10.30.32.0/20"],
  ["prod", "public-eu-west-1c", "10.30.136.0/22"],
  ["prod", "database-eu-west-1c", "10.30.168.0/22"],
];

describe("network", () => {
  it.each(ENVIRONMENT_NAMES)("%s has a VPC with DNS support and hostnames, named after the environment", (name) => {
    const config = shippedEnvironment(name);
    expect(synthEnvironment(name).text).toHaveResourceWithProperties(Vpc, {
      cidr_block: config.network.cidr,
      enable_dns_support: true,
      enable_dns_hostnames: true,
      tags: { Name: `acme-${name}` },
    });
  });

  it.each(ENVIRONMENT_NAMES)("%s has one subnet per tier in each AZ, inside the VPC and tagged with its tier", (name) => {
    const stack = synthEnvironment(name);
    const azs = azsOf(name);
    const vpc = parseCidr(shippedEnvironment(name).network.cidr);
    for (const tier of SUBNET_TIERS) {
      expect(subnetsOfTier(stack, tier)).toHaveLength(azs.length);
      for (const az of azs) {
        const subnet = subnetAt(stack, tier, az).resource;
        expect(subnet).toMatchObject({ availability_zone: az, tags: { Tier: tier, Name: `acme-${name}-${tier}-${az}` } });
        const cidr = parseCidr(String(subnet.cidr_block));
        expect(vpc && cidr && cidrContains(vpc, cidr)).toBe(true);
      }
    }
  });

  it.each(KEPT_CIDRS)("%s carves %s as %s", (name, path, cidr) => {
    expect(resourceAt(synthEnvironment(name), "aws_subnet", `network/${path}`).resource.cidr_block).toBe(cidr);
  });

  it.each(ENVIRONMENT_NAMES)("%s routes the public subnets to the internet gateway, without automatic public IPs", (name) => {
    const stack = synthEnvironment(name);
    const internetGateway = resourceAt(stack, "aws_internet_gateway", "network/internet-gateway");
    const tables = new Set(subnetsOfTier(stack, "public").map((subnet) => routeTableOf(stack, subnet)));
    expect(tables.size).toBe(1);
    const [table] = tables;
    expect(routesOf(stack, table)).toEqual([
      expect.objectContaining({ destination_cidr_block: "0.0.0.0/0", gateway_id: internetGateway.ref("id") }),
    ]);
    for (const subnet of subnetsOfTier(stack, "public")) expect(subnet.resource.map_public_ip_on_launch).toBe(false);
  });

  it.each(ENVIRONMENT_NAMES)("%s gives the database tier one route table with no route but the local one", (name) => {
    const stack = synthEnvironment(name);
    const tables = new Set(subnetsOfTier(stack, "database").map((subnet) => routeTableOf(stack, subnet)));
    expect(tables.size).toBe(1);
    const [table] = tables;
    expect(routesOf(stack, table)).toEqual([]);
    // Declared empty, so Terraform also removes routes added outside it.
    expect(routeTableResource(stack, table).route).toEqual([]);
    for (const endpoint of Object.values(resourcesOf(stack, "aws_vpc_endpoint"))) {
      expect(Object.values(endpoint.route_table_ids ?? {})).not.toContain(table);
    }
  });

  it.each(ENVIRONMENT_NAMES)("%s routes private subnets to the internet per its NAT strategy", (name) => {
    const stack = synthEnvironment(name);
    const strategy = shippedEnvironment(name).network.natStrategy;
    const azs = azsOf(name);
    const tables = azs.map((az) => routeTableOf(stack, subnetAt(stack, "private", az)));
    expect(new Set(tables).size).toBe(strategy === "perAz" ? azs.length : 1);
    azs.forEach((az, index) => {
      const routes = routesOf(stack, tables[index]);
      if (strategy === "none") {
        expect(routes).toEqual([]);
        return;
      }
      const natAz = strategy === "perAz" ? az : azs[0];
      expect(routes).toEqual([
        expect.objectContaining({
          destination_cidr_block: "0.0.0.0/0",
          nat_gateway_id: resourceAt(stack, "aws_nat_gateway", `network/nat-gateway-${natAz}`).ref("id"),
        }),
      ]);
    });
  });

  it.each(ENVIRONMENT_NAMES)("%s has NAT gateways and EIPs per its NAT strategy, in public subnets, after the IGW", (name) => {
    const stack = synthEnvironment(name);
    const azs = azsOf(name);
    const natAzs = { none: [], single: azs.slice(0, 1), perAz: azs }[shippedEnvironment(name).network.natStrategy];
    const internetGateway = `aws_internet_gateway.${resourceAt(stack, "aws_internet_gateway", "network/internet-gateway").name}`;
    expect(Object.keys(resourcesOf(stack, "aws_nat_gateway"))).toHaveLength(natAzs.length);
    expect(Object.keys(resourcesOf(stack, "aws_eip"))).toHaveLength(natAzs.length);
    for (const az of natAzs) {
      const eip = resourceAt(stack, "aws_eip", `network/nat-eip-${az}`);
      expect(eip.resource).toMatchObject({ domain: "vpc", depends_on: [internetGateway] });
      expect(resourceAt(stack, "aws_nat_gateway", `network/nat-gateway-${az}`).resource).toMatchObject({
        allocation_id: eip.ref("allocation_id"),
        subnet_id: subnetAt(stack, "public", az).ref("id"),
        connectivity_type: "public",
        depends_on: [internetGateway],
      });
    }
  });

  it.each(ENVIRONMENT_NAMES)("%s records all flow logs in CloudWatch Logs through a role that may write that group only", (name) => {
    const stack = synthEnvironment(name);
    const logGroup = resourceAt(stack, "aws_cloudwatch_log_group", "network/flow-log/log-group");
    const role = resourceAt(stack, "aws_iam_role", "network/flow-log/role");
    expect(logGroup.resource).toMatchObject({
      name: `/aws/vpc-flow-log/acme-${name}`,
      retention_in_days: shippedEnvironment(name).network.flowLogs?.retentionInDays,
    });
    expect(resourceAt(stack, "aws_flow_log", "network/flow-log/vpc-flow-log").resource).toMatchObject({
      vpc_id: resourceAt(stack, "aws_vpc", "network/vpc").ref("id"),
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
      log_destination: logGroup.ref("arn"),
      iam_role_arn: role.ref("arn"),
    });
    expect(statementsOf(stack, role.resource.assume_role_policy)).toEqual([
      expect.objectContaining({
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
        condition: expect.arrayContaining([
          {
            test: "StringEquals",
            variable: "aws:SourceAccount",
            values: ["${data.aws_caller_identity.current-account.account_id}"],
          },
        ]),
      }),
    ]);
    const policy = resourceAt(stack, "aws_iam_role_policy", "network/flow-log/role-policy").resource;
    expect(policy.role).toBe(role.ref("id"));
    expect(statementsOf(stack, policy.policy)).toEqual([
      expect.objectContaining({
        effect: "Allow",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        resources: [logGroup.ref("arn"), `${logGroup.ref("arn")}:*`],
      }),
    ]);
  });

  describe("with flow logs in S3", () => {
    const stack = synthEnvironment(
      changed("staging", (config) => void (config.network.flowLogs = { destination: "s3", retentionInDays: 90, trafficType: "REJECT" })),
    );

    it("writes them to an SSE-S3 bucket that expires them after the retention", () => {
      const bucket = resourceAt(stack, "aws_s3_bucket", "network/flow-log/destination-bucket/bucket");
      expect(resourceAt(stack, "aws_flow_log", "network/flow-log/vpc-flow-log").resource).toMatchObject({
        traffic_type: "REJECT",
        log_destination_type: "s3",
        log_destination: bucket.ref("arn"),
        depends_on: [`aws_s3_bucket_policy.${resourceAt(stack, "aws_s3_bucket_policy", "network/flow-log/destination-bucket/policy").name}`],
      });
      expect(resourceAt(stack, "aws_s3_bucket_server_side_encryption_configuration", "network/flow-log/destination-bucket/encryption").resource.rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: false },
      ]);
      expect(resourceAt(stack, "aws_s3_bucket_lifecycle_configuration", "network/flow-log/destination-bucket/lifecycle").resource.rule).toEqual([
        expect.objectContaining({ status: "Enabled", expiration: [{ days: 90 }] }),
      ]);
      expect(findByPath(stack, "aws_cloudwatch_log_group", "network/")).toEqual([]);
      expect(findByPath(stack, "aws_iam_role", "network/")).toEqual([]);
    });

    it("lets only this account's log delivery write the bucket", () => {
      const document = dataSourceAt(stack, "aws_iam_policy_document", "network/flow-log/destination-bucket/policy-document").resource;
      const bucketArn = resourceAt(stack, "aws_s3_bucket", "network/flow-log/destination-bucket/bucket").ref("arn");
      const sourceAccount = {
        test: "StringEquals",
        variable: "aws:SourceAccount",
        values: ["${data.aws_caller_identity.current-account.account_id}"],
      };
      const delivery = [{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }];
      expect(document.statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            sid: "AWSLogDeliveryWrite",
            actions: ["s3:PutObject"],
            resources: [`${bucketArn}/AWSLogs/\${data.aws_caller_identity.current-account.account_id}/*`],
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

  it("records no flow logs when they are turned off", () => {
    const stack = synthEnvironment(changed("dev", (config) => void (config.network.flowLogs = { enabled: false })));
    expect(resourcesOf(stack, "aws_flow_log")).toEqual({});
    expect(findByPath(stack, "aws_cloudwatch_log_group", "network/")).toEqual([]);
  });

  it.each(ENVIRONMENT_NAMES)("%s routes S3 and DynamoDB through gateway endpoints from wherever services run", (name) => {
    const stack = synthEnvironment(name);
    const needsPublic = shippedEnvironment(name).network.natStrategy === "none";
    const privateTables = new Set(subnetsOfTier(stack, "private").map((subnet) => routeTableOf(stack, subnet)));
    const publicTable = routeTableOf(stack, subnetsOfTier(stack, "public")[0]);
    for (const service of ["s3", "dynamodb"]) {
      const endpoint = resourceAt(stack, "aws_vpc_endpoint", `network/endpoints/${service}`).resource;
      expect(endpoint).toMatchObject({ vpc_endpoint_type: "Gateway", service_name: `com.amazonaws.eu-west-1.${service}` });
      expect(sorted(Object.values(endpoint.route_table_ids))).toEqual(
        sorted([...privateTables, ...(needsPublic ? [publicTable] : [])]),
      );
    }
  });

  it("leaves out gateway endpoints when they are turned off", () => {
    const stack = synthEnvironment(changed("dev", (config) => void (config.network.endpoints = { gateway: false })));
    expect(resourcesOf(stack, "aws_vpc_endpoint")).toEqual({});
  });

  it.each(ENVIRONMENT_NAMES)("%s has interface endpoints only when configured (prod), reachable on 443 from the VPC only", (name) => {
    const stack = synthEnvironment(name);
    const interfaces = Object.values(resourcesOf(stack, "aws_vpc_endpoint")).filter(
      (endpoint) => String(endpoint.vpc_endpoint_type) === "Interface",
    );
    const securityGroups = findByPath(stack, "aws_security_group", "network/endpoints/");
    if (!shippedEnvironment(name).network.endpoints?.interface) {
      expect(interfaces).toEqual([]);
      expect(securityGroups).toEqual([]);
      return;
    }
    expect(name).toBe("prod");
    const [group] = securityGroups;
    const privateSubnets = sorted(subnetsOfTier(stack, "private").map((subnet) => subnet.ref("id")));
    expect(sorted(interfaces.map((endpoint) => endpoint.service_name))).toEqual(
      ["ecr.api", "ecr.dkr", "logs", "secretsmanager"].map((service) => `com.amazonaws.eu-west-1.${service}`),
    );
    for (const endpoint of interfaces) {
      expect(endpoint).toMatchObject({ private_dns_enabled: true, security_group_ids: [group.ref("id")] });
      expect(sorted(Object.values(endpoint.subnet_ids))).toEqual(privateSubnets);
    }
    const ingress = Object.values(resourcesOf(stack, "aws_vpc_security_group_ingress_rule")).filter(
      (rule) => rule.security_group_id === (group.ref("id") as unknown as Json),
    );
    expect(ingress).toEqual([
      expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "10.30.0.0/16" }),
    ]);
    const egress = Object.values(resourcesOf(stack, "aws_vpc_security_group_egress_rule")).filter(
      (rule) => rule.security_group_id === (group.ref("id") as unknown as Json),
    );
    expect(egress).toEqual([]);
    expect(group.resource.ingress).toBeUndefined();
  });

  it.each(ENVIRONMENT_NAMES)("%s strips every rule from the VPC's default security group", (name) => {
    const stack = synthEnvironment(name);
    expect(stack.text).toHaveResourceWithProperties(DefaultSecurityGroup, {
      vpc_id: resourceAt(stack, "aws_vpc", "network/vpc").ref("id"),
      ingress: [],
      egress: [],
    });
  });

  it.each(ENVIRONMENT_NAMES)("%s has a DB subnet group of exactly the database subnets", (name) => {
    const stack = synthEnvironment(name);
    expect(stack.text).toHaveResourceWithProperties(DbSubnetGroup, { name: `acme-${name}-database` });
    const group = resourceAt(stack, "aws_db_subnet_group", "network/database-subnet-group").resource;
    expect(sorted(Object.values(group.subnet_ids))).toEqual(sorted(subnetsOfTier(stack, "database").map((s) => s.ref("id"))));
  });

  it.each(ENVIRONMENT_NAMES)("%s outputs the VPC, subnets, route tables and DB subnet group", (name) => {
    const { json } = synthEnvironment(name);
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
    expect(json.output.vpc_cidr.value).toBe(shippedEnvironment(name).network.cidr);
    expect(json.output.private_subnet_ids.value).toHaveLength(azsOf(name).length);
  });

  it.each(ENVIRONMENT_NAMES)("%s tells services where to run and whether they need a public IP", (name) => {
    const stack = buildPlatform(() => Testing.app(), bootstrap, [shippedEnvironment(name)]).environments.get(name);
    const network = stack?.network;
    const needsPublic = shippedEnvironment(name).network.natStrategy === "none";
    expect(network?.servicesNeedPublicIp).toBe(needsPublic);
    expect(network?.azs).toEqual(azsOf(name));
    expect(network?.serviceSubnetIds).toBe(needsPublic ? network?.publicSubnetIds : network?.privateSubnetIds);
    expect(network?.privateRouteTableIds).toHaveLength(shippedEnvironment(name).network.natStrategy === "perAz" ? azsOf(name).length : 1);
  });

  describe("keyed by AZ", () => {
    const before = synthEnvironment("dev");

    /** Subnet CIDRs by Terraform name (which cdktf derives from the construct path). */
    function subnetCidrs(stack: SynthesizedStack): Map<string, string> {
      return new Map(findByPath(stack, "aws_subnet", "network/").map(({ name, resource }) => [name, String(resource.cidr_block)]));
    }

    it("adding an AZ keeps every existing subnet's Terraform name and CIDR", () => {
      const after = subnetCidrs(synthEnvironment(changed("dev", (config) => void (config.network.azCount = 3))));
      expect(after.size).toBe(9);
      for (const [name, cidr] of subnetCidrs(before)) expect(after.get(name)).toBe(cidr);
    });

    it("removing the first AZ keeps the remaining AZ's subnets", () => {
      const after = subnetCidrs(
        synthEnvironment(changed("dev", (config) => void (config.network.azs = ["eu-west-1b", "eu-west-1c"]))),
      );
      const kept = SUBNET_TIERS.map((tier) => subnetAt(before, tier, "eu-west-1b"));
      for (const { name, resource } of kept) expect(after.get(name)).toBe(resource.cidr_block);
    });

    it("moving from one NAT gateway to one per AZ keeps the first AZ's gateway", () => {
      const single = synthEnvironment("staging");
      const perAz = synthEnvironment(changed("staging", (config) => void (config.network.natStrategy = "perAz")));
      const name = resourceAt(single, "aws_nat_gateway", "network/nat-gateway-eu-west-1a").name;
      expect(resourceAt(perAz, "aws_nat_gateway", "network/nat-gateway-eu-west-1a").name).toBe(name);
    });
  });
});
