import { NatStrategy } from "../modules/network/schema";
import { changed, ENVIRONMENT_NAMES, validationMessage } from "./support/synth";

/** The message for dev (10.10.0.0/16, eu-west-1, 2 AZs) with one change. */
function problemWith(change: Parameters<typeof changed>[1]): string {
  return validationMessage(changed("dev", change));
}

const CIDR_EXPECTED = "expected an IPv4 network CIDR such as 10.0.0.0/16 with a prefix from /16 to /28 and no host bits set";
const SUBNET_EXPECTED = "expected an IPv4 CIDR from /16 to /28 with no host bits set, inside the VPC CIDR 10.10.0.0/16";

describe("network validation", () => {
  it.each(ENVIRONMENT_NAMES)("accepts the shipped %s network", (name) => {
    expect(validationMessage(changed(name, () => undefined))).toBe("");
  });

  it.each([
    ["a malformed address", "10.10.0/16"],
    ["an octet above 255", "10.256.0.0/16"],
    ["a leading zero, which the AWS provider refuses", "10.010.0.0/16"],
    ["host bits set", "10.10.1.0/16"],
    ["a /29, smaller than AWS allows", "10.10.0.0/29"],
    ["a /15, larger than AWS allows", "10.10.0.0/15"],
  ])("rejects a VPC CIDR with %s", (_, cidr) => {
    expect(problemWith((config) => void (config.network.cidr = cidr))).toContain(
      `environment "dev": network.cidr is "${cidr}"; ${CIDR_EXPECTED}`,
    );
  });

  it("rejects a VPC too small to carve subnets from, naming the tiers it would carve", () => {
    expect(problemWith((config) => void (config.network.cidr = "10.10.0.0/23"))).toContain(
      'network.cidr is "10.10.0.0/23"; expected a VPC of /22 or larger to carve public, private, database subnets from ' +
        "(or explicit publicSubnets, privateSubnets, databaseSubnets)",
    );
    expect(
      problemWith((config) => {
        config.network.cidr = "10.10.0.0/24";
        config.network.publicSubnets = ["10.10.0.0/28", "10.10.0.16/28"];
      }),
    ).toContain("to carve private, database subnets from (or explicit privateSubnets, databaseSubnets)");
  });

  it("accepts a small VPC when every tier's subnets are given", () => {
    expect(
      problemWith((config) => {
        config.network.cidr = "10.10.0.0/24";
        config.network.publicSubnets = ["10.10.0.0/28", "10.10.0.16/28"];
        config.network.privateSubnets = ["10.10.0.64/26", "10.10.0.128/26"];
        config.network.databaseSubnets = ["10.10.0.32/28", "10.10.0.48/28"];
      }),
    ).toBe("");
  });

  it.each([0, 1, 7, 2.5])("rejects azCount %p", (azCount) => {
    expect(problemWith((config) => void (config.network.azCount = azCount))).toContain(
      `network.azCount is ${azCount}; expected a whole number of availability zones from 2 to 6`,
    );
  });

  it("rejects an availability zone of another region", () => {
    expect(problemWith((config) => void (config.network.azs = ["eu-west-1a", "us-east-1b"]))).toContain(
      'network.azs[1] is "us-east-1b"; expected an availability zone of eu-west-1: eu-west-1a, eu-west-1b, eu-west-1c',
    );
  });

  it("rejects an availability zone without a letter this platform can carve for", () => {
    expect(problemWith((config) => void (config.network.azs = ["eu-west-1a", "eu-west-1z"]))).toContain(
      'network.azs[1] is "eu-west-1z"',
    );
  });

  it("rejects an availability zone listed twice", () => {
    expect(problemWith((config) => void (config.network.azs = ["eu-west-1a", "eu-west-1a"]))).toContain(
      'network.azs is ["eu-west-1a","eu-west-1a"]; expected each availability zone once',
    );
  });

  it("rejects an AZ list that disagrees with azCount", () => {
    expect(problemWith((config) => void (config.network.azs = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]))).toContain(
      'network.azs is ["eu-west-1a","eu-west-1b","eu-west-1c"]; expected azCount (2) availability zones',
    );
  });

  it("rejects an explicit subnet outside the VPC", () => {
    expect(problemWith((config) => void (config.network.publicSubnets = ["10.10.128.0/22", "10.99.0.0/24"]))).toContain(
      `network.publicSubnets[1] is "10.99.0.0/24"; ${SUBNET_EXPECTED}`,
    );
  });

  it("rejects an explicit subnet with host bits set or outside /16 to /28", () => {
    const message = problemWith((config) => void (config.network.databaseSubnets = ["10.10.160.1/22", "10.10.164.0/29"]));
    expect(message).toContain(`network.databaseSubnets[0] is "10.10.160.1/22"; ${SUBNET_EXPECTED}`);
    expect(message).toContain(`network.databaseSubnets[1] is "10.10.164.0/29"; ${SUBNET_EXPECTED}`);
  });

  it("rejects an explicit subnet overlapping a carved one, naming the explicit one", () => {
    expect(problemWith((config) => void (config.network.publicSubnets = ["10.10.0.0/24", "10.10.132.0/22"]))).toContain(
      'network.publicSubnets[0] is "10.10.0.0/24"; expected subnets that do not overlap; it overlaps the private subnet 10.10.0.0/20 (eu-west-1a)',
    );
  });

  it("rejects explicit subnets overlapping each other", () => {
    expect(problemWith((config) => void (config.network.privateSubnets = ["10.10.0.0/20", "10.10.8.0/21"]))).toContain(
      'network.privateSubnets[1] is "10.10.8.0/21"; expected subnets that do not overlap; it overlaps the private subnet 10.10.0.0/20 (eu-west-1a)',
    );
  });

  it("rejects explicit subnets that are not one per AZ", () => {
    expect(problemWith((config) => void (config.network.databaseSubnets = ["10.10.160.0/22"]))).toContain(
      'network.databaseSubnets is ["10.10.160.0/22"]; expected one CIDR per availability zone (2)',
    );
  });

  it("reports the problems of every tier at once", () => {
    const message = problemWith((config) => {
      config.network.publicSubnets = ["10.10.128.0/22"];
      config.network.privateSubnets = ["10.10.0.0/20", "10.99.0.0/20"];
    });
    expect(message).toContain("network.publicSubnets is");
    expect(message).toContain('network.privateSubnets[1] is "10.99.0.0/20"');
  });

  it("rejects an unknown NAT strategy", () => {
    expect(problemWith((config) => void (config.network.natStrategy = "nat" as string as NatStrategy))).toContain(
      'network.natStrategy is "nat"; expected one of none, single, perAz',
    );
  });

  it("rejects a flow-log retention CloudWatch Logs does not offer", () => {
    expect(problemWith((config) => void (config.network.flowLogs = { retentionInDays: 10 }))).toContain(
      "network.flowLogs.retentionInDays is 10; expected a CloudWatch Logs retention in days: 1, 3, 5, 7, 14, 30,",
    );
  });

  it("accepts any whole number of days for flow logs in S3, but not zero", () => {
    expect(problemWith((config) => void (config.network.flowLogs = { destination: "s3", retentionInDays: 10 }))).toBe("");
    expect(problemWith((config) => void (config.network.flowLogs = { destination: "s3", retentionInDays: 0 }))).toContain(
      "network.flowLogs.retentionInDays is 0; expected a whole number of days from 1 to 36500",
    );
  });

  it("rejects an unknown flow-log destination and traffic type", () => {
    const message = problemWith(
      (config) =>
        void (config.network.flowLogs = {
          destination: "kinesis" as string as "s3",
          trafficType: "SOME" as string as "ALL",
        }),
    );
    expect(message).toContain('network.flowLogs.destination is "kinesis"; expected one of cloud-watch-logs, s3');
    expect(message).toContain('network.flowLogs.trafficType is "SOME"; expected one of ACCEPT, REJECT, ALL');
  });
});
