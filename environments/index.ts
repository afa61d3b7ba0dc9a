import { EnvironmentInput } from "../modules/platform/schema";
import { bootstrap } from "./bootstrap";
import { dev } from "./dev";
import { prod } from "./prod";
import { staging } from "./staging";

export { bootstrap };
/** Every environment that gets a stack. Adding one is a new file and a line here. */
export const environments: readonly EnvironmentInput[] = [dev, staging, prod];
