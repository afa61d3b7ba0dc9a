import { PolicyRule } from "../../rule";

/** Rules for ECR, CloudWatch Logs, S3, security groups, VPCs and KMS. */
export const STORAGE_RULES: readonly PolicyRule[] = [];
