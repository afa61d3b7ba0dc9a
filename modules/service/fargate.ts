/** Task CPU units Fargate accepts (Linux). */
export const FARGATE_CPU_VALUES = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;
export type FargateCpu = (typeof FARGATE_CPU_VALUES)[number];

/** Task sizes Fargate accepts (Linux): memory MiB choices for each CPU unit value. */
export const FARGATE_MEMORY_BY_CPU: Readonly<Record<FargateCpu, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

export function isValidFargateSize(cpu: FargateCpu, memory: number): boolean {
  return FARGATE_MEMORY_BY_CPU[cpu].includes(memory);
}

/** A short description of the valid choices, for error messages. */
export function describeFargateSizes(cpu: FargateCpu | undefined): string {
  if (cpu !== undefined) {
    return `a memory value Fargate accepts with cpu ${cpu}: ${FARGATE_MEMORY_BY_CPU[cpu].join(", ")}`;
  }
  return `a cpu value Fargate accepts: ${FARGATE_CPU_VALUES.join(", ")}`;
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}
