import { App } from "cdktf";
import { bootstrap, environments } from "./environments";
import { ConfigValidationError } from "./environments/validation";
import { buildPlatform } from "./modules/platform";

try {
  const app = new App();
  buildPlatform(app, bootstrap, environments);
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigValidationError)) throw error;
  // A configuration mistake is the user's to fix: print the problems, not a stack trace.
  console.error(error.message);
  process.exit(1);
}
