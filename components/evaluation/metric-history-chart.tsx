import { formatMetric } from "./format";

export interface HistoryPoint {
  runId: string;
  href: string;
  /** "2025-03-01 14:05 UTC · top-k 3" */
  label: string;
  values: Partial<Record<SeriesKey, number>>;
}

type SeriesKey = "ndcg@10" | "recall@k" | "mrr@10";

const SERIES: { key: SeriesKey; label: string; color: string }[] = [
  { key: "ndcg@10", label: "nDCG@10", color: "var(--color-brand-600)" },
  { key: "recall@k", label: "Recall@k", color: "#059669" },
  { key: "mrr@10", label: "MRR@10", color: "#d97706" },
];

const [WIDTH, HEIGHT, PAD] = [640, 180, 28];

/** The retrieval metrics of a set's finished runs, oldest to newest, as a small line chart (inline SVG). */
export function MetricHistoryChart({ points, currentRunId }: { points: HistoryPoint[]; currentRunId?: string }) {
  if (points.length < 2) return <p className="text-sm text-zinc-600 dark:text-zinc-400">The history appears once the set has two finished runs.</p>;
  const x = (index: number) => PAD + (index * (WIDTH - 2 * PAD)) / (points.length - 1);
  const y = (value: number) => HEIGHT - PAD - value * (HEIGHT - 2 * PAD);
  return (
    <figure data-testid="metric-history">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="w-full max-w-2xl" role="img" aria-label={`Retrieval metrics of the last ${points.length} runs`}>
        {[0, 0.5, 1].map((tick) => (
          <g key={tick}>
            <line x1={PAD} x2={WIDTH - PAD} y1={y(tick)} y2={y(tick)} stroke="currentColor" strokeOpacity={0.15} />
            <text x={4} y={y(tick) + 4} fontSize={10} fill="currentColor" fillOpacity={0.6}>{tick.toFixed(1)}</text>
          </g>
        ))}
        {points.map((point, index) =>
          point.runId === currentRunId ? <line key="current" x1={x(index)} x2={x(index)} y1={PAD / 2} y2={HEIGHT - PAD} stroke="currentColor" strokeOpacity={0.3} strokeDasharray="3 3" /> : null,
        )}
        {SERIES.map((series) => {
          const present = points.map((point, index) => ({ index, value: point.values[series.key], point })).filter((entry) => entry.value !== undefined);
          return (
            <g key={series.key} data-series={series.key}>
              <polyline fill="none" stroke={series.color} strokeWidth={2} points={present.map((entry) => `${x(entry.index)},${y(entry.value!)}`).join(" ")} />
              {present.map((entry) => (
                <a key={entry.index} href={entry.point.href}>
                  <circle cx={x(entry.index)} cy={y(entry.value!)} r={4} fill={series.color}>
                    <title>{`${series.label} ${formatMetric(entry.value)} · ${entry.point.label}`}</title>
                  </circle>
                </a>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-4 text-xs text-zinc-600 dark:text-zinc-400">
        {SERIES.map((series) => (
          <span key={series.key} className="inline-flex items-center gap-1">
            <span className="inline-block h-2 w-4 rounded" style={{ background: series.color }} /> {series.label}
          </span>
        ))}
        <span>oldest → newest; hover a point for its run</span>
      </figcaption>
    </figure>
  );
}
