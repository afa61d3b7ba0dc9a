/**
 * The build target the suite runs on: cdktf (the default, `npm test`) or CDK Terrain
 * (`npm run test:cdktn`, whose jest config sets CDK_TARGET; see targets/cdktn/). Tests that pin a
 * value the two targets legitimately differ in (targets/cdktn/known-differences.js) pin it per target.
 */
export type Target = "cdktf" | "cdktn";

export const TARGET: Target = process.env.CDK_TARGET === "cdktn" ? "cdktn" : "cdktf";

/** Per-target expectation: the value for the target this run is on. */
export function onTarget<T>(values: Readonly<Record<Target, T>>): T {
  return values[TARGET];
}
