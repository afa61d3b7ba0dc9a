"use strict";
/**
 * jest's module runtime, except that the framework's packages (cdktf, constructs, the provider
 * bindings, zod: 17 MB of JavaScript in ~580 files) are loaded once per worker process by Node
 * itself and shared by every test file that worker runs, instead of being evaluated again inside
 * each file's sandbox. That reload was ~1.1 s of every one of the suite's files.
 *
 * What stays per file, as jest does it: the project's own modules (modules/, environments/,
 * examples/, scripts/, the tests), transpiled by the configured transform, with a fresh registry,
 * so no test sees another file's module state. The shared packages keep no state a test reads:
 * every test builds its own App. (cdktf's one global registry, its token map, only grows: tokens
 * made while its modules load must stay resolvable.)
 *
 * The shared packages live in the worker's own realm (its Object, Array, Error), the test file in
 * jest's sandbox realm; the code crossing the boundary only passes plain data, strings and
 * construct objects, and the suite asserts on synthesized JSON parsed in the test's realm. Two
 * adaptations make it transparent:
 * - requests the shared packages make are mapped by the project's moduleNameMapper as jest would
 *   (the stack-trace stub, and CDK Terrain's aliases on that target);
 * - cdktf's jest matchers look up the global `expect`, which they find as the running file's.
 * jest.mock of a shared package is not supported (the suite mocks nothing).
 */
const Module = require("module");
const path = require("path");
const JestRuntime = require("jest-runtime").default;

/** Packages loaded once per worker, on either target (cdktf's names and CDK Terrain's). */
const SHARED = /[\\/]node_modules[\\/](?:cdktf|cdktn|constructs|zod|@cdktf[\\/]provider-[^\\/]+|@cdktn[\\/]provider-[^\\/]+)[\\/]/;

/** The file jest is running in this worker: its environment answers the shared code's `expect`. */
let currentEnvironment;
let installed = false;

/** Once per worker: moduleNameMapper for requests made from inside the shared packages, and `expect`. */
function install(config) {
  if (installed) return;
  installed = true;
  const mappings = (config.moduleNameMapper ?? []).map(([from, to]) => [new RegExp(from), to]);
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveMapped(request, parent, ...rest) {
    if (parent && SHARED.test(parent.filename ?? "")) {
      for (const [pattern, to] of mappings) {
        const match = pattern.exec(request);
        if (match) return resolve.call(this, request.replace(pattern, to.replace(/<rootDir>/g, config.rootDir)), parent, ...rest);
      }
    }
    return resolve.call(this, request, parent, ...rest);
  };
  Object.defineProperty(globalThis, "expect", { configurable: true, get: () => currentEnvironment?.global.expect });
}

function isPackageRequest(moduleName) {
  const first = moduleName.charCodeAt(0);
  return first !== 46 /* . */ && first !== 47 /* / */ && !moduleName.startsWith("node:");
}

class SharedRuntime extends JestRuntime {
  constructor(config, environment, ...rest) {
    super(config, environment, ...rest);
    install(config);
    currentEnvironment = environment;
  }

  requireModuleOrMock(from, moduleName) {
    if (isPackageRequest(moduleName)) {
      const resolved = this._resolution.resolveCjs(from, moduleName);
      if (SHARED.test(resolved)) return require(resolved);
    }
    return super.requireModuleOrMock(from, moduleName);
  }
}

module.exports = SharedRuntime;
