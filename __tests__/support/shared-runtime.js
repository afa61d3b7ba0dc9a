"use strict";
/**
 * jest's module runtime, except that everything a test file imports (the project's modules, the
 * test support, cdktf, constructs, the provider bindings, zod: ~810 files, 18 MB of JavaScript) is
 * loaded once per worker process by Node itself, through the project's swc require hook
 * (scripts/register.js, as `npm run synth` loads it), and shared by every test file that worker
 * runs. Stock jest evaluates all of it again inside each file's sandbox: that was ~1.1 s of CPU
 * for each of the suite's 60 files, half of the suite's time.
 *
 * What stays per file, as in stock jest: the test file itself (transformed by the configured
 * transform, in its own sandbox, with its own `expect`, snapshot state and globals) and its
 * setup files. The shared modules keep no state between files that a test could read: the
 * project's modules hold constants only (no module-level `let` or cache), every test builds its
 * own App, inputs are copied before they are changed (support/config.ts), and the support's memo
 * of synthesized stacks is kept per test file (support/synth.ts). Should a test ever change a
 * shared object in place, the suite's order would start to matter: run the suspect file alone
 * (`npx jest <file>`) to tell.
 *
 * The shared modules live in the worker's realm (its Object, Array, Error), the test file in the
 * sandbox's. Nothing the suite asserts depends on that: jest's matchers compare across realms
 * (toEqual, toMatchObject, toThrow, toBeInstanceOf of a project class), and the suite uses no
 * `toStrictEqual` or `instanceof Error` on shared objects. Three adaptations make it transparent:
 * - requests from shared modules are mapped by the project's moduleNameMapper, as jest maps them
 *   (the stack-trace stub, and CDK Terrain's aliases on that target);
 * - the global `expect` the shared code sees (cdktf's jest matchers look it up) is the running
 *   file's;
 * - jest.mock of a shared module is not supported, nor coverage of one (the suite uses neither).
 */
const Module = require("module");
const path = require("path");
const JestRuntime = require("jest-runtime").default;

/** jest's own packages stay jest's: they hold per-file state (expect's, the snapshot's). */
const JEST_PACKAGES = /[\\/]node_modules[\\/](?:@jest[\\/]|jest-[^\\/]*[\\/]|jest[\\/]|expect[\\/]|pretty-format[\\/]|@swc[\\/]jest[\\/])/;

/** The file jest is running in this worker: its environment answers the shared code's `expect`. */
let currentEnvironment;
let rootDir;

/** Once per worker: the require hook for .ts, moduleNameMapper for shared modules' requests, and `expect`. */
function install(config) {
  if (rootDir !== undefined) return;
  rootDir = config.rootDir;
  require(path.join(rootDir, "scripts", "register.js"));
  const mappings = (config.moduleNameMapper ?? []).map(([from, to]) => [new RegExp(from), to]);
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveMapped(request, parent, ...rest) {
    if (parent && isShared(parent.filename ?? "")) {
      for (const [pattern, to] of mappings) {
        if (pattern.test(request)) return resolve.call(this, request.replace(pattern, to), parent, ...rest);
      }
    }
    return resolve.call(this, request, parent, ...rest);
  };
  Object.defineProperty(globalThis, "expect", { configurable: true, get: () => currentEnvironment?.global.expect });
}

function isShared(filename) {
  return filename.startsWith(rootDir) && !JEST_PACKAGES.test(filename);
}

class SharedRuntime extends JestRuntime {
  constructor(config, environment, resolver, transformer, cacheFS, coverageOptions, testPath, ...rest) {
    super(config, environment, resolver, transformer, cacheFS, coverageOptions, testPath, ...rest);
    install(config);
    currentEnvironment = environment;
    this.sharedTestPath = testPath;
  }

  requireModuleOrMock(from, moduleName) {
    if (moduleName !== "@jest/globals" && !moduleName.startsWith("node:") && !Module.isBuiltin(moduleName)) {
      const resolved = this._resolution.resolveCjs(from, moduleName);
      if (resolved !== this.sharedTestPath && isShared(resolved)) return require(resolved);
    }
    return super.requireModuleOrMock(from, moduleName);
  }
}

module.exports = SharedRuntime;
