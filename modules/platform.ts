import { App } from "cdktf";
import { BootstrapConfig, EnvironmentConfig } from "../environments/types";
import { BOOTSTRAP_STACK_NAME, validateConfiguration } from "../environments/validation";
import { BootstrapStack } from "./bootstrap-stack";
import { EnvironmentStack } from "./environment-stack";

export interface Platform {
  readonly bootstrap: BootstrapStack;
  readonly environments: ReadonlyMap<string, EnvironmentStack>;
}

/**
 * Validates the whole configuration, then adds the bootstrap stack and one stack per environment
 * to `app`. Validation throws before any construct exists, so bad input never half-writes cdktf.out.
 */
export function buildPlatform(app: App, bootstrap: BootstrapConfig, environments: readonly EnvironmentConfig[]): Platform {
  validateConfiguration(bootstrap, environments);
  return {
    bootstrap: new BootstrapStack(app, BOOTSTRAP_STACK_NAME, bootstrap),
    environments: new Map(environments.map((config) => [config.environment, new EnvironmentStack(app, config)])),
  };
}
