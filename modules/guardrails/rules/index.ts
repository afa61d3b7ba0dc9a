import { PolicyRule } from "../rule";
import { EDGE_RULES } from "./edge";
import { RDS_RULES } from "./rds";
import { STORAGE_RULES } from "./storage";

/** Every rule of the policy pack, in id order. */
export const POLICY_RULES: readonly PolicyRule[] = [...RDS_RULES, ...STORAGE_RULES, ...EDGE_RULES].sort((a, b) =>
  a.id.localeCompare(b.id, "en", { numeric: true }),
);

export const POLICY_RULE_IDS: readonly string[] = POLICY_RULES.map((rule) => rule.id);
