/**
 * Synthesis stack by stack: each stack is built in an App of its own, judged by its policy pack and,
 * when nothing fails, written into a staging folder; `commitStacks` then moves every staged stack
 * into the output directory at once and writes the manifest and policy report. A failure anywhere
 * therefore leaves the output directory as it was, and since a stack depends on the parsed
 * configuration alone, the stacks can be synthesized in any process, in any order, with the same
 * bytes as one App holding them all (a test compares the two).
 */
import { App } from "cdktf";
import { readFileSync } from "fs";
import { join } from "path";
import type { Configuration } from "./configuration";
import { MANIFEST_FILE, StackResult } from "./outdir";
import { buildStacks } from "./platform";
import { POLICY_RULES } from "./capabilities";
import { unmatchedSuppressionProblems } from "./suppression-checks";

/** Builds stack `name` of `configuration` alone and, when its policy pack passes, stages it under `staging`/`name`. */
export function synthesizeStack(configuration: Configuration, name: string, staging: string): StackResult {
  return releasingTokens(() => synthesizeAlone(configuration, name, staging));
}

interface TokenMapStorage {
  readonly stringTokenMap: Map<string, unknown>;
  readonly numberTokenMap: Map<number, unknown>;
}

/**
 * cdktf registers every token of the process in one map (`global.__cdktfTokenMap`) and never lets
 * go, so each token kept its whole stack alive: a process grew by about 13 MB per stack of 23
 * services, which is why synth workers took only 3 stacks each. A stack's result is plain data,
 * so the tokens registered while it was built are dropped afterwards (the counter goes on: no key
 * is reused). Tokens registered before (at module load) stay. Were a token made during one stack
 * still used by the next, cdktf would stop with "Unrecognized Token Key", not write wrong output.
 */
function releasingTokens<T>(work: () => T): T {
  const storage = (globalThis as { __cdktfTokenMap?: TokenMapStorage }).__cdktfTokenMap;
  const sizes = storage ? [storage.stringTokenMap.size, storage.numberTokenMap.size] : [0, 0];
  try {
    return work();
  } finally {
    const after = (globalThis as { __cdktfTokenMap?: TokenMapStorage }).__cdktfTokenMap;
    if (after) {
      dropAfter(after.stringTokenMap, storage === after ? sizes[0] : 0);
      dropAfter(after.numberTokenMap, storage === after ? sizes[1] : 0);
    }
  }
}

/** Deletes the entries inserted after the first `keep` (a Map iterates in insertion order). */
function dropAfter<K>(map: Map<K, unknown>, keep: number): void {
  let index = 0;
  for (const key of [...map.keys()]) if (index++ >= keep) map.delete(key);
}

function synthesizeAlone(configuration: Configuration, name: string, staging: string): StackResult {
  const outdir = join(staging, name);
  // No stack traces in the manifest: they hold absolute paths, and output must not depend on the machine.
  const built = buildStacks(new App({ outdir, stackTraces: false }), configuration, [name]);
  const stack = built.stacks.get(name);
  const pack = built.policies.get(name);
  if (!stack || !pack) throw new Error(`no stack ${name} in the configuration`);
  const config = configuration.environments.find((environment) => environment.environment === name);
  const violations = [...(config ? unmatchedSuppressionProblems(stack, config, POLICY_RULES) : []), ...pack.violations()];
  const results = pack.evaluate();
  const warnings = stack.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => ({ path: construct.node.path, message: String(entry.data) })),
    );
  if (violations.length > 0) return { name, violations, results, warnings, manifest: null, manifestVersion: "" };
  built.app.synth();
  const written = JSON.parse(readFileSync(join(outdir, MANIFEST_FILE), "utf8")) as { version: string; stacks: Record<string, unknown> };
  return { name, violations, results, warnings, manifest: written.stacks[name], manifestVersion: written.version };
}

