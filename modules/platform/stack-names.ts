import { BOOTSTRAP_STACK_NAME } from "../state/schema";
import type { Configuration } from "./configuration";

/** The stacks of a parsed configuration, in the order they are built and reported: bootstrap first. */
export function stackNamesOf(configuration: Configuration): string[] {
  return [BOOTSTRAP_STACK_NAME, ...configuration.environments.map((config) => config.environment)];
}
