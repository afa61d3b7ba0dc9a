// jest snapshot serializer of the CDK Terrain target: a stack's synthesized JSON (the string
// `Testing.synth` returns) is compared with the ONE golden snapshot the cdktf target pins, after
// the known, explained differences (known-differences.js) are mapped back to their cdktf values.
// Strict both ways: a listed path holding anything but its exact cdktn value throws (the test
// fails with the reason), and any difference not listed stays in the text, so the snapshot
// comparison fails on it. The golden snapshot stays cdktf's; `-u` on this target cannot rewrite
// it to cdktn's values.
"use strict";
const { join } = require("path");
const { DIFFERENCES, valueAt, sameJson } = require("./known-differences");
const { MODULES } = require("./target");

// Each target's Testing.synth serializer: cdktn's (to check that the string is one, parsed and
// written again byte for byte) and cdktf's, in which the golden snapshot is written. Both sort the
// keys and indent by two; they differ only in writing an empty object or list as `{}` / `[]`
// (cdktn) or over two lines (cdktf): known-differences.js, FORMATTING.
const stringify = require(require.resolve("safe-stable-stringify", { paths: [join(MODULES, "cdktn")] }));
const stringifyAsCdktf = require(require.resolve("json-stable-stringify", { paths: [join(__dirname, "..", "..", "node_modules", "cdktf")] }));
const STACK_DIFFERENCES = DIFFERENCES.filter((difference) => difference.file === "stack");

/** Synthesized stack JSON: what `Testing.synth` returns (no `//` metadata, a `terraform` block). */
function stackJson(value) {
  if (typeof value !== "string" || !value.startsWith("{") || !value.includes('"required_providers"')) return undefined;
  try {
    const json = JSON.parse(value);
    return json && typeof json.terraform === "object" ? json : undefined;
  } catch {
    return undefined;
  }
}

/** The stack's JSON with each known difference set back to its cdktf value. */
function asOnCdktf(json) {
  for (const difference of STACK_DIFFERENCES) {
    const actual = valueAt(json, difference.path);
    if (actual === undefined) continue;
    if (!sameJson(actual, difference.cdktn)) {
      throw new Error(
        `on cdktn, ${difference.path.join(".")} is ${JSON.stringify(actual)}; expected ${JSON.stringify(difference.cdktn)} ` +
          `(targets/cdktn/known-differences.js, "${difference.id}"): read the new difference, then update the table and docs/terrain`,
      );
    }
    const parent = valueAt(json, difference.path.slice(0, -1));
    parent[difference.path[difference.path.length - 1]] = structuredClone(difference.cdktf);
  }
  return json;
}

let serializing = false;

module.exports = {
  test(value) {
    return !serializing && stackJson(value) !== undefined;
  },
  serialize(value, config, indentation, depth, refs, printer) {
    const json = stackJson(value);
    if (stringify(json, null, 2) !== value) throw new Error("stack JSON not in Testing.synth's format: cannot compare it with the golden snapshot");
    serializing = true;
    try {
      return printer(stringifyAsCdktf(asOnCdktf(json), { space: 2 }), config, indentation, depth, refs);
    } finally {
      serializing = false;
    }
  },
};
