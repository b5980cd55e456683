// How evaluation numbers read: three decimals for metrics, signed for differences, a dash for "not measured".

/** "0.812", or "—" when the metric was not measured. */
export function formatMetric(value: number | undefined | null): string {
  return value === undefined || value === null ? "—" : value.toFixed(3);
}

/** "+0.120" / "−0.050" / "±0" for a difference between two runs. */
export function formatDelta(delta: number): string {
  if (Math.abs(delta) < 0.0005) return "±0";
  return `${delta > 0 ? "+" : "−"}${Math.abs(delta).toFixed(3)}`;
}

/** Expected ids as the form writes them: `a|b=2`. */
export function formatExpected(expected: Record<string, number>): string {
  return Object.entries(expected)
    .map(([id, grade]) => (grade === 1 ? id : `${id}=${grade}`))
    .join(" | ");
}
