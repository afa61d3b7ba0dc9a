import { PolicyRule } from "../../../core/policy-rule";
import { jobRoleLeastPrivilege } from "./job-role-least-privilege";

/** Rules for scheduled jobs: what the services that start them may do. */
export const JOB_RULES: readonly PolicyRule[] = [jobRoleLeastPrivilege];
