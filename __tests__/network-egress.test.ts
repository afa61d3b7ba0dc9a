import { EnvironmentInput } from "../modules/platform/schema";
import { interfaceEndpointsNeeded } from "../modules/platform/vpc-endpoint-needs";
import { parseConfiguration } from "../modules/platform/configuration";
import { bootstrapInput, Json, minimalEnvironment, Overrides, resourceAt, resourcesOf, synthEnvironment, validationMessage } from "./support/synth";

type ServiceInput = NonNullable<EnvironmentInput["services"]>[number];

const web = (overrides: Partial<ServiceInput> = {}): ServiceInput => ({
  ...(minimalEnvironment().services ?? [])[0],
  image: { source: "ecr", tag: "v1" },
  ...overrides,
});

function privateOnly(overrides: Overrides<EnvironmentInput> = {}): EnvironmentInput {
  return minimalEnvironment({ ...overrides, network: { natStrategy: "endpoints", ...overrides.network }, services: overrides.services ?? [web()] });
}

function interfaceServicesOf(input: EnvironmentInput): string[] {
  const stack = synthEnvironment(input);
  return Object.values(resourcesOf(stack, "aws_vpc_endpoint"))
    .filter((endpoint) => String(endpoint.vpc_endpoint_type) === "Interface")
    .map((endpoint) => String(endpoint.service_name).replace("com.amazonaws.eu-west-1.", ""))
    .sort();
}

describe("network egress", () => {
  describe('GIVEN natStrategy "endpoints"', () => {
    const input = privateOnly();

    it("WHEN synthesized THEN there is no NAT gateway and no Elastic IP, and the private route table has no default route", () => {
      const stack = synthEnvironment(input);
      expect(resourcesOf(stack, "aws_nat_gateway")).toEqual({});
      expect(resourcesOf(stack, "aws_eip")).toEqual({});
      expect(resourceAt(stack, "aws_route_table", "network/private-route-table").resource.route).toEqual([]);
      const defaultRoutes = Object.values(resourcesOf(stack, "aws_route")).filter((route) => route.destination_cidr_block === ("0.0.0.0/0" as unknown as Json));
      expect(defaultRoutes.map((route) => route.gateway_id)).toEqual([resourceAt(stack, "aws_internet_gateway", "network/internet-gateway").ref("id")]);
    });

    it("WHEN synthesized THEN services run in the private subnets without a public IP", () => {
      const stack = synthEnvironment(input);
      const network = resourceAt(stack, "aws_ecs_service", "service-web/service").resource.network_configuration;
      expect(network.assign_public_ip).toBe(false);
      expect(network.subnets).toEqual(["eu-west-1a", "eu-west-1b"].map((az) => resourceAt(stack, "aws_subnet", `network/private-${az}`).ref("id")));
    });

    it("WHEN synthesized THEN interface endpoints exist though the tier turns them off, with the S3 gateway endpoint for image layers", () => {
      expect(interfaceServicesOf(input)).toEqual(["ecr.api", "ecr.dkr", "logs"]);
      const stack = synthEnvironment(input);
      expect(resourceAt(stack, "aws_vpc_endpoint", "network/endpoints/s3").resource.vpc_endpoint_type).toBe("Gateway");
    });

    it("WHEN a service reads secrets, sends to a queue and the cluster allows ECS Exec THEN Secrets Manager, SSM, SQS, SSM messages and KMS endpoints are added", () => {
      const secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-key-AbCdEf";
      const parameterArn = "arn:aws:ssm:eu-west-1:123456789012:parameter/acme/flag";
      const busy = privateOnly({
        cluster: { enableExecuteCommand: true },
        queues: { jobs: {} },
        services: [web({ secrets: { API_KEY: secretArn, FLAG: parameterArn }, uses: { queues: { jobs: "send" } } })],
      });
      expect(interfaceServicesOf(busy)).toEqual(["ecr.api", "ecr.dkr", "kms", "logs", "secretsmanager", "sqs", "ssm", "ssmmessages"]);
    });

    it("WHEN the applications call another AWS API THEN network.endpoints.additionalInterface adds its endpoint", () => {
      expect(interfaceServicesOf(privateOnly({ network: { endpoints: { additionalInterface: ["sns"] } } }))).toContain("sns");
    });
  });

  describe("GIVEN an environment without services", () => {
    it("WHEN endpoints are derived THEN none is needed", () => {
      const [environment] = parseConfiguration(bootstrapInput, [minimalEnvironment({ services: [], loadBalancer: undefined })]).environments;
      expect(interfaceEndpointsNeeded(environment)).toEqual([]);
    });
  });

  describe('GIVEN natStrategy "endpoints" and a service that cannot live without the internet', () => {
    it("WHEN the service declares internetAccess THEN the problem names the service and the strategies to choose", () => {
      expect(validationMessage(privateOnly({ services: [web({ internetAccess: true })] }))).toContain(
        'environment "test": services[0].internetAccess is true; expected false with network.natStrategy "endpoints" (no route to the internet): give service web a NAT strategy ("regional", "single" or "perAz") or drop its internet calls',
      );
    });

    it("WHEN its image is on another registry THEN the image is refused", () => {
      const message = validationMessage(privateOnly({ services: [web({ image: { source: "uri", uri: "ghcr.io/acme/web:1" } })] }));
      expect(message).toContain('services[0].image.uri is "ghcr.io/acme/web:1"; expected an ECR image in eu-west-1 with network.natStrategy "endpoints"');
    });

    it("WHEN it is traced THEN tracing is refused: the collector image is on public ECR", () => {
      expect(validationMessage(privateOnly({ services: [web({ tracing: true })] }))).toContain("services[0].tracing is true; expected false with network.natStrategy");
    });

    it("WHEN gateway endpoints are turned off THEN that is refused: ECR layers come from S3", () => {
      expect(validationMessage(privateOnly({ network: { endpoints: { gateway: false } } }))).toContain("network.endpoints.gateway is false; expected true with network.natStrategy");
    });

    it("WHEN the image registries are in another region THEN the strategy is refused, naming both regions", () => {
      const elsewhere = privateOnly({ region: "eu-central-1", network: { azs: ["eu-central-1a", "eu-central-1b"] } });
      expect(validationMessage(elsewhere)).toContain("image registries are in eu-west-1, and VPC endpoints serve only their own region (eu-central-1)");
    });

    it("WHEN the service has internetAccess under a NAT strategy THEN it is valid", () => {
      expect(validationMessage(minimalEnvironment({ network: { natStrategy: "regional" }, services: [web({ internetAccess: true })] }))).toBe("");
    });
  });

  describe('GIVEN natStrategy "regional"', () => {
    const input = minimalEnvironment({ network: { natStrategy: "regional", azCount: 3 } });

    it("WHEN synthesized THEN one regional NAT gateway in automatic mode serves the VPC, without a subnet or an Elastic IP of ours", () => {
      const stack = synthEnvironment(input);
      const nats = Object.values(resourcesOf(stack, "aws_nat_gateway"));
      expect(nats).toHaveLength(1);
      const nat = resourceAt(stack, "aws_nat_gateway", "network/nat-gateway-regional");
      expect(nat.resource).toMatchObject({ availability_mode: "regional", connectivity_type: "public", vpc_id: resourceAt(stack, "aws_vpc", "network/vpc").ref("id") });
      expect(nat.resource.subnet_id).toBeUndefined();
      expect(nat.resource.allocation_id).toBeUndefined();
      expect(nat.resource.depends_on).toEqual([expect.stringMatching(/^aws_internet_gateway\.network_internet-gateway_/)]);
      expect(resourcesOf(stack, "aws_eip")).toEqual({});
    });

    it("WHEN synthesized THEN every private subnet shares one route table whose default route goes to it", () => {
      const stack = synthEnvironment(input);
      const table = resourceAt(stack, "aws_route_table", "network/private-route-table");
      const route = resourceAt(stack, "aws_route", "network/private-nat-route").resource;
      expect(route).toMatchObject({ route_table_id: table.ref("id"), destination_cidr_block: "0.0.0.0/0", nat_gateway_id: resourceAt(stack, "aws_nat_gateway", "network/nat-gateway-regional").ref("id") });
      const associations = Object.values(resourcesOf(stack, "aws_route_table_association")).filter((association) => association.route_table_id === (table.ref("id") as unknown as Json));
      expect(associations).toHaveLength(3);
    });
  });
});

