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
  runtime: "<rootDir>/__tests__/support/shared-runtime.js",
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup.ts"],
  // cdktf captures an unlimited-depth stack trace for every token it creates, only to quote it if
  // the token cannot be resolved; inside jest each trace is source-mapped, which was half of the
  // suite's time. Tests swap that internal module for a stub. Should cdktf (or its fork) move the
  // module, the mapping simply stops matching: the suite stays correct, only slower. The product
  // code itself uses no cdktf internals.
  moduleNameMapper: {
    "^(?:\\.{1,2}/)+(?:tokens/)?(?:private/)?stack-trace$": "<rootDir>/__tests__/support/no-stack-trace.js",
  },
};
