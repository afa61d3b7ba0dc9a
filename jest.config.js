/**
 * Tests are transpiled by swc (no type checking; `npm run typecheck` does that with the native
 * TypeScript compiler), which is what keeps the suite fast: see README, "Performance".
 */
module.exports = {
  testEnvironment: "node",
  // Jest's default is cores - 1, a single worker on a 2-core CI machine; the files are independent.
  maxWorkers: "100%",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" }, swcrc: false },
    ],
  },
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup.ts"],
};
