// Every way the CDK Terrain target's synthesized JSON may differ from the cdktf target's, each read
// and explained. One table, three users:
// - differences.js compares both targets' synth of every configuration and fails on any
//   difference not listed here (or listed with other values); it writes docs/terrain/json-differences.md;
// - snapshot-serializer.js holds cdktn's test output to the shared golden snapshot by mapping
//   exactly these values back, so any other difference fails the snapshot test on cdktn;
// - the README's "Moving to CDK Terrain" quotes them.
// `file` is the synthesized file: "stack" (stacks/<name>/cdk.tf.json) or "manifest" (manifest.json).
// `path` is the JSON path; `cdktf`/`cdktn` the exact value on each target.
"use strict";

const DIFFERENCES = Object.freeze([
  {
    id: "framework-version",
    file: "stack",
    path: ["//", "metadata", "version"],
    cdktf: "0.21.0",
    cdktn: "0.24.0",
    why:
      "The framework records its own version in each stack's metadata block. Terraform ignores `//` " +
      "keys; nothing reads the value. Absent from `Testing.synth`, so the golden snapshot is unaffected.",
  },
  {
    id: "manifest-version",
    file: "manifest",
    path: ["version"],
    cdktf: "0.21.0",
    cdktn: "0.24.0",
    why: "Same framework version, in the manifest the CLI reads to find the stacks; the manifest's layout is unchanged.",
  },
  {
    id: "aws-provider-pin",
    file: "stack",
    path: ["terraform", "required_providers", "aws"],
    cdktf: { source: "aws", version: "6.25.0" },
    cdktn: { source: "hashicorp/aws", version: "6.66.0" },
    why:
      "Each target's bindings pin the AWS provider they were generated for: 6.25.0 (`@cdktf/provider-aws` " +
      "21.22.1, the last of its line) and 6.66.0 (`@cdktn/provider-aws` 25.7.0). The source is written out in " +
      "full by cdktn; Terraform reads the bare `aws` as `registry.terraform.io/hashicorp/aws`, the same " +
      "provider address, so the state's `provider[\"registry.terraform.io/hashicorp/aws\"]` entries stay valid. " +
      "Moving to 6.66.0 is a provider upgrade inside major 6 (`terraform init -upgrade`, then a plan to read): " +
      "no argument the platform sets was removed or renamed (the type check passes against the 6.66.0 bindings).",
  },
  {
    id: "random-provider-pin",
    file: "stack",
    path: ["terraform", "required_providers", "random"],
    cdktf: { source: "hashicorp/random", version: "3.7.2" },
    cdktn: { source: "hashicorp/random", version: "3.9.1" },
    why:
      "Same for the random provider (`@cdktf/provider-random` 12.0.1 → `@cdktn/provider-random` 15.0.1), in the " +
      "stacks that use it (`random_id` suffixing the database's final snapshot name). Minor release inside major 3; the stored ids keep.",
  },
]);

/**
 * Not a difference of the JSON but of its text: cdktn writes an empty object or list as `{}` or
 * `[]`, cdktf over two lines. Same for cdk.tf.json and for `Testing.synth`. Terraform parses both
 * alike; each target's output is still byte-identical run after run.
 */
const FORMATTING =
  "Whitespace only: an empty object or list is written `{}` / `[]` by cdktn (safe-stable-stringify) and over two " +
  "lines by cdktf (json-stable-stringify); the parsed JSON is the same, and each target's output is byte-identical from run to run.";

/** Value at `path` in `json`, or undefined. */
function valueAt(json, path) {
  return path.reduce((node, key) => (node !== null && typeof node === "object" ? node[key] : undefined), json);
}

/** Structural equality of JSON values (key order ignored). */
function sameJson(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
}

module.exports = { DIFFERENCES, FORMATTING, valueAt, sameJson };
