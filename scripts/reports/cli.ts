/**
 * What the report scripts share on the command line: `--config <dir>` (a folder whose index.ts
 * exports `bootstrap` and `environments`, as `npm run synth` reads it), other flags with a value,
 * and the positional arguments.
 */
import { existsSync } from "fs";
import { join, resolve } from "path";
import { ConfigValidationError } from "../../modules/core/problems";

export interface LoadedConfiguration {
  readonly bootstrap: unknown;
  readonly environments: readonly unknown[];
}

/** The repository root (scripts/reports/ is two folders below it). */
export const REPOSITORY_ROOT = resolve(__dirname, "..", "..");

/** The value after `--<name>`, or undefined. */
export function flag(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
}

/** Arguments that are neither flags nor a flag's value. */
export function positionals(argv: readonly string[]): string[] {
  return argv.filter((argument, index) => !argument.startsWith("--") && !(argv[index - 1] ?? "").startsWith("--"));
}

export function configurationDirectory(argv: readonly string[]): string {
  return resolve(flag(argv, "config") ?? join(REPOSITORY_ROOT, "environments"));
}

/** Loads `<dir>/index.ts`; a folder without the two exports is reported, not thrown. */
export function loadConfiguration(directory: string): LoadedConfiguration {
  if (!existsSync(join(directory, "index.ts"))) throw new UsageError(`${directory} has no index.ts exporting bootstrap and environments`);
  const loaded = require(directory) as Partial<LoadedConfiguration>;
  if (loaded.bootstrap === undefined || !Array.isArray(loaded.environments)) {
    throw new UsageError(`${directory} must export bootstrap and environments (see environments/index.ts)`);
  }
  return { bootstrap: loaded.bootstrap, environments: loaded.environments };
}

/** A mistake in how the script was called. */
export class UsageError extends Error {}

/** Runs `main`; a usage or configuration mistake prints its message and exits 1, without a stack trace. */
export function runScript(main: () => void): void {
  try {
    main();
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ConfigValidationError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
