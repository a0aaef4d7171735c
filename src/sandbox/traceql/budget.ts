// A deterministic bound on how much work one query may do, so no query can
// freeze the page or the grade command: evaluation counts its steps (a field
// read, a span passed through a stage, a step up the span tree) and stops
// once it passes the limit. Steps rather than a clock: the same query on the
// same data is accepted or refused the same way on every machine.

/**
 * Under a second of evaluation on a slow machine (a step costs 35–90 ns);
 * the course's queries take well under a million over the playground's
 * 20,000 spans, and 200 conditions joined by `||` about 16 million.
 */
export const WORK_LIMIT = 20_000_000;

export class WorkLimitExceeded extends Error {
  constructor(readonly limit: number) {
    super(`work limit of ${limit} steps exceeded`);
  }
}

export const work = { used: 0, limit: Number.POSITIVE_INFINITY };

/** Counts `units` steps; throws WorkLimitExceeded past the limit. */
export function spend(units: number): void {
  work.used += units;
  if (work.used > work.limit) throw new WorkLimitExceeded(work.limit);
}

/** Runs `evaluate` with a fresh count and the given limit (no limit outside such a call). */
export function withWorkLimit<T>(limit: number, evaluate: () => T): T {
  const saved = { used: work.used, limit: work.limit };
  work.used = 0;
  work.limit = limit;
  try {
    return evaluate();
  } finally {
    work.used = saved.used;
    work.limit = saved.limit;
  }
}
