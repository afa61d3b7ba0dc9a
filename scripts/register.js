// Transpile-only TypeScript loader for synth and scripts: strips types with swc, no type checking
// (type checking is `npm run typecheck`, part of `npm test`). Far cheaper than ts-node, which
// type-checks every file it loads, including the AWS provider's declaration files.
// Source maps are inlined but off by default: cdktf captures a stack trace for every token, and
// mapping those costs a third of synth time. Set NODE_OPTIONS=--enable-source-maps to debug.
"use strict";
const { transformSync } = require("@swc/core");

const swcOptions = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
  swcrc: false,
};

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  const source = require("fs").readFileSync(filename, "utf8");
  const { code } = transformSync(source, { ...swcOptions, filename });
  module._compile(code, filename);
};
