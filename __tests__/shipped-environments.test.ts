import { parseConfiguration } from "../modules/platform/configuration";
import { bootstrapInput, ENVIRONMENT_NAMES, onlyResource, resourcesOf, shippedEnvironment, synthBootstrap, synthEnvironment } from "./support/synth";
import { environments } from "../environments";
import { bootstrapParts, SHARED_PART } from "./support/bootstrap-parts";

/**
 * The shipped environments as a user gets them: they parse, synthesize, keep the guarantees that
 * tell the tiers apart, and each stack's JSON is pinned by one golden snapshot, so any change to
 * the output is a snapshot diff to read in review.
 */
describe("the shipped configuration", () => {
  it("parses as a whole", () => {
    expect(() => parseConfiguration(bootstrapInput, environments)).not.toThrow();
  });

  describe("the bootstrap stack, pinned in parts so that a new environment adds a part and changes no other", () => {
    const parts = bootstrapParts(JSON.parse(synthBootstrap().text), ENVIRONMENT_NAMES);

    it("GIVEN the parts THEN every environment has one, beside the shared one", () => {
      expect([...parts.keys()].sort()).toEqual([SHARED_PART, ...ENVIRONMENT_NAMES].sort());
    });

    // Pinned as objects, beside the provider requirements, which differ by target (cdktf writes
    // "aws", CDK Terrain "hashicorp/aws": targets/cdktn/known-differences.js) and are pinned in
    // every environment's snapshot, where the cdktn serializer maps them back.
    const pinned = (name: string) => {
      const part = parts.get(name) as { terraform?: { required_providers?: unknown } } | undefined;
      if (!part?.terraform) return part;
      const { required_providers: _targetSpecific, ...terraform } = part.terraform;
      return { ...part, terraform };
    };

    it.each([SHARED_PART, ...ENVIRONMENT_NAMES])("synthesizes the bootstrap's %s part as pinned", (name) => {
      expect(pinned(name)).toMatchSnapshot();
    });
  });

  it.each(ENVIRONMENT_NAMES)("synthesizes %s as pinned", (name) => {
    expect(synthEnvironment(name).text).toMatchSnapshot();
  });
});

describe("guarantees of the shipped tiers", () => {
  it("dev is cheap: no NAT gateway, a single-AZ database without protection", () => {
    const dev = synthEnvironment("dev");
    expect(resourcesOf(dev, "aws_nat_gateway")).toEqual({});
    expect(Object.values(resourcesOf(dev, "aws_db_instance"))).toEqual([
      expect.objectContaining({ multi_az: false, deletion_protection: false }),
    ]);
  });

  it("prod is safe: a NAT gateway per AZ, a protected Multi-AZ database with a replica, a protected HTTPS load balancer", () => {
    const prod = synthEnvironment("prod");
    const azCount = shippedEnvironment("prod").network.azCount;
    expect(Object.keys(resourcesOf(prod, "aws_nat_gateway"))).toHaveLength(azCount);
    const [primary, ...replicas] = Object.values(resourcesOf(prod, "aws_db_instance"));
    expect(primary).toMatchObject({ multi_az: true, deletion_protection: true, skip_final_snapshot: false });
    expect(replicas).toHaveLength(1);
    expect(onlyResource(prod, "aws_lb")).toMatchObject({ enable_deletion_protection: true });
    expect(Object.values(resourcesOf(prod, "aws_lb_listener")).map((listener) => listener.protocol).sort()).toEqual(["HTTP", "HTTPS", "HTTPS"]); // redirect, production, the canary's test listener
  });
});
