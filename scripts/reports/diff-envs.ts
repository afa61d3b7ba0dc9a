/**
 * `npm run diff-envs -- <from> <to> [--config <dir>]`: a markdown comparison of two environments,
 * their configuration and the resources it synthesizes, for a pull request (see diff-report.ts).
 */
import { parseConfiguration } from "../../modules/platform/configuration";
import { EnvironmentConfig } from "../../modules/platform/schema";
import { configurationDirectory, loadConfiguration, positionals, runScript, UsageError } from "./cli";
import { ComparedEnvironment, renderEnvironmentDiff } from "./diff-report";
import { synthesizedResources, withPlatform } from "./synthesize";

const USAGE = "usage: npm run diff-envs -- <from> <to> [--config <dir>]";

function main(argv: readonly string[]): void {
  const names = positionals(argv);
  if (names.length !== 2) throw new UsageError(USAGE);
  const configuration = loadConfiguration(configurationDirectory(argv));
  const parsed = parseConfiguration(configuration.bootstrap, configuration.environments).environments;
  const [left, right] = names.map((name) => environmentNamed(parsed, name));
  const report = withPlatform(configuration, (platform) => {
    const compared = (config: EnvironmentConfig): ComparedEnvironment => {
      const stack = platform.environments.get(config.environment);
      if (!stack) throw new Error(`no stack for ${config.environment}`);
      return { config, resources: synthesizedResources(stack) };
    };
    return renderEnvironmentDiff(compared(left), compared(right));
  });
  process.stdout.write(report);
}

function environmentNamed(environments: readonly EnvironmentConfig[], name: string): EnvironmentConfig {
  const found = environments.find((environment) => environment.environment === name);
  if (found) return found;
  const known = environments.map((environment) => environment.environment).join(", ");
  throw new UsageError(`no environment "${name}"; expected one of ${known}\n${USAGE}`);
}

runScript(() => main(process.argv.slice(2)));
