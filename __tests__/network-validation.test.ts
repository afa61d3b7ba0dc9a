import { NatStrategy } from "../modules/network/schema";
import { EnvironmentInput } from "../modules/platform/schema";
import { minimalEnvironment, Overrides, validationMessage } from "./support/config";

type NetworkOverrides = NonNullable<Overrides<EnvironmentInput>["network"]>;

/** The message for the minimal environment ("test", eu-west-1, 10.99.0.0/16, 2 AZs) with these network overrides. */
function problemWith(network: NetworkOverrides): string {
  return validationMessage(minimalEnvironment({ network }));
}

const CIDR_EXPECTED = "expected an IPv4 network CIDR such as 10.0.0.0/16 with a prefix from /16 to /28 and no host bits set";
const SUBNET_EXPECTED = "expected an IPv4 CIDR from /16 to /28 with no host bits set, inside the VPC CIDR 10.99.0.0/16";

describe("network validation", () => {
  it.each<[string, NetworkOverrides]>([
    ["the minimal network (single NAT, 2 AZs)", {}],
    ["natStrategy none with flow logs kept 7 days", { natStrategy: "none", flowLogs: { retentionInDays: 7 } }],
    [
      "natStrategy perAz in 3 AZs with interface endpoints and flow logs kept 365 days",
      { natStrategy: "perAz", azCount: 3, flowLogs: { retentionInDays: 365 }, endpoints: { gateway: true, interface: true } },
    ],
    ["explicit AZs matching azCount", { azs: ["eu-west-1b", "eu-west-1c"] }],
  ])("GIVEN %s WHEN parsed THEN it is accepted", (_, network) => {
    expect(problemWith(network)).toBe("");
  });

  it.each([
    ["a malformed address", "10.99.0/16"],
    ["an octet above 255", "10.256.0.0/16"],
    ["a leading zero, which the AWS provider refuses", "10.099.0.0/16"],
    ["host bits set", "10.99.1.0/16"],
    ["a /29, smaller than AWS allows", "10.99.0.0/29"],
    ["a /15, larger than AWS allows", "10.98.0.0/15"],
  ])("GIVEN a VPC CIDR with %s WHEN parsed THEN it is rejected", (_, cidr) => {
    expect(problemWith({ cidr })).toContain(`environment "test": network.cidr is "${cidr}"; ${CIDR_EXPECTED}`);
  });

  it("GIVEN a VPC too small to carve subnets from WHEN parsed THEN it is rejected, naming the tiers it would carve", () => {
    expect(problemWith({ cidr: "10.99.0.0/23" })).toContain(
      'environment "test": network.cidr is "10.99.0.0/23"; expected a VPC of /22 or larger to carve public, private, database subnets from ' +
        "(or explicit publicSubnets, privateSubnets, databaseSubnets)",
    );
    expect(problemWith({ cidr: "10.99.0.0/24", publicSubnets: ["10.99.0.0/28", "10.99.0.16/28"] })).toContain(
      "to carve private, database subnets from (or explicit privateSubnets, databaseSubnets)",
    );
  });

  it("GIVEN a small VPC with every tier's subnets given WHEN parsed THEN it is accepted", () => {
    expect(
      problemWith({
        cidr: "10.99.0.0/24",
        publicSubnets: ["10.99.0.0/28", "10.99.0.16/28"],
        privateSubnets: ["10.99.0.64/26", "10.99.0.128/26"],
        databaseSubnets: ["10.99.0.32/28", "10.99.0.48/28"],
      }),
    ).toBe("");
  });

  it.each([0, 1, 7, 2.5])("GIVEN azCount %p WHEN parsed THEN it is rejected", (azCount) => {
    expect(problemWith({ azCount })).toContain(
      `environment "test": network.azCount is ${azCount}; expected a whole number of availability zones from 2 to 6`,
    );
  });

  it("GIVEN an availability zone of another region WHEN parsed THEN it is rejected, listing the region's AZs", () => {
    expect(problemWith({ azs: ["eu-west-1a", "us-east-1b"] })).toContain(
      'network.azs[1] is "us-east-1b"; expected an availability zone of eu-west-1: eu-west-1a, eu-west-1b, eu-west-1c',
    );
  });

  it("GIVEN an availability zone without a letter this platform can carve for WHEN parsed THEN it is rejected", () => {
    expect(problemWith({ azs: ["eu-west-1a", "eu-west-1z"] })).toContain('network.azs[1] is "eu-west-1z"');
  });

  it("GIVEN an availability zone listed twice WHEN parsed THEN it is rejected", () => {
    expect(problemWith({ azs: ["eu-west-1a", "eu-west-1a"] })).toContain(
      'network.azs is ["eu-west-1a","eu-west-1a"]; expected each availability zone once',
    );
  });

  it("GIVEN an AZ list that disagrees with azCount WHEN parsed THEN it is rejected", () => {
    expect(problemWith({ azs: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] })).toContain(
      'network.azs is ["eu-west-1a","eu-west-1b","eu-west-1c"]; expected azCount (2) availability zones',
    );
  });

  it("GIVEN an explicit subnet outside the VPC WHEN parsed THEN it is rejected", () => {
    expect(problemWith({ publicSubnets: ["10.99.128.0/22", "10.10.0.0/24"] })).toContain(
      `environment "test": network.publicSubnets[1] is "10.10.0.0/24"; ${SUBNET_EXPECTED}`,
    );
  });

  it("GIVEN explicit subnets with host bits set or outside /16 to /28 WHEN parsed THEN each is rejected", () => {
    const message = problemWith({ databaseSubnets: ["10.99.160.1/22", "10.99.164.0/29"] });
    expect(message).toContain(`network.databaseSubnets[0] is "10.99.160.1/22"; ${SUBNET_EXPECTED}`);
    expect(message).toContain(`network.databaseSubnets[1] is "10.99.164.0/29"; ${SUBNET_EXPECTED}`);
  });

  it("GIVEN an explicit subnet overlapping a carved one WHEN parsed THEN the explicit one is named", () => {
    expect(problemWith({ publicSubnets: ["10.99.0.0/24", "10.99.132.0/22"] })).toContain(
      'network.publicSubnets[0] is "10.99.0.0/24"; expected subnets that do not overlap; it overlaps the private subnet 10.99.0.0/20 (eu-west-1a)',
    );
  });

  it("GIVEN explicit subnets overlapping each other WHEN parsed THEN the later one is named", () => {
    expect(problemWith({ privateSubnets: ["10.99.0.0/20", "10.99.8.0/21"] })).toContain(
      'network.privateSubnets[1] is "10.99.8.0/21"; expected subnets that do not overlap; it overlaps the private subnet 10.99.0.0/20 (eu-west-1a)',
    );
  });

  it.each([
    [2, ["10.99.160.0/22"]],
    [3, ["10.99.160.0/22", "10.99.164.0/22"]],
  ])("GIVEN %i AZs and explicit subnets that are not one per AZ WHEN parsed THEN they are rejected", (azCount, databaseSubnets) => {
    expect(problemWith({ azCount, databaseSubnets })).toContain(
      `network.databaseSubnets is ${JSON.stringify(databaseSubnets)}; expected one CIDR per availability zone (${azCount})`,
    );
  });

  it("GIVEN problems in several tiers WHEN parsed THEN all of them are reported at once", () => {
    const message = problemWith({ publicSubnets: ["10.99.128.0/22"], privateSubnets: ["10.99.0.0/20", "10.10.0.0/20"] });
    expect(message).toContain("network.publicSubnets is");
    expect(message).toContain('network.privateSubnets[1] is "10.10.0.0/20"');
  });

  it("GIVEN an unknown NAT strategy WHEN parsed THEN the strategies are listed", () => {
    expect(problemWith({ natStrategy: "nat" as string as NatStrategy })).toContain(
      'environment "test": network.natStrategy is "nat"; expected one of none, endpoints, single, perAz, regional',
    );
  });

  it("GIVEN a flow-log retention CloudWatch Logs does not offer WHEN parsed THEN the offered ones are listed", () => {
    expect(problemWith({ flowLogs: { retentionInDays: 10 } })).toContain(
      "network.flowLogs.retentionInDays is 10; expected a CloudWatch Logs retention in days: 1, 3, 5, 7, 14, 30,",
    );
  });

  it("GIVEN flow logs in S3 WHEN parsed THEN any whole number of days is accepted, but not zero", () => {
    expect(problemWith({ flowLogs: { destination: "s3", retentionInDays: 10 } })).toBe("");
    expect(problemWith({ flowLogs: { destination: "s3", retentionInDays: 0 } })).toContain(
      "network.flowLogs.retentionInDays is 0; expected a whole number of days from 1 to 36500",
    );
  });

  it("GIVEN an unknown flow-log destination and traffic type WHEN parsed THEN both are rejected", () => {
    const message = problemWith({
      flowLogs: { destination: "kinesis" as string as "s3", trafficType: "SOME" as string as "ALL" },
    });
    expect(message).toContain('network.flowLogs.destination is "kinesis"; expected one of cloud-watch-logs, s3');
    expect(message).toContain('network.flowLogs.trafficType is "SOME"; expected one of ACCEPT, REJECT, ALL');
  });
});
