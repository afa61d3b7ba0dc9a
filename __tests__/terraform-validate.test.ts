import { mkdirSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Testing } from "cdktf";
import { bootstrap, environments } from "../environments";
import { buildPlatform } from "../modules/platform/platform";

/**
 * `terraform init` and `terraform validate` on every synthesized stack, with cdktf's own matcher.
 * They download the AWS and random providers, so they run only with TF_VALIDATE=1 (where the
 * Terraform registry is reachable); the default run skips them and says so once.
 */
const ENABLED = process.env.TF_VALIDATE === "1";

if (ENABLED) {
  // Validation needs no state: no backend, so no AWS credentials. One plugin cache for all stacks.
  process.env.TF_CLI_ARGS_init = "-backend=false";
  process.env.TF_PLUGIN_CACHE_DIR = process.env.TF_PLUGIN_CACHE_DIR ?? join(tmpdir(), "terraform-plugin-cache");
  mkdirSync(process.env.TF_PLUGIN_CACHE_DIR, { recursive: true });
} else {
  process.stderr.write("terraform validate tests skipped: run `TF_VALIDATE=1 npm test` where the Terraform registry is reachable\n");
}

const platform = buildPlatform(() => Testing.app(), bootstrap, environments);
const stacks = [platform.bootstrap, ...platform.environments.values()].map((stack) => [stack.node.id, stack] as const);

(ENABLED ? describe : describe.skip)("terraform validate (TF_VALIDATE=1)", () => {
  jest.setTimeout(600_000);

  it.each(stacks)("accepts the %s stack", (_, stack) => {
    expect(Testing.fullSynth(stack)).toBeValidTerraform();
  });
});
