import { PolicyRule } from "../../rule";
import { rdsDeletionProtection } from "./deletion-protection";

/** Rules for RDS and Aurora. */
export const RDS_RULES: readonly PolicyRule[] = [rdsDeletionProtection];
