import { PolicyRule } from "../../../core/policy-rule";
import { ALL_TIERS } from "./shared";

/** The AWS provider the platform's bindings are generated for (@cdktf/provider-aws 21.22.1). */
export const WARM_THROUGHPUT_AFFECTED_PROVIDER = "6.25.0";

/**
 * PLAT-APPLY-11: no DynamoDB table has a global secondary index while the provider shows a
 * `warm_throughput` change on every plan for it. DynamoDB gives every index a warm throughput of
 * its own (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput.html);
 * provider 6.x reads it back into the index block and, the block being a set, plans to remove and
 * re-add the index on every plan when the configuration does not name it
 * (terraform-provider-aws#44692, a regression since 6.17, fixed by PR #46094 after 6.25; #46281
 * reports it in 6.28 with pay-per-request tables). Naming the value does not help: DynamoDB raises
 * it with use and refuses a decrease, so a declared figure goes stale and plans a change the API
 * rejects (wellcomecollection/platform#6603). `ignore_changes` cannot reach an attribute inside a
 * set element, and ignoring every index would hide real index changes. So indexes are refused on
 * 6.25: a plan that is never empty hides the changes that matter.
 */
export const indexWarmThroughput: PolicyRule = {
  id: "PLAT-APPLY-11",
  description: "DynamoDB tables have no global secondary index while the provider plans warm_throughput on every plan",
  rationale: `AWS provider ${WARM_THROUGHPUT_AFFECTED_PROVIDER} shows every index as replaced on every plan (terraform-provider-aws#44692), so no plan is ever empty.`,
  resourceTypes: ["aws_dynamodb_table"],
  errorIn: ALL_TIERS,
  warnIn: [],
  controls: {},
  check: (resource) => {
    const indexes = Array.isArray(resource.attributes.global_secondary_index) ? (resource.attributes.global_secondary_index as { name?: unknown }[]) : [];
    return indexes.map((index) => ({
      problem: `global secondary index ${String(index.name)} is declared`,
      requirement: `with AWS provider ${WARM_THROUGHPUT_AFFECTED_PROVIDER} an index shows a warm_throughput change on every plan (terraform-provider-aws#44692; fixed after 6.25)`,
      fix: "query by the table's own keys (or a second table), or suppress PLAT-APPLY-11 with a reason once the provider is upgraded past the fix",
    }));
  },
};
