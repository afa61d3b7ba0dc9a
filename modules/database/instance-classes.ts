/**
 * Memory and CPU credits of RDS instance classes, for alarm thresholds known at synth.
 * Memory per class: AWS "DB instance class types" hardware specifications; CPU credits: the EC2
 * burstable instance credit table (RDS T classes run in unlimited mode, so a spent balance costs
 * money rather than throttling).
 */

/** vCPUs by size; every family doubles per size. */
const VCPUS: Readonly<Record<string, number>> = {
  large: 2,
  xlarge: 4,
  "2xlarge": 8,
  "4xlarge": 16,
  "8xlarge": 32,
  "12xlarge": 48,
  "16xlarge": 64,
  "24xlarge": 96,
  "32xlarge": 128,
  "48xlarge": 192,
};
/** GiB of memory per vCPU by family letter: general purpose, memory optimised, extra memory. */
const GIB_PER_VCPU: Readonly<Record<string, number>> = { m: 4, r: 8, x: 16 };
/** Burstable classes: memory in GiB and the most CPU credits they can hold. */
const BURSTABLE: Readonly<Record<string, { gib: number; maxCredits: number }>> = {
  micro: { gib: 1, maxCredits: 288 },
  small: { gib: 2, maxCredits: 576 },
  medium: { gib: 4, maxCredits: 576 },
  large: { gib: 8, maxCredits: 864 },
  xlarge: { gib: 16, maxCredits: 2304 },
  "2xlarge": { gib: 32, maxCredits: 4608 },
};
/** PostgreSQL's default max_connections on RDS: LEAST({DBInstanceClassMemory/9531392}, 5000). */
const BYTES_PER_CONNECTION = 9531392;
const MAX_CONNECTIONS_CAP = 5000;
/**
 * DBInstanceClassMemory is the class's memory less what the OS and RDS keep (about a tenth on
 * small classes), so the formula on the nominal memory overstates the limit.
 */
const MEMORY_AVAILABLE_TO_POSTGRES = 0.9;

export interface InstanceClassFacts {
  readonly memoryBytes: number;
  /** The default max_connections, estimated. */
  readonly maxConnections: number;
  /** For burstable classes: the most CPU credits they accrue. */
  readonly maxCpuCredits?: number;
}

/** An Aurora capacity unit is about 2 GiB of memory. */
const GIB_PER_ACU = 2;

/** Facts of a class the schema accepted ("db.<family>.<size>", or "db.serverless" with its most ACUs). */
export function instanceClassFacts(instanceClass: string, serverlessMaxCapacity?: number): InstanceClassFacts {
  const [, family, size] = instanceClass.split(".");
  const burstable = family.startsWith("t") ? BURSTABLE[size] : undefined;
  const gib =
    family === "serverless" ? (serverlessMaxCapacity ?? 1) * GIB_PER_ACU : burstable ? burstable.gib : VCPUS[size] * GIB_PER_VCPU[family[0]];
  const memoryBytes = gib * 2 ** 30;
  const maxConnections = Math.min(Math.floor((memoryBytes * MEMORY_AVAILABLE_TO_POSTGRES) / BYTES_PER_CONNECTION), MAX_CONNECTIONS_CAP);
  return { memoryBytes, maxConnections, maxCpuCredits: burstable?.maxCredits };
}
