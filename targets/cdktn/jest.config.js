/**
 * The project's jest config on the CDK Terrain target: the same tests, transform and setup, with
 * the cdktf imports answered by CDK Terrain's packages (target.js) and the snapshot serializer that
 * holds cdktn's output to the shared golden snapshot (known-differences.js). Run by
 * `npm run test:cdktn` under Node 22; alone: `CDK_TARGET=cdktn <node 22> node_modules/jest/bin/jest.js -c targets/cdktn/jest.config.js`.
 */
const path = require("path");
const projectConfig = require("../../jest.config.js");
const target = require("./target");

// Tests that pin per-target values read the target from here (__tests__/support/target.ts);
// set before jest starts its workers, which inherit it.
process.env.CDK_TARGET = target.NAME;
// cdktn has a switch for what the project's config does with a stub of cdktf's internal
// stack-trace module (see ../../jest.config.js): with it, tokens record no creation stack. The stub
// does not fit cdktn's module (it exports captureCreationStack as well), so it is left out here.
process.env.CDKTN_DISABLE_CREATION_STACK = "1";
const STACK_TRACE_STUB = "<rootDir>/__tests__/support/no-stack-trace.js";
const projectMappings = Object.entries(projectConfig.moduleNameMapper ?? {}).filter(([, to]) => to !== STACK_TRACE_STUB);

module.exports = {
  ...projectConfig,
  rootDir: path.resolve(__dirname, "..", ".."),
  moduleNameMapper: { ...Object.fromEntries(projectMappings), ...target.jestModuleNameMapper() },
  snapshotSerializers: [...(projectConfig.snapshotSerializers ?? []), path.join(__dirname, "snapshot-serializer.js")],
};
