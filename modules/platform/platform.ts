import { App } from "cdktf";
import { BootstrapStack } from "../state/bootstrap-stack";
import { BOOTSTRAP_STACK_NAME } from "../state/schema";
import { parseConfiguration } from "./configuration";
import { EnvironmentStack } from "./environment-stack";

export interface Platform {
  readonly app: App;
  readonly bootstrap: BootstrapStack;
  readonly environments: ReadonlyMap<string, EnvironmentStack>;
}

/**
 * Parses the whole configuration, then creates the app (`createApp`, called only once the
 * configuration is valid: an App creates its output directory) with the bootstrap stack and one
 * stack per environment. Bad input therefore never leaves anything in cdktf.out.
 */
export function buildPlatform(createApp: () => App, bootstrapInput: unknown, environmentInputs: readonly unknown[]): Platform {
  const { bootstrap, environments } = parseConfiguration(bootstrapInput, environmentInputs);
  const app = createApp();
  return {
    app,
    bootstrap: new BootstrapStack(app, BOOTSTRAP_STACK_NAME, bootstrap),
    environments: new Map(environments.map((config) => [config.environment, new EnvironmentStack(app, config)])),
  };
}
