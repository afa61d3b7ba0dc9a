import { TerraformResource, Testing } from "cdktf";
import * as eventPlatform from "../examples/event-platform";
import * as nodeApp from "../examples/node-app";
import * as safetyHeatmap from "../examples/safety-heatmap";
import * as teet from "../examples/teet";
import * as ticketBooking from "../examples/ticket-booking";
import { bootstrap as shippedBootstrap, environments as shippedEnvironments } from "../environments";
import { REPLACEABLE_RESOURCE_TYPES } from "../modules/core/replaceable";
import { BOOTSTRAP_DECLARATIONS, CAPABILITIES, partInScope, PASSED_TO_SERVICES, RESOURCE_DECLARATIONS } from "../modules/platform/capabilities";
import { buildPlatform } from "../modules/platform/platform";
import { TIER_DEFAULTS } from "../modules/platform/tiers";
import { Json, synthesized, SynthesizedStack } from "./support/synth";

/**
 * The capability list as the platform's one source: every resource an environment stack holds is
 * declared by the part that creates it, replaceable named resources follow the lifecycle
 * convention, and what the platform composes from the list (tiers, passed roles) is complete.
 */
const CONFIGURATIONS: readonly { name: string; bootstrap: unknown; environments: readonly unknown[] }[] = [
  { name: "shipped", bootstrap: shippedBootstrap, environments: shippedEnvironments },
  ...Object.entries({ eventPlatform, nodeApp, safetyHeatmap, teet, ticketBooking }).map(([name, example]) => ({ name, ...example })),
];

interface Resource {
  readonly where: string;
  readonly type: string;
  /** The top-level construct that created it, e.g. "cache", "load-balancer", "service-api". */
  readonly owner: string;
  readonly body: Json;
}

function resourcesIn(label: string, stack: SynthesizedStack): Resource[] {
  const bodies = (stack.json.resource ?? {}) as Record<string, Record<string, Json>>;
  const stackPath = stack.stack.node.path;
  return stack.stack.node
    .findAll()
    .filter((construct): construct is TerraformResource => construct instanceof TerraformResource)
    .map((construct) => {
      const type = construct.terraformResourceType;
      const name = stack.stack.getLogicalId(construct);
      return {
        where: `${label} ${type}.${name}`,
        type,
        owner: construct.node.path.slice(stackPath.length + 1).split("/")[0],
        body: bodies[type][name],
      };
    });
}

/** Each configuration built once, for every test here. */
const PLATFORMS = CONFIGURATIONS.map(({ name, bootstrap, environments }) => ({ name, platform: buildPlatform(() => Testing.app(), bootstrap, environments) }));

const RESOURCES: readonly Resource[] = PLATFORMS.flatMap(({ name, platform }) =>
  [...platform.environments].flatMap(([environment, stack]) => resourcesIn(`${name}/${environment}`, synthesized(stack))),
);

/** The resource types of every bootstrap stack (the state account's and each other account's). */
const BOOTSTRAP_TYPES: readonly { readonly where: string; readonly type: string }[] = PLATFORMS.flatMap(({ name, platform }) =>
  [platform.bootstrap, ...platform.accounts.values()].flatMap((stack) =>
    Object.keys((synthesized(stack).json.resource ?? {}) as Json).map((type) => ({ where: `${name}/${stack.node.id}`, type })),
  ),
);

describe("GIVEN every shipped environment and every example", () => {
  it("THEN each resource is of a type the part that created it declares", () => {
    const undeclared = RESOURCES.filter((resource) => !partInScope(resource.owner)?.resourceTypes.includes(resource.type)).map(
      (resource) => `${resource.where} (created by ${resource.owner})`,
    );
    expect(undeclared).toEqual([]);
  });

  it.each(Object.keys(REPLACEABLE_RESOURCE_TYPES))("THEN every %s is replaced create-before-destroy", (type) => {
    const found = RESOURCES.filter((resource) => resource.type === type);
    const destroyedFirst = found.filter(
      (resource) => String((resource.body.lifecycle as Json | undefined)?.create_before_destroy) !== "true",
    );
    expect(destroyedFirst.map((resource) => resource.where)).toEqual([]);
  });

  it("THEN every security group is named by prefix, so its replacement never clashes with it", () => {
    const named = RESOURCES.filter(
      (resource) => resource.type === "aws_security_group" && (resource.body.name !== undefined || resource.body.name_prefix === undefined),
    );
    expect(named.map((resource) => resource.where)).toEqual([]);
    expect(RESOURCES.some((resource) => resource.type === "aws_security_group" && resource.owner === "cache")).toBe(true);
  });
});

describe("GIVEN every shipped and example bootstrap stack", () => {
  it("THEN each resource type in it is declared by a part of the bootstrap (state, registries, delivery)", () => {
    expect(BOOTSTRAP_TYPES.length).toBeGreaterThan(10);
    const declared = new Set(BOOTSTRAP_DECLARATIONS.flatMap((declaration) => declaration.resourceTypes));
    expect(BOOTSTRAP_TYPES.filter(({ type }) => !declared.has(type)).map(({ where, type }) => `${where}: ${type}`)).toEqual([]);
  });
});

describe("GIVEN the capability list", () => {
  it.each([...RESOURCE_DECLARATIONS, ...BOOTSTRAP_DECLARATIONS].map((declaration) => [declaration.name, declaration] as const))(
    "THEN %s declares free only resource types it creates, each once",
    (_name, declaration) => {
      expect(declaration.freeResourceTypes.filter((type) => !declaration.resourceTypes.includes(type))).toEqual([]);
      expect(new Set(declaration.resourceTypes).size).toBe(declaration.resourceTypes.length);
    },
  );

  it("THEN keys are unique and every tiered capability has its defaults in each tier's table", () => {
    const keys = CAPABILITIES.map((capability) => capability.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const capability of CAPABILITIES) {
      if (!capability.tierDefaults) continue;
      for (const tier of ["development", "staging", "production"] as const) {
        expect((TIER_DEFAULTS[tier] as Record<string, unknown>)[capability.key]).toBe(capability.tierDefaults[tier]);
      }
    }
  });

  it("THEN the apply role may pass roles to every service a part declares, and to no other", () => {
    const declared = RESOURCE_DECLARATIONS.flatMap((declaration) => declaration.passesRolesTo ?? []);
    expect([...PASSED_TO_SERVICES].sort()).toEqual([...new Set(declared)].sort());
    expect(PASSED_TO_SERVICES).toEqual(
      expect.arrayContaining(["ecs-tasks.amazonaws.com", "rds.amazonaws.com", "monitoring.rds.amazonaws.com"]),
    );
  });
});
