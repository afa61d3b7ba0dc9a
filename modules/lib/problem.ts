/** One thing wrong with a configuration: which field, what it holds, and what would be valid. */
export interface Problem {
  /** Dotted path of the field, e.g. "network.cidr" or "services[1].memory". */
  readonly field: string;
  readonly value: unknown;
  /** What would be valid, phrased to follow "expected". */
  readonly expected: string;
}

/** Collects problems under a field prefix, so nested checks report full paths. */
export class ProblemList {
  constructor(
    private readonly prefix = "",
    private readonly problems: Problem[] = [],
  ) {}

  /** Records a problem unless `valid` holds. Returns `valid` so callers can skip dependent checks. */
  check(valid: boolean, field: string, value: unknown, expected: string): boolean {
    if (!valid) this.problems.push({ field: this.path(field), value, expected });
    return valid;
  }

  /** A list that records into this one under `prefix.field`. */
  nested(field: string): ProblemList {
    return new ProblemList(this.path(field), this.problems);
  }

  get all(): readonly Problem[] {
    return this.problems;
  }

  private path(field: string): string {
    if (!this.prefix) return field;
    return field.startsWith("[") ? `${this.prefix}${field}` : `${this.prefix}.${field}`;
  }
}
