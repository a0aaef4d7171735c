// How the site writes numbers for people: one style for counts, shares and
// durations, used by engines (messages, grading feedback), islands and the
// grade command alike, so "66.7%" never reads "66.7 %" one page further on.
// English grouping everywhere, as the course text is English.

const grouped = (maximumFractionDigits: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits });
const whole = grouped(0);
const oneDecimal = grouped(1);
const twoDecimals = grouped(2);

/** A count of things: "2,000", "20,222". */
export function formatCount(count: number): string {
  return whole.format(count);
}

/**
 * A share 0..1 as a percentage: "66.7%", "10%", "0%". Below 1% two decimals
 * ("0.25%"), so a tiny share does not read as none.
 */
export function formatPercent(share: number): string {
  const percent = share * 100;
  return `${(percent > 0 && percent < 1 ? twoDecimals : oneDecimal).format(percent)}%`;
}

/** The number formatPercent shows, for data files whose column heading carries the "%": 0.6667 → 66.7. */
export function percentNumber(share: number): number {
  return Math.round(share * 1000) / 10;
}

/**
 * A duration given in milliseconds: "0.85 ms", "57.6 ms", "250 ms", "1.24 s".
 * Precision shrinks as the number grows, and trailing zeros go, so a round
 * bucket bound reads "5 ms" rather than "5.00 ms".
 */
export function formatDuration(ms: number): string {
  if (Math.abs(ms) >= 1000) return `${twoDecimals.format(ms / 1000)} s`;
  return `${(Math.abs(ms) < 10 ? twoDecimals : oneDecimal).format(ms)} ms`;
}
