// Chart values, clock times and short ids for the analysis sandboxes' views;
// counts, shares and durations use src/shared/format.ts like the rest of the site.

/** A number for a chart axis or table cell: at most three significant decimals, no trailing zeros. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return new Intl.NumberFormat('en', { maximumFractionDigits: digits }).format(value);
}

/** Clock time of an instant (ms since the epoch), in UTC so every learner sees the same labels. */
export function formatClock(ms: number, withMillis = false): string {
  const iso = new Date(ms).toISOString();
  return withMillis ? iso.slice(11, 23) : iso.slice(11, 19);
}

/** The first characters of an id, enough to tell traces apart on screen. */
export function shortId(id: string, length = 8): string {
  return id.length > length ? `${id.slice(0, length)}…` : id;
}
