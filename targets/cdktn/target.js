// The framework-import seam for the CDK Terrain target. The sources import cdktf's packages by
// their cdktf names (`cdktf`, `@cdktf/provider-aws/lib/<x>`, ...); on this target each of those
// requests is answered by the package CDK Terrain publishes in its place, installed under
// targets/cdktn/node_modules. Three consumers apply the same table, so the sources need no fork:
// - scripts/register.js (synth and scripts): a require hook, when CDK_TARGET=cdktn;
// - targets/cdktn/jest.config.js: moduleNameMapper entries;
// - targets/cdktn/tsconfig.json: `paths` (static JSON, checked against this table by check()).
// `constructs` is aliased too: cdktn needs >= 10.6 < 10.8, and a second copy (the root's 10.8.1)
// would split the construct tree's classes in two.
"use strict";
const { readFileSync } = require("fs");
const Module = require("module");
const { join } = require("path");

const NAME = "cdktn";
const DIR = __dirname;
const MODULES = join(DIR, "node_modules");

/** Package a source imports (cdktf name) → package that answers it on this target. */
const ALIASES = Object.freeze({
  cdktf: "cdktn",
  "@cdktf/provider-aws": "@cdktn/provider-aws",
  "@cdktf/provider-random": "@cdktn/provider-random",
  constructs: "constructs",
});

// One pass over the request: the package name, then an optional deep path. Anything else
// (`cdktf-cli`, `constructs-x`, relative paths) does not match and resolves as before.
const REQUEST = new RegExp(`^(${Object.keys(ALIASES).map((name) => name.replace(/[/.]/g, "\\$&")).join("|")})((?:/.*)?)$`);

/** Absolute path answering `request` on this target, or undefined when the request is not aliased. */
function rewrite(request) {
  const match = REQUEST.exec(request);
  return match ? join(MODULES, ALIASES[match[1]]) + match[2] : undefined;
}

let installed = false;

/**
 * Routes require() of the aliased packages to this target. Deep imports stay deep: the request
 * is rewritten to the same file under the target's package, nothing else is loaded.
 */
function installRequireAlias() {
  if (installed) return;
  installed = true;
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveOnTarget(request, ...rest) {
    // Cheap first-character test: almost every request is relative or another package.
    const first = request.charCodeAt(0);
    const aliased = first === 99 /* c */ || first === 64 /* @ */ ? rewrite(request) : undefined;
    return resolve.call(this, aliased ?? request, ...rest);
  };
}

/** jest moduleNameMapper entries: the same table, as regular expressions. */
function jestModuleNameMapper() {
  const entries = {};
  for (const [from, to] of Object.entries(ALIASES)) {
    entries[`^${from.replace(/[/.]/g, "\\$&")}((?:/.*)?)$`] = `${join(MODULES, to)}$1`;
  }
  return entries;
}

/** tsconfig `paths` the table implies (relative to targets/cdktn/tsconfig.json). */
function tsconfigPaths() {
  const paths = {};
  for (const [from, to] of Object.entries(ALIASES)) {
    paths[from] = [`./node_modules/${to}`];
    paths[`${from}/*`] = [`./node_modules/${to}/*`];
  }
  return paths;
}

/** Versions this target runs: framework, provider bindings and the Terraform providers they were generated for. */
function versions() {
  const manifest = (name) => JSON.parse(readFileSync(join(MODULES, name, "package.json"), "utf8"));
  const bindings = (name) => {
    const pkg = manifest(name);
    return { package: `${name}@${pkg.version}`, provider: `${pkg.cdktf.provider.name}@${pkg.cdktf.provider.version}` };
  };
  return {
    framework: `cdktn@${manifest("cdktn").version}`,
    cli: `cdktn-cli@${manifest("cdktn-cli").version}`,
    constructs: `constructs@${manifest("constructs").version}`,
    aws: bindings("@cdktn/provider-aws"),
    random: bindings("@cdktn/provider-random"),
  };
}

module.exports = { NAME, DIR, MODULES, ALIASES, rewrite, installRequireAlias, jestModuleNameMapper, tsconfigPaths, versions };
