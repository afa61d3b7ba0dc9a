import { PolicyRule } from "../../core/policy-rule";
import { rdsBackupRetention } from "./backup-retention";
import { rdsDeletionProtection } from "./deletion-protection";
import { rdsIamAuthentication } from "./iam-authentication";
import { rdsMinorVersionUpgrade } from "./minor-version-upgrade";
import { rdsMultiAz } from "./multi-az";
import { rdsPerformanceInsightsEncryption } from "./performance-insights-encryption";
import { rdsPostgresLogs } from "./postgres-logs";
import { rdsNoPublicAccess } from "./public-access";
import { rdsStorageEncryption } from "./storage-encryption";
import { rdsTlsEnforced } from "./tls";

/** The database's policy rules, judged on every RDS instance and Aurora cluster of a stack, in id order. */
export const RDS_RULES: readonly PolicyRule[] = [
  rdsStorageEncryption,
  rdsPerformanceInsightsEncryption,
  rdsDeletionProtection,
  rdsBackupRetention,
  rdsMultiAz,
  rdsNoPublicAccess,
  rdsIamAuthentication,
  rdsMinorVersionUpgrade,
  rdsTlsEnforced,
  rdsPostgresLogs,
];
