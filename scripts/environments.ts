/**
 * `npm run --silent environments [-- --config <dir>]`: the configuration's environments as a JSON
 * list, in deploy order (tier, then as listed). The infrastructure workflow's plan and apply
 * matrices are this list (`fromJSON`), so a new environment needs no workflow edit.
 * A configuration that does not parse prints its problems and exits 1.
 */
import { join, resolve } from "path";
import { ConfigValidationError } from "../modules/core/problems";
import { parseConfiguration } from "../modules/platform/configuration";
import { environmentsInDeployOrder } from "../modules/platform/stack-names";

const flag = process.argv.indexOf("--config");
const directory = resolve(flag >= 0 && process.argv[flag + 1] ? process.argv[flag + 1] : join(__dirname, "..", "environments"));
try {
  const { bootstrap, environments } = require(directory) as { bootstrap: unknown; environments: readonly unknown[] };
  console.log(JSON.stringify(environmentsInDeployOrder(parseConfiguration(bootstrap, environments))));
} catch (error) {
  if (!(error instanceof ConfigValidationError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
