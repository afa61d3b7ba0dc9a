import { App } from "cdktf";
import { BootstrapConfig, EnvironmentConfig } from "../environments/types";
import { BOOTSTRAP_STACK_NAME, validateConfiguration } from "../environments/validation";
import { BootstrapStack } from "./bootstrap-stack";
import { EnvironmentStack } from "./environment-stack";

export interface Platform {
  readonly app: App;
  readonly bootstrap: BootstrapStack;
  readonly environments: ReadonlyMap<string, EnvironmentStack>;
}

/**
 * Validates the whole configuration, then creates the app (`createApp`, called only once the
 * configuration is valid: an App creates its output directory) with the bootstrap stack and one
 * stack per environment. Bad input therefore never leaves anything in cdktf.out.
 */
export function buildPlatform(
  createApp: () => App,
  bootstrap: BootstrapConfig,
  environments: readonly EnvironmentConfig[],
): Platform {
  validateConfiguration(bootstrap, environments);
  const app = createApp();
  return {
    app,
    bootstrap: new BootstrapStack(app, BOOTSTRAP_STACK_NAME, bootstrap),
    environments: new Map(environments.map((config) => [config.environment, new EnvironmentStack(app, config)])),
  };
}
