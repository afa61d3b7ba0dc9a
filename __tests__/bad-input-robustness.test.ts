import { ConfigValidationError } from "../modules/core/problems";
import { parseConfiguration } from "../modules/platform/configuration";
import * as eventPlatform from "../examples/event-platform";
import * as teet from "../examples/teet";
import { bootstrapInput, ENVIRONMENT_NAMES, shippedEnvironment } from "./support/config";

type Path = readonly (string | number)[];

/** Every path of `value` that holds something (objects, lists and leaves alike). */
function pathsOf(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return [path, ...value.flatMap((item, index) => pathsOf(item, [...path, index]))];
  if (value !== null && typeof value === "object") return [path, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...path, key]))];
  return [path];
}

function withValueAt(input: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(input) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = replacement;
  return copy;
}

/** Values of every wrong shape a hurried edit produces: nothing, the wrong type, an empty thing. */
const WRONG_VALUES: readonly unknown[] = [null, 0, "x", [], {}];

describe("bad input of any shape", () => {
  // The shipped environments, and the examples' productions for the front doors they add (CDN, HTTP API).
  const inputs: readonly [string, unknown][] = [
    ...ENVIRONMENT_NAMES.map((name): [string, unknown] => [name, shippedEnvironment(name)]),
    ["event-platform prod", eventPlatform.environments.find((environment) => environment.environment === "prod")],
    ["teet prod", teet.environments.find((environment) => environment.environment === "prod")],
  ];

  it.each(inputs)("GIVEN each field of %s replaced by a value of each wrong shape WHEN parsed THEN the result is valid or a list of problems, never another error", (_name, input) => {
    const unexpected: string[] = [];
    for (const path of pathsOf(input).filter((candidate) => candidate.length > 0)) {
      for (const wrong of WRONG_VALUES) {
        try {
          parseConfiguration(bootstrapInput, [withValueAt(input, path, wrong)]);
        } catch (error) {
          if (!(error instanceof ConfigValidationError)) unexpected.push(`${path.join(".")} = ${JSON.stringify(wrong)}: ${String(error)}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
  });
});
