import { TerraformStack } from "cdktf";
import { IConstruct } from "constructs";

/** A rule the platform accepts breaking for the resources at and below `path`, and why. */
export interface Suppression {
  readonly rule: string;
  /** Construct path of the resources, with the stack: e.g. "prod/service-web". */
  readonly path: string;
  readonly reason: string;
}

/** cdk-nag's bar: a reason shorter than this says nothing. */
export const MIN_REASON_LENGTH = 10;

const METADATA_TYPE = "platform:policy-suppression";

/**
 * Suppresses `rule` for `scope` and everything below it, with a written reason, from code (a
 * module that knows better than the rule, e.g. a resource that cannot be encrypted with a customer
 * key). Environments suppress in their config instead (`policy.suppressions`).
 */
export function suppressPolicy(scope: IConstruct, rule: string, reason: string): void {
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(`suppression of ${rule} at ${scope.node.path} needs a reason of at least ${MIN_REASON_LENGTH} characters`);
  }
  scope.node.addMetadata(METADATA_TYPE, { rule, reason });
}

/** The suppressions made in code on the constructs of `stack`. */
export function suppressionsInCode(stack: TerraformStack): Suppression[] {
  return stack.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === METADATA_TYPE)
      .map((entry) => {
        const { rule, reason } = entry.data as { rule: string; reason: string };
        return { rule, reason, path: construct.node.path };
      }),
  );
}