describe('GIVEN natStrategy "endpoints" and a service that uses the database', () => {
  const database = { instanceClass: "db.t4g.micro", allocatedStorage: 20, maxAllocatedStorage: 50 };
  const withDatabase = (setupImage?: string) =>
    minimalEnvironment({
      network: { natStrategy: "endpoints" },
      database: { ...database, ...(setupImage ? { setupImage } : {}) },
      services: [{ ...(minimalEnvironment().services ?? [])[0], image: { source: "ecr", tag: "v1" }, uses: { database: "read-write" } }],
    });

  it("WHEN the users' setup task keeps its ECR Public image THEN the image is refused, naming where a copy must be", () => {
    expect(validationMessage(withDatabase())).toContain("database.setupImage is not set; expected a copy of a psql 15+ image in eu-west-1's ECR");
  });

  it("WHEN its image is a copy in the region's ECR THEN it is used, and the task may reach the endpoints like the services", () => {
    const image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/postgres:17-alpine";
    const stack = synthEnvironment(withDatabase(image));
    const definition = Object.values(resourcesOf(stack, "aws_ecs_task_definition")).find((candidate) => String(candidate.family).endsWith("database-setup"));
    expect(JSON.parse(String(definition?.container_definitions))[0].image).toBe(image);
    const setupGroup = resourceAt(stack, "aws_security_group", "database/users/setup/security-group");
    const endpointsGroup = resourceAt(stack, "aws_security_group", "network/endpoints/security-group");
    const admitted = Object.values(resourcesOf(stack, "aws_vpc_security_group_ingress_rule")).filter(
      (rule) => rule.security_group_id === (endpointsGroup.ref("id") as unknown as Json) && rule.referenced_security_group_id === (setupGroup.ref("id") as unknown as Json),
    );
    expect(admitted).toHaveLength(1);
  });
});
