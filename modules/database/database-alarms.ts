import { Construct } from "constructs";
import { Metric, Monitor } from "../monitoring/alarm";
import { instanceClassFacts } from "./instance-classes";
import { DatabaseConfig } from "./schema";

const GIB = 2 ** 30;

/** One instance to watch: the primary or a replica, by its identifier. */
export interface WatchedInstance {
  readonly scope: Construct;
  /** "database" or "database-replica-1": the resource part of alarm names. */
  readonly resource: string;
  readonly identifier: string;
  readonly replica: boolean;
}

function rdsMetric(identifier: string, metricName: string, statistic: string): Metric {
  return { namespace: "AWS/RDS", metricName, dimensions: { DBInstanceIdentifier: identifier }, statistic };
}

/**
 * AWS's recommended RDS alarms for one instance (CPU, free storage as a share of the allocated,
 * freeable memory and connections relative to the class, read and write latency), replica lag on
 * replicas, and CPU credits on burstable classes; plus the dashboard's database tiles.
 */
export function watchDatabaseInstance(monitor: Monitor, instance: WatchedInstance, config: DatabaseConfig): void {
  const { identifier, resource, scope } = instance;
  const thresholds = config.alarms;
  const facts = instanceClassFacts(config.instanceClass);
  const alarm = (signal: string, description: string, spec: Omit<Parameters<Monitor["alarm"]>[1], "resource" | "signal" | "description">) =>
    monitor.alarm(scope, { resource, signal, description, ...spec });

  alarm("cpu-high", `CPU of ${identifier} above ${thresholds.cpuPercent}% for 5 minutes: look at Performance Insights' top SQL, then the instance class.`, {
    metric: rdsMetric(identifier, "CPUUtilization", "Average"),
    comparison: "GreaterThanThreshold",
    threshold: thresholds.cpuPercent,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    missingData: "missing",
    severity: "notify",
  });
  alarm("storage-low", `Free storage of ${identifier} below ${thresholds.freeStoragePercent}% of the allocated ${config.allocatedStorage} GiB: storage autoscaling stops at ${config.maxAllocatedStorage} GiB; check growth and raise maxAllocatedStorage.`, {
    metric: rdsMetric(identifier, "FreeStorageSpace", "Minimum"),
    comparison: "LessThanThreshold",
    threshold: Math.round((config.allocatedStorage * GIB * thresholds.freeStoragePercent) / 100),
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    missingData: "breaching",
    severity: "page",
  });
  alarm("memory-low", `Freeable memory of ${identifier} below ${thresholds.freeableMemoryPercent}% of the class's for 15 minutes: look for connection growth and large sorts, then the instance class.`, {
    metric: rdsMetric(identifier, "FreeableMemory", "Average"),
    comparison: "LessThanThreshold",
    threshold: Math.round((facts.memoryBytes * thresholds.freeableMemoryPercent) / 100),
    evaluationPeriods: 15,
    datapointsToAlarm: 15,
    missingData: "missing",
    severity: "notify",
  });
  alarm("connections-high", `Connections to ${identifier} above ${thresholds.connectionsPercent}% of about ${facts.maxConnections} allowed for ${config.instanceClass}: look for connection leaks and pool sizes.`, {
    metric: rdsMetric(identifier, "DatabaseConnections", "Average"),
    comparison: "GreaterThanThreshold",
    threshold: Math.floor((facts.maxConnections * thresholds.connectionsPercent) / 100),
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    missingData: "missing",
    severity: "notify",
  });
  for (const direction of ["Read", "Write"] as const) {
    alarm(`${direction.toLowerCase()}-latency-high`, `${direction} latency (p90) of ${identifier} above ${thresholds.latencySeconds * 1000} ms for 5 minutes: look at IOPS and throughput against the gp3 limits, then at queries.`, {
      metric: rdsMetric(identifier, `${direction}Latency`, "p90"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.latencySeconds,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      missingData: "missing",
      severity: "notify",
    });
  }
  if (instance.replica) {
    alarm("replica-lag-high", `Replica ${identifier} more than ${thresholds.replicaLagSeconds} s behind its source for 10 minutes: reads there are stale; look at the source's write load.`, {
      metric: rdsMetric(identifier, "ReplicaLag", "Maximum"),
      comparison: "GreaterThanThreshold",
      threshold: thresholds.replicaLagSeconds,
      evaluationPeriods: 10,
      datapointsToAlarm: 10,
      missingData: "missing",
      severity: "notify",
    });
  }
  if (facts.maxCpuCredits !== undefined) {
    alarm("cpu-credits-low", `CPU credits of ${identifier} below ${thresholds.cpuCreditsPercent}% of the ${facts.maxCpuCredits} it can hold: past zero, surplus credits are billed; consider a fixed-performance class.`, {
      metric: rdsMetric(identifier, "CPUCreditBalance", "Minimum"),
      comparison: "LessThanThreshold",
      threshold: Math.floor((facts.maxCpuCredits * thresholds.cpuCreditsPercent) / 100),
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      missingData: "missing",
      severity: "notify",
    });
  }
  const section = `Database ${identifier}`;
  monitor.tile({ section, title: "CPU %", metrics: [rdsMetric(identifier, "CPUUtilization", "Average")], threshold: thresholds.cpuPercent });
  monitor.tile({ section, title: "Connections", metrics: [rdsMetric(identifier, "DatabaseConnections", "Average")] });
  monitor.tile({ section, title: "Free storage (bytes)", metrics: [rdsMetric(identifier, "FreeStorageSpace", "Minimum")] });
  monitor.tile({
    section,
    title: "Read / write latency p90 (s)",
    metrics: [rdsMetric(identifier, "ReadLatency", "p90"), rdsMetric(identifier, "WriteLatency", "p90")],
  });
}
