import { PolicyRule } from "../rule";
import { APPLY_RULES } from "./apply";
import { CONTAINER_RULES } from "./containers";
import { DATA_RULES } from "./data";
import { FRONT_DOOR_RULES } from "./front-door";
import { IAM_RULES } from "./iam";
import { JOB_RULES } from "./jobs";
import { MONITORING_RULES } from "./monitoring";
import { RDS_RULES } from "./rds";
import { STORAGE_RULES } from "./storage";

/** Ids in natural order (PLAT-RDS-2 before PLAT-RDS-10); one collator, since creating one per comparison is slow. */
const NATURAL_ORDER = new Intl.Collator("en", { numeric: true });

/** Every family of rules, one folder each, named by what its rules judge. A new family is a folder and a line here. */
const FAMILIES: readonly (readonly PolicyRule[])[] = [RDS_RULES, STORAGE_RULES, DATA_RULES, CONTAINER_RULES, FRONT_DOOR_RULES, APPLY_RULES, IAM_RULES, JOB_RULES, MONITORING_RULES];

/** Every rule of the policy pack, in id order. */
export const POLICY_RULES: readonly PolicyRule[] = FAMILIES.flat().sort((a, b) => NATURAL_ORDER.compare(a.id, b.id));

export const POLICY_RULE_IDS: readonly string[] = POLICY_RULES.map((rule) => rule.id);
