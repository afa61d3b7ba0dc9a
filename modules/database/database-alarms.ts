import { Construct } from "constructs";
import { ALARM_MINUTES, Metric, Monitor, sustainedFor } from "../monitoring/alarm";
import { instanceClassFacts } from "./instance-classes";
import { DatabaseAlarmsConfig } from "./schema";

const GIB = 2 ** 30;

/** One instance to watch, by its identifier: an RDS primary or replica, or an Aurora writer or reader. */
export interface WatchedInstance {
  readonly scope: Construct;
  /** "database" or "database-replica-1": the resource part of alarm names. */
  readonly resource: string;
  readonly identifier: string;
  /** Replicas and Aurora readers report how far they lag: ReplicaLag (seconds) or AuroraReplicaLag (milliseconds). */
  readonly lag?: "ReplicaLag" | "AuroraReplicaLag";
  readonly instanceClass: string;
  /** Aurora Serverless v2: the most capacity units, which fix its memory. */
  readonly serverlessMaxCapacity?: number;
  /** RDS for PostgreSQL: the storage free space is judged against (Aurora's grows by itself). */
  readonly storage?: { readonly allocatedStorage: number; readonly maxAllocatedStorage: number };
}

function rdsMetric(identifier: string, metricName: string, statistic: string): Metric {
  return { namespace: "AWS/RDS", metricName, dimensions: { DBInstanceIdentifier: identifier }, statistic };
}

/**
 * AWS's recommended RDS alarms for one instance (CPU, free storage as a share of the allocated,
 * freeable memory and connections relative to the class, read and write latency), replica lag on
 * replicas, and CPU credits on burstable classes; plus the dashboard's database tiles.
 */
export function watchDatabaseInstance(monitor: Monitor, instance: WatchedInstance, thresholds: DatabaseAlarmsConfig): void {
  const { identifier, resource, scope, storage } = instance;
  const facts = instanceClassFacts(instance.instanceClass, instance.serverlessMaxCapacity);
  const alarm = (signal: string, description: string, spec: Omit<Parameters<Monitor["alarm"]>[1], "resource" | "signal" | "description">) =>
    monitor.alarm(scope, { resource, signal, description, ...spec });

  alarm("cpu-high", `CPU of ${identifier} above ${thresholds.cpuPercent}% for 5 minutes: look at Performance Insights' top SQL, then the instance class.`, {
    metric: rdsMetric(identifier, "CPUUtilization", "Average"),
    comparison: "GreaterThanThreshold",
    threshold: thresholds.cpuPercent,
    ...sustainedFor(ALARM_MINUTES),
    missingData: "missing",
    severity: "notify",
  });
  if (storage) {
    alarm("storage-low", `Free storage of ${identifier} below ${thresholds.freeStoragePercent}% of the allocated ${storage.allocatedStorage} GiB: storage autoscaling stops at ${storage.maxAllocatedStorage} GiB; check growth and raise maxAllocatedStorage.`, {
      metric: rdsMetric(identifier, "FreeStorageSpace", "Minimum"),
      comparison: "LessThanThreshold",
      threshold: Math.round((storage.allocatedStorage * GIB * thresholds.freeStoragePercent) / 100),
      ...sustainedFor(ALARM_MINUTES),
      missingData: "breaching",
      severity: "page",
    });
  }
  alarm("memory-low", `Freeable memory of ${identifier} below ${thresholds.freeableMemoryPercent}% of the class's for 15 minutes: look for connection growth and large sorts, then the instance class.`, {
    metric: rdsMetric(identifier, "FreeableMemory", "Average"),
    comparison: "LessThanThreshold",
    threshold: Math.round((facts.memoryBytes * thresholds.freeableMemoryPercent) / 100),
    ...sustainedFor(15),
    missingData: "missing",
    severity: "notify",
  });
  alarm("connections-high", `Connections to ${identifier} above ${thresholds.connectionsPercent}% of about ${facts.maxConnections} allowed for ${instance.instanceClass}: look for connection leaks and pool sizes.`, {
    metric: rdsMetric(identifier, "DatabaseConnections", "Average"),
    comparison: "GreaterThanThreshold",
    threshold: Math.floor((facts.maxConnections * thresholds.connectionsPercent) / 100),
    ...sustainedFor(ALARM_MINUTES),
    missingData: "missing",
    severity: "notify",
  });
  for (const direction of ["Read", "Write"] as const) {
    alarm(`${direction.toLowerCase()}-latency-high`, `${direction} latency (p90) of ${identifier} above ${thresholds.latencySeconds * 1000} ms for 5 minutes: look at IOPS and throughput against the gp3 limits, then at queries.`, {
      metric: rdsMetric(identifier, `${direction}Latency`, "p90"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.latencySeconds,
      ...sustainedFor(ALARM_MINUTES),
      missingData: "missing",
      severity: "notify",
    });
  }
  if (instance.lag) {
    alarm("replica-lag-high", `Replica ${identifier} more than ${thresholds.replicaLagSeconds} s behind its source for 10 minutes: reads there are stale; look at the source's write load.`, {
      metric: rdsMetric(identifier, instance.lag, "Maximum"),
      comparison: "GreaterThanThreshold",
      // AuroraReplicaLag is in milliseconds, ReplicaLag in seconds.
      threshold: instance.lag === "AuroraReplicaLag" ? thresholds.replicaLagSeconds * 1000 : thresholds.replicaLagSeconds,
      ...sustainedFor(10),
      missingData: "missing",
      severity: "notify",
    });
  }
  if (facts.maxCpuCredits !== undefined) {
    alarm("cpu-credits-low", `CPU credits of ${identifier} below ${thresholds.cpuCreditsPercent}% of the ${facts.maxCpuCredits} it can hold: past zero, surplus credits are billed; consider a fixed-performance class.`, {
      metric: rdsMetric(identifier, "CPUCreditBalance", "Minimum"),
      comparison: "LessThanThreshold",
      threshold: Math.floor((facts.maxCpuCredits * thresholds.cpuCreditsPercent) / 100),
      ...sustainedFor(ALARM_MINUTES),
      missingData: "missing",
      severity: "notify",
    });
  }
  const section = `Database ${identifier}`;
  monitor.tile({ section, title: "CPU %", metrics: [rdsMetric(identifier, "CPUUtilization", "Average")], threshold: thresholds.cpuPercent });
  monitor.tile({ section, title: "Connections", metrics: [rdsMetric(identifier, "DatabaseConnections", "Average")] });
  if (storage) monitor.tile({ section, title: "Free storage (bytes)", metrics: [rdsMetric(identifier, "FreeStorageSpace", "Minimum")] });
  monitor.tile({
    section,
    title: "Read / write latency p90 (s)",
    metrics: [rdsMetric(identifier, "ReadLatency", "p90"), rdsMetric(identifier, "WriteLatency", "p90")],
  });
}
