/**
 * The stock cdktf test setup, for `npm run bench` only: the project's jest config with ts-jest
 * (type-checking transform, default diagnostics) instead of @swc/jest. Not used by `npm test`.
 */
const path = require("path");
const projectConfig = require("../jest.config.js");

const rootDir = path.resolve(__dirname, "..");

module.exports = {
  ...projectConfig,
  rootDir,
  // The stock setup keeps cdktf's stack traces (see moduleNameMapper in jest.config.js).
  moduleNameMapper: {},
  // Stock jest's per-file module loading, not the project's shared runtime (__tests__/support/shared-runtime.js).
  runtime: undefined,
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: path.join(rootDir, "tsconfig.json") }],
  },
};
