import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { AwsContext } from "../core/aws-context";
import { ServiceBinding } from "../core/binding";
import { NetworkPeer } from "../core/connect";
import { serviceTrustPolicy } from "../core/iam";
import { awsName, NAME_LIMITS } from "../core/naming";

/** What RDS for PostgreSQL and Aurora PostgreSQL share: port, parameters, security group, monitoring role, binding. */

export const POSTGRES_PORT = 5432;
/** The Performance Insights retention that costs nothing extra. */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;

/** One database parameter; static ones only take effect after a reboot. */
interface Parameter {
  readonly name: string;
  readonly value: string;
  readonly static?: boolean;
}

/** The parameters as a parameter group takes them; RDS rejects "immediate" for static parameters. */
export function parameterGroupEntries(major: string, logMinDurationStatementMs: number) {
  return parameters(major, logMinDurationStatementMs).map((parameter) => ({
    name: parameter.name,
    value: parameter.value,
    applyMethod: parameter.static ? "pending-reboot" : "immediate",
  }));
}

/** The database's security group: no rules of its own; each bound service adds its path (see `connect`). */
export function databaseSecurityGroup(scope: Construct, namePrefix: string, vpcId: string, name: string): string {
  return new SecurityGroup(scope, "security-group", {
    name: `${namePrefix}-${name}`,
    // Terraform removes the default allow-all egress rule; the database opens no connections.
    description: "PostgreSQL: port 5432 from allowed security groups only",
    vpcId,
    revokeRulesOnDelete: true,
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

/** Where a service finds the database, and the master secret. */
export interface PostgresEndpoint {
  readonly peer: NetworkPeer;
  readonly address: string;
  /** The readers' endpoint (Aurora), for read-only work. Default: none. */
  readonly readerAddress?: string;
  readonly databaseName: string;
  /** The RDS-managed master user secret: JSON with `username` and `password`. */
  readonly masterSecretArn: string;
}

/**
 * PG* variables and the master credentials as ECS secrets, the execution role's read of the
 * master secret, a task-role grant to re-read it after rotation, and a path to port 5432.
 */
export function postgresBinding(endpoint: PostgresEndpoint): ServiceBinding {
  const secretArn = endpoint.masterSecretArn;
  return {
    environment: {
      PGHOST: endpoint.address,
      ...(endpoint.readerAddress ? { PGHOST_READER: endpoint.readerAddress } : {}),
      PGPORT: String(POSTGRES_PORT),
      PGDATABASE: endpoint.databaseName,
      // The parameter group sets rds.force_ssl, so a client that does not ask for TLS is refused.
      PGSSLMODE: "require",
      // RDS rotates the master password (every 7 days by default) while PGPASSWORD keeps the value
      // the task started with: the application re-reads the secret through this ARN after a failed login.
      DATABASE_SECRET_ARN: secretArn,
    },
    secrets: { PGUSER: `${secretArn}:username::`, PGPASSWORD: `${secretArn}:password::` },
    executionRoleSecretArns: [secretArn],
    taskRoleStatements: [{ sid: "RereadRotatedDatabaseSecret", actions: ["secretsmanager:GetSecretValue"], resources: [secretArn] }],
    connection: { peer: endpoint.peer, port: POSTGRES_PORT },
  };
}

/**
 * TLS only, and enough logging to diagnose slow statements, lock contention, temp-file spills and
 * connection churn. `log_statement` is set to "none" on purpose (scanners look for it): "ddl" or
 * "all" would log `ALTER ROLE ... PASSWORD` in clear.
 */
function parameters(major: string, logMinDurationStatementMs: number): Parameter[] {
  return [
    // Static in older majors.
    { name: "rds.force_ssl", value: "1", static: true },
    { name: "log_min_duration_statement", value: String(logMinDurationStatementMs) },
    // PostgreSQL 18 made log_connections a list of connection stages; "all" matches the old "on".
    { name: "log_connections", value: Number(major) >= 18 ? "all" : "1" },
    { name: "log_disconnections", value: "1" },
    { name: "log_lock_waits", value: "1" },
    // Kilobytes: temp files above 10 MiB hint at a work_mem too small for the queries.
    { name: "log_temp_files", value: "10240" },
    { name: "log_autovacuum_min_duration", value: "10000" },
    // The engine default: RDS reports a parameter set to its default with "immediate" back as
    // "pending-reboot", so only "pending-reboot" keeps the plan empty.
    { name: "log_statement", value: "none", static: true },
  ];
}
