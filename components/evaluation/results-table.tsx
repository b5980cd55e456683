import type { Change } from "@/lib/eval/compare";
import { formatExpected, formatMetric } from "./format";

export interface ResultRowView {
  ordinal: number;
  question: string;
  expected: Record<string, number>;
  expectedAnswer: string | null;
  isUnanswerable: boolean;
  retrieved: { sourceId: string; title: string; relevance: number; isBelowFloor?: boolean }[];
  answer: string | null;
  citations: { number: number; sourceId: string; isExpected: boolean }[];
  metrics: { ndcg?: number; recall?: number; mrr?: number; refused: boolean; refusedBy?: string; phraseMatch?: number; citationPrecision?: number; answerError?: string };
  notice: string | null;
  /** Against the compared run, when there is one. */
  change?: Change;
  reasons?: string[];
}

const CHANGE_STYLE: Partial<Record<Change, string>> = {
  worse: "bg-red-50 dark:bg-red-950/40",
  mixed: "bg-amber-50 dark:bg-amber-950/40",
  better: "bg-emerald-50 dark:bg-emerald-950/30",
};

const CHANGE_LABEL: Record<Change, string> = { worse: "worse", better: "better", mixed: "mixed", same: "same", new: "new", removed: "removed" };

/** Each question of a run: expected vs retrieved documents, its metrics, the answer with its citations, and what changed. */
export function ResultsTable({ rows, hasComparison }: { rows: ResultRowView[]; hasComparison: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="results-table">
        <thead className="text-xs text-zinc-600 dark:text-zinc-400">
          <tr>
            <th className="py-2 pr-3">#</th>
            <th className="py-2 pr-3">Question</th>
            <th className="py-2 pr-3">Expected</th>
            <th className="py-2 pr-3">Retrieved (best first)</th>
            <th className="py-2 pr-3">nDCG · Recall · MRR</th>
            <th className="py-2 pr-3">Answer</th>
            {hasComparison ? <th className="py-2">Change</th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 align-top dark:divide-zinc-800">
          {rows.map((row) => {
            const expected = new Set(Object.entries(row.expected).filter(([, grade]) => grade > 0).map(([id]) => id));
            return (
              <tr key={row.ordinal} className={row.change ? (CHANGE_STYLE[row.change] ?? "") : ""} data-testid="result-row" data-ordinal={row.ordinal} data-change={row.change ?? "none"}>
                <td className="py-2 pr-3 tabular-nums">{row.ordinal}</td>
                <td className="max-w-xs py-2 pr-3">
                  <p data-testid="result-question">{row.question}</p>
                  {row.expectedAnswer ? <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Expected: {row.expectedAnswer}</p> : null}
                  {row.notice ? <p className="mt-1 text-xs text-amber-800 dark:text-amber-300">{row.notice}</p> : null}
                </td>
                <td className="py-2 pr-3 text-xs">{row.isUnanswerable ? <span className="italic">unanswerable</span> : formatExpected(row.expected) || "—"}</td>
                <td className="py-2 pr-3 text-xs" data-testid="result-retrieved">
                  {row.metrics.refused && row.metrics.refusedBy === "retrieval" ? <p className="mb-1 font-medium">Nothing cleared the relevance floor: refused without a model call.</p> : null}
                  <ol className="space-y-0.5">
                    {row.retrieved.map((doc) => (
                      <li key={doc.sourceId} className={doc.isBelowFloor ? "text-zinc-500" : ""} title={`${doc.title} · relevance ${doc.relevance.toFixed(2)}`}>
                        {expected.has(doc.sourceId) ? <span aria-label="expected">✓ </span> : null}
                        <code>{doc.sourceId}</code>
                        {doc.isBelowFloor ? " (nearest, below the floor)" : ""}
                      </li>
                    ))}
                  </ol>
                </td>
                <td className="py-2 pr-3 text-xs tabular-nums" data-testid="result-metrics">
                  {row.metrics.ndcg === undefined ? "—" : `${formatMetric(row.metrics.ndcg)} · ${formatMetric(row.metrics.recall)} · ${formatMetric(row.metrics.mrr)}`}
                </td>
                <td className="max-w-sm py-2 pr-3 text-xs">
                  {row.metrics.answerError ? <p className="text-red-700 dark:text-red-400">{row.metrics.answerError}</p> : null}
                  {row.answer !== null ? <p className="whitespace-pre-wrap" data-testid="result-answer">{row.answer.length > 600 ? `${row.answer.slice(0, 600)}…` : row.answer}</p> : null}
                  {row.citations.length ? (
                    <p className="mt-1">
                      Cites:{" "}
                      {row.citations.map((citation) => (
                        <span key={citation.number} className={citation.isExpected ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>
                          [{citation.number}] <code>{citation.sourceId}</code>{" "}
                        </span>
                      ))}
                    </p>
                  ) : null}
                  <p className="mt-1 text-zinc-600 dark:text-zinc-400">
                    {row.metrics.refused ? `refused (${row.metrics.refusedBy === "retrieval" ? "no evidence" : "by the model"})` : null}
                    {row.metrics.phraseMatch !== undefined ? ` phrases ${formatMetric(row.metrics.phraseMatch)}` : null}
                    {row.metrics.citationPrecision !== undefined ? ` · citation precision ${formatMetric(row.metrics.citationPrecision)}` : null}
                  </p>
                </td>
                {hasComparison ? (
                  <td className="py-2 text-xs" data-testid="result-change">
                    <span className="font-medium">{row.change ? CHANGE_LABEL[row.change] : "—"}</span>
                    {row.reasons?.length ? <ul className="mt-1 space-y-0.5">{row.reasons.map((reason) => <li key={reason}>{reason}</li>)}</ul> : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
