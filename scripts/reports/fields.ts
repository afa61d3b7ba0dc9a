/** Wording the reports share. */

/** "1 replica", "2 replicas". */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
