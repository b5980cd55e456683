import { metricLabel, SHOWN_METRICS, type RunMetrics } from "@/lib/eval/summary";
import { formatDelta, formatMetric } from "./format";

/** A run's mean metrics as cards, each with its change from the compared run (green better, red worse). */
export function MetricsSummary({ metrics, compared }: { metrics: RunMetrics; compared?: RunMetrics }) {
  const shown = SHOWN_METRICS.filter(({ key }) => metrics[key] !== undefined || compared?.[key] !== undefined);
  return (
    <div className="space-y-2">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="run-metrics">
        {shown.map(({ key, label, isHigherBetter }) => {
          const value = metrics[key];
          const before = compared?.[key];
          const delta = value !== undefined && before !== undefined ? value - before : undefined;
          const tone = delta === undefined || Math.abs(delta) < 0.0005 ? "" : (delta > 0) === isHigherBetter ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400";
          return (
            <div key={key} className="rounded-lg border border-zinc-200 p-2 dark:border-zinc-800" data-testid="run-metric" data-metric={key}>
              <dt className="text-xs text-zinc-600 dark:text-zinc-400">{key === "recall@k" ? `Recall@${metrics.k}` : label}</dt>
              <dd className="text-lg font-medium tabular-nums" data-testid="run-metric-value">{formatMetric(value)}</dd>
              {delta !== undefined ? (
                <dd className={`text-xs tabular-nums ${tone}`} data-testid="run-metric-delta" title={`${metricLabel(key, compared!.k)} before: ${formatMetric(before)}`}>
                  {formatDelta(delta)} vs compared run
                </dd>
              ) : null}
            </div>
          );
        })}
      </dl>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {metrics.questions} questions: {metrics.scored} with expected sources (retrieval metrics), {metrics.unanswerable} unanswerable
        {metrics.answered !== undefined ? `, ${metrics.answered} answered by the model${metrics.answerFailures ? ` (${metrics.answerFailures} failed)` : ""}` : ", no answers generated"}.
        Retrieval metrics are measured on the documents of the passages an answer would be given (top-k after the relevance floor), ranked by their best passage.
      </p>
    </div>
  );
}
