/**
 * The shipped (or given) configuration, parsed and built in memory: no cdktf.out is written. The
 * App's output directory is a temporary one, removed again by `withPlatform`.
 */
import { App, TerraformResource, TerraformStack, Testing } from "cdktf";
import { IConstruct } from "constructs";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { buildPlatform, Platform } from "../../modules/platform/platform";
import { LoadedConfiguration } from "./cli";
import { SynthesizedResource } from "./resource-diff";

/** Builds every environment of `configuration` into an App in a temporary directory, runs `use`, then removes the directory. */
export function withPlatform<T>(configuration: LoadedConfiguration, use: (platform: Platform) => T): T {
  const outdir = mkdtempSync(join(tmpdir(), "platform-report-"));
  try {
    // As `npm run synth` builds it (no testing flags), only elsewhere.
    const createApp = (): App => new App({ outdir, stackTraces: false });
    return use(buildPlatform(createApp, configuration.bootstrap, configuration.environments));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The stack's Terraform JSON as `npm run synth` writes it (cdk.tf.json), in memory. */
export function synthesizedJson(stack: TerraformStack): unknown {
  return JSON.parse(Testing.synth(stack)) as unknown;
}

/** Every resource of the stack as synthesized (`Testing.synth`), with its construct path below the stack. */
export function synthesizedResources(stack: TerraformStack): SynthesizedResource[] {
  const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
  const prefix = `${stack.node.path}/`;
  return stack.node
    .findAll()
    .filter((construct): construct is TerraformResource => isResource(construct))
    .map((resource) => ({
      type: resource.terraformResourceType,
      path: resource.node.path.startsWith(prefix) ? resource.node.path.slice(prefix.length) : resource.node.path,
      arguments: json.resource?.[resource.terraformResourceType]?.[stack.getLogicalId(resource)],
    }))
    .filter((resource) => resource.arguments !== undefined);
}

function isResource(construct: IConstruct): boolean {
  return construct instanceof TerraformResource;
}
