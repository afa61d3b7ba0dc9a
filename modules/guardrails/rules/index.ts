import { PolicyRule } from "../rule";
import { EDGE_RULES } from "./edge";
import { IAM_RULES } from "./iam";
import { RDS_RULES } from "./rds";
import { STORAGE_RULES } from "./storage";

/** Ids in natural order (PLAT-RDS-2 before PLAT-RDS-10); one collator, since creating one per comparison is slow. */
const NATURAL_ORDER = new Intl.Collator("en", { numeric: true });

/** Every rule of the policy pack, in id order. */
export const POLICY_RULES: readonly PolicyRule[] = [...RDS_RULES, ...STORAGE_RULES, ...EDGE_RULES, ...IAM_RULES].sort((a, b) =>
  NATURAL_ORDER.compare(a.id, b.id),
);

export const POLICY_RULE_IDS: readonly string[] = POLICY_RULES.map((rule) => rule.id);
