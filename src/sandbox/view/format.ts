// Number and time formatting shared by the analysis sandboxes' views.

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** "2,000". */
export function formatInteger(value: number): string {
  return integer.format(value);
}

/** A share 0..1 as a percentage: "6.4 %", "10 %", "0.25 %": below 1 % two decimals, so a tiny share does not read as zero. */
export function formatPercent(share: number): string {
  const pct = share * 100;
  if (pct > 0 && pct < 1) return `${Number(pct.toFixed(2))} %`;
  return `${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(pct)} %`;
}

/** A number for a chart axis or table cell: at most three significant decimals, no trailing zeros. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return new Intl.NumberFormat('en', { maximumFractionDigits: digits }).format(value);
}

/** Milliseconds as the learner reads them: "57.6 ms", "1.24 s". */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
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
