import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Id } from "@cdktf/provider-random/lib/id";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { Monitor } from "../monitoring/alarm";
import { securityGroup } from "../core/connect";
import { serviceTrustPolicy } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";

/** What RDS for PostgreSQL and Aurora PostgreSQL share: port, parameters, security group, monitoring role, binding. */

export const POSTGRES_PORT = 5432;
/** The Performance Insights retention that costs nothing extra. */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;

/** One database parameter; static ones only take effect after a reboot. */
export interface Parameter {
  readonly name: string;
  readonly value: string;
  /**
   * "pending-reboot" for static parameters (RDS rejects "immediate" for them) and for values equal
   * to the engine's default: RDS reports a default value back as "pending-reboot" whatever was
   * sent, so "immediate" there would show a change on every plan.
   */
  readonly applyMethod: "immediate" | "pending-reboot";
  /** Why the platform sets it. */
  readonly reason: string;
}

/** The parameters as a parameter group takes them. */
export function parameterGroupEntries(major: string, logMinDurationStatementMs: number) {
  return postgresParameters(major, logMinDurationStatementMs).map(({ name, value, applyMethod }) => ({ name, value, applyMethod }));
}

/** The database's security group: no rules of its own; each bound service adds its path (see `connect`). */
export function databaseSecurityGroup(scope: Construct, namePrefix: string, vpcId: string, name: string): string {
  return securityGroup(scope, "security-group", {
    name: `${namePrefix}-${name}`,
    // Terraform removes the default allow-all egress rule; the database opens no connections.
    description: "PostgreSQL: port 5432 from allowed security groups only",
    vpcId,
  }).id;
}

/** The role enhanced monitoring publishes OS metrics with; instances depend on the attachment (RDS checks it at creation). */
export function enhancedMonitoringRole(scope: Construct, context: AwsContext): { role: IamRole; attachment: IamRolePolicyAttachment } {
  const role = new IamRole(scope, "monitoring-role", {
    name: awsName([context.namePrefix, "rds-monitoring"], NAME_LIMITS.iamRole),
    assumeRolePolicy: serviceTrustPolicy(scope, "monitoring-trust", "monitoring.rds.amazonaws.com", context.accountId).json,
    maxSessionDuration: 3600,
  });
  const attachment = new IamRolePolicyAttachment(scope, "monitoring-policy", {
    role: role.name,
    policyArn: `arn:${context.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
  });
  return { role, attachment };
}

/** A log group RDS writes exported logs to, created first so it is encrypted and expires. */
export function exportedLogGroup(scope: Construct, id: string, name: string, retentionInDays: number, kmsKeyId: string): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, { name, retentionInDays, kmsKeyId });
}

/**
 * TLS only, and enough logging to diagnose slow statements, lock contention, temp-file spills and
 * connection churn.
 */
export function postgresParameters(major: string, logMinDurationStatementMs: number): Parameter[] {
  return [
    { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot", reason: "refuse connections without TLS (static before PostgreSQL 15, the default from 15 on)" },
    { name: "log_min_duration_statement", value: String(logMinDurationStatementMs), applyMethod: "immediate", reason: "log slow statements (database.logMinDurationStatementMs)" },
    // PostgreSQL 18 made log_connections a list of connection stages; "all" matches the old "on".
    { name: "log_connections", value: Number(major) >= 18 ? "all" : "1", applyMethod: "immediate", reason: "see connection churn" },
    { name: "log_disconnections", value: "1", applyMethod: "immediate", reason: "see session lengths and churn" },
    { name: "log_lock_waits", value: "1", applyMethod: "immediate", reason: "see lock contention (waits longer than deadlock_timeout)" },
    // Kilobytes: temp files above 10 MiB hint at a work_mem too small for the queries.
    { name: "log_temp_files", value: "10240", applyMethod: "immediate", reason: "see sorts and hashes that spill to disk" },
    { name: "log_autovacuum_min_duration", value: "10000", applyMethod: "pending-reboot", reason: "see slow autovacuum runs; RDS's default value, so set with pending-reboot" },
    { name: "log_statement", value: "none", applyMethod: "pending-reboot", reason: "stated for scanners that look for it; \"ddl\" or \"all\" would log ALTER ROLE ... PASSWORD in clear; the default, so pending-reboot" },
  ];
}

/**
 * The name of the snapshot RDS takes when the database is destroyed, unique per database lifetime:
 * a random suffix, kept while the identifier stays, so destroying an environment twice does not
 * fail on the first destroy's snapshot (terraform-aws-modules' rds module does the same).
 */
export function finalSnapshotIdentifier(scope: Construct, identifier: string): string {
  const stack = TerraformStack.of(scope);
  if (!stack.node.tryFindChild(RANDOM_PROVIDER_ID)) new RandomProvider(stack, RANDOM_PROVIDER_ID);
  const suffix = new Id(scope, "final-snapshot-suffix", { byteLength: 4, keepers: { identifier } });
  return `${awsName([identifier, "final"], NAME_LIMITS.dbIdentifier - 9)}-${suffix.hex}`;
}

const RANDOM_PROVIDER_ID = "random";

/** Where a database of either engine is placed and what it reports to (the environment's side of it). */
export interface DatabasePlacement {
  readonly context: AwsContext;
  /** Key of storage and Performance Insights: `kmsKeyArn` when configured, else the environment's data key. */
  readonly storageKeyArn: string;
  /** The environment's key for the database's log groups. No default. */
  readonly logsKeyArn: string;
  /** Where the instances' alarms and dashboard tiles go. No default. */
  readonly monitor: Monitor;
  /** VPC of the database's security group. No default. */
  readonly vpcId: string;
  /** DB subnet group of the database subnets. No default. */
  readonly databaseSubnetGroupName: string;
  /** The environment's data key: the master secret and the password users' secrets are encrypted with it. No default. */
  readonly secretsKeyArn: string;
}
