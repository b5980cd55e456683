// Small helpers for the benchmarks' figures: percentiles (nearest rank) and fixed-width tables.

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  mean: number;
  max: number;
}

/** The nearest-rank percentile `p` (0..1) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** p50, p95, mean and max, rounded to 0.1. */
export function summarize(values: readonly number[]): Summary {
  const round = (x: number) => Math.round(x * 10) / 10;
  const mean = values.reduce((sum, x) => sum + x, 0) / Math.max(1, values.length);
  return { n: values.length, p50: round(percentile(values, 0.5)), p95: round(percentile(values, 0.95)), mean: round(mean), max: round(Math.max(...values)) };
}

/** A plain-text table: the first row is the header; numbers are right-aligned. */
export function table(rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === "number" ? cell.toFixed(1) : cell)));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]) => row.map((cell, i) => (typeof rows[0]![i] === "number" || /^-?[\d.]+$/.test(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}
