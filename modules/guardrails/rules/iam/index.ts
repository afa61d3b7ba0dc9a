import { PolicyRule } from "../../../core/policy-rule";
import { rolePermissionsBoundary } from "./role-permissions-boundary";

/** Rules for IAM roles. */
export const IAM_RULES: readonly PolicyRule[] = [rolePermissionsBoundary];
