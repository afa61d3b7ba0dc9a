/** KMS keys, Secrets Manager secrets (with the ones RDS keeps), WAF web ACLs. */
import { EstimateContext, LineItem, lineItem, price, summedAddress, unmodelled } from "./line-items";
import { block, blocks, bool, Resource, str } from "./terraform";

/** Managed rule groups with a subscription and per-request fee of their own. */
const PAID_MANAGED_RULE_GROUPS = [
  "AWSManagedRulesBotControlRuleSet",
  "AWSManagedRulesATPRuleSet",
  "AWSManagedRulesACFPRuleSet",
  "AWSManagedRulesAntiDDoSRuleSet",
];
/** Each of a rotated key's first two rotations adds a month's key price. */
const BILLED_ROTATIONS = 2;

export function kmsLines(context: EstimateContext): LineItem[] {
  const keys = context.stack.ofType("aws_kms_key");
  if (keys.length === 0) return [];
  const rotating = keys.filter((key) => bool(key.body, "enable_key_rotation") === true).length;
  const address = summedAddress("aws_kms_key", keys.length);
  const keysLine = lineItem({
    item: "KMS customer managed keys",
    address,
    quantity: keys.length,
    unit: "keys",
    price: price(context, (prices) => prices.kmsKeyMonth, "KMS keys"),
    note: "requests ($0.03 per 10,000) not included",
  });
  const rotations = lineItem({
    item: "KMS rotated key material",
    address,
    quantity: { min: 0, max: rotating * BILLED_ROTATIONS },
    unit: "key versions",
    price: price(context, (prices) => prices.kmsRotationMonth, "KMS key rotation"),
    note: `${rotating} rotating key(s): nothing in the first year, the first two rotations add $1 a month each`,
  });
  return rotating > 0 ? [keysLine, rotations] : [keysLine];
}

/** Databases whose master password RDS keeps in a secret of its own (not replicas, which have none). */
function rdsManagedSecrets(context: EstimateContext): readonly Resource[] {
  return [...context.stack.ofType("aws_db_instance"), ...context.stack.ofType("aws_rds_cluster")].filter(
    (database) => bool(database.body, "manage_master_user_password") === true && database.body.replicate_source_db === undefined,
  );
}

export function secretLines(context: EstimateContext): LineItem[] {
  const secrets = context.stack.ofType("aws_secretsmanager_secret");
  const managed = rdsManagedSecrets(context);
  const total = secrets.length + managed.length;
  if (total === 0) return [];
  return [
    lineItem({
      item: "Secrets Manager secrets",
      address: summedAddress("aws_secretsmanager_secret", secrets.length),
      quantity: total,
      unit: "secrets",
      price: price(context, (prices) => prices.secretMonth, "Secrets Manager secrets"),
      note: `${secrets.length} declared, ${managed.length} kept by RDS for master passwords; API calls ($0.05 per 10,000) not included`,
    }),
  ];
}

function paidManagedGroups(acl: Resource): string[] {
  return blocks(acl.body, "rule")
    .map((rule) => str(block(block(rule, "statement"), "managed_rule_group_statement"), "name"))
    .filter((name): name is string => name !== undefined && PAID_MANAGED_RULE_GROUPS.includes(name));
}

function webAclLines(context: EstimateContext, acl: Resource): LineItem[] {
  const rules = blocks(acl.body, "rule").length;
  const millions = context.usage.requestsPerMonth / 1e6;
  const paid = paidManagedGroups(acl).map((name) =>
    lineItem({
      item: `WAF ${name}`,
      address: acl.address,
      quantity: 1,
      unit: "rule groups",
      price: unmodelled(`WAF ${name} (subscription and per-request fees) is not in the price table`),
    }),
  );
  return [
    lineItem({
      item: "WAF web ACL",
      address: acl.address,
      quantity: 1,
      unit: "web ACLs",
      price: price(context, (prices) => prices.waf.webAclMonth, "WAF web ACL"),
    }),
    lineItem({
      item: "WAF rules",
      address: acl.address,
      quantity: rules,
      unit: "rules",
      price: price(context, (prices) => prices.waf.ruleMonth, "WAF rules"),
      note: "a managed rule group counts as one rule",
    }),
    lineItem({
      item: "WAF requests",
      address: acl.address,
      quantity: millions,
      unit: "million requests",
      price: price(context, (prices) => prices.waf.perMillionRequests, "WAF requests"),
      note: "requestsPerMonth (assumption)",
    }),
    ...paid,
  ];
}

export function wafLines(context: EstimateContext): LineItem[] {
  return context.stack.ofType("aws_wafv2_web_acl").flatMap((acl) => webAclLines(context, acl));
}
