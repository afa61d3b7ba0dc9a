import { bootstrap } from "./bootstrap";
import { dev } from "./dev";
import { prod } from "./prod";
import { staging } from "./staging";
import { EnvironmentConfig } from "./types";

export { bootstrap };
/** Every environment that gets a stack. Adding one is a new file and a line here. */
export const environments: readonly EnvironmentConfig[] = [dev, staging, prod];
