/** Task sizes Fargate accepts (Linux): memory MiB choices for each CPU unit value. */
export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

export function isValidFargateSize(cpu: number, memory: number): boolean {
  return FARGATE_MEMORY_BY_CPU[cpu]?.includes(memory) ?? false;
}

/** A short description of the valid choices, for error messages. */
export function describeFargateSizes(cpu: number): string {
  const memories = FARGATE_MEMORY_BY_CPU[cpu];
  if (memories) {
    return `a memory value Fargate accepts with cpu ${cpu}: ${memories.join(", ")}`;
  }
  return `a cpu value Fargate accepts: ${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")}`;
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}
