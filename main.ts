import { App } from "cdktf";
import { IConstruct } from "constructs";
import { bootstrap, environments } from "./environments";
import { ConfigValidationError } from "./modules/core/problems";
import { buildPlatform } from "./modules/platform/platform";

/** cdktf records warnings as construct metadata; `cdktf synth` prints them, plain node does not. */
function printWarnings(root: IConstruct): void {
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === "@cdktf/warn") console.warn(`Warning: ${construct.node.path}: ${String(entry.data)}`);
    }
  }
}

try {
  // No stack traces in the manifest: they hold absolute paths, and output must not depend on the machine.
  const { app } = buildPlatform(() => new App({ stackTraces: false }), bootstrap, environments);
  app.synth();
  printWarnings(app);
} catch (error) {
  if (!(error instanceof ConfigValidationError)) throw error;
  // A configuration mistake is the user's to fix: print the problems, not a stack trace.
  console.error(error.message);
  process.exit(1);
}
