/**
 * `npm run diagram [-- --config <dir>] [--out <dir>]`: writes `<out>/<env>.md` (default
 * docs/architecture) for every environment of the configuration: a Mermaid flowchart of its
 * architecture (see mermaid.ts). Nothing is written unless the whole configuration is valid.
 */
import { mkdirSync, writeFileSync } from "fs";
import { join, relative, resolve } from "path";
import { parseConfiguration } from "../../modules/platform/configuration";
import { configurationDirectory, flag, loadConfiguration, REPOSITORY_ROOT, runScript, UsageError } from "./cli";
import { architecturePage } from "./mermaid";
import { synthesizedJson, withPlatform } from "./synthesize";

const DEFAULT_OUT = join(REPOSITORY_ROOT, "docs", "architecture");

function main(argv: readonly string[]): void {
  const configuration = loadConfiguration(configurationDirectory(argv));
  const configs = parseConfiguration(configuration.bootstrap, configuration.environments).environments;
  const pages = withPlatform(configuration, (platform) =>
    configs.map((config) => {
      const stack = platform.environments.get(config.environment);
      if (!stack) throw new UsageError(`no stack for environment ${config.environment}`);
      return { name: config.environment, text: architecturePage(config, synthesizedJson(stack)) };
    }),
  );
  const out = resolve(flag(argv, "out") ?? DEFAULT_OUT);
  mkdirSync(out, { recursive: true });
  for (const page of pages) {
    const file = join(out, `${page.name}.md`);
    writeFileSync(file, page.text);
    console.log(`wrote ${relative(process.cwd(), file)}`);
  }
}

runScript(() => main(process.argv.slice(2)));
