import { TIERS } from "../core/tiers";
import { accountBootstrapStackName, BOOTSTRAP_STACK_NAME } from "../state/schema";
import type { Configuration } from "./configuration";

/**
 * The stacks of a parsed configuration, in the order they are built and reported: bootstrap first,
 * then each environment account's bootstrap, then the environments.
 */
export function stackNamesOf(configuration: Configuration): string[] {
  const accounts = configuration.environments.filter((config) => config.account).map((config) => accountBootstrapStackName(config.environment));
  return [BOOTSTRAP_STACK_NAME, ...accounts, ...configuration.environments.map((config) => config.environment)];
}

/**
 * The environments in the order the infrastructure workflow applies them: by tier (development,
 * staging, production), then as listed, so a change reaches production last. The workflow reads
 * this list (`npm run --silent environments`), so adding an environment adds its plan and apply.
 */
export function environmentsInDeployOrder(configuration: Configuration): string[] {
  return [...configuration.environments]
    .map((config, index) => ({ name: config.environment, rank: TIERS.indexOf(config.tier), index }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.name);
}
