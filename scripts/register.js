// Transpile-only TypeScript loader for synth and scripts: strips types with swc, no type checking
// (type checking is `npm run typecheck`, part of `npm test`). Far cheaper than ts-node, which
// type-checks every file it loads, including the AWS provider's declaration files.
// Source maps are inlined but off by default: cdktf captures a stack trace for every token, and
// mapping those costs a third of synth time. Set NODE_OPTIONS=--enable-source-maps to debug.
// Transpiled files are cached under node_modules/.cache, keyed by path, content and swc version:
// a synth then spends no time in swc for files that did not change.
"use strict";
const { createHash } = require("crypto");
const { mkdirSync, readFileSync, writeFileSync } = require("fs");
const { join } = require("path");

const swcOptions = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
  swcrc: false,
};
const CACHE_DIR = join(__dirname, "..", "node_modules", ".cache", "swc-register");
let swc;
let swcVersion;

function transpile(source, filename) {
  swcVersion = swcVersion || require("@swc/core/package.json").version;
  const key = createHash("sha1").update(`${swcVersion}\0${filename}\0${source}`).digest("hex");
  const cached = join(CACHE_DIR, `${key}.js`);
  try {
    return readFileSync(cached, "utf8");
  } catch {
    // Loaded only on a cache miss: the native binding alone takes about 0.1 s to open.
    swc = swc || require("@swc/core");
    const { code } = swc.transformSync(source, { ...swcOptions, filename });
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      writeFileSync(cached, code);
    } catch {
      // A read-only checkout still synthesizes, only without the cache.
    }
    return code;
  }
}

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  module._compile(transpile(readFileSync(filename, "utf8"), filename), filename);
};

// Second build target: CDK_TARGET=cdktn answers the cdktf imports with CDK Terrain's packages
// (targets/cdktn/target.js); unset, nothing changes.
if (process.env.CDK_TARGET === "cdktn") require("../targets/cdktn/target").installRequireAlias();
