import Link from "next/link";
import { JobStatusBadge } from "@/components/documents/badges";
import { formatUtc } from "@/components/documents/format";
import type { RunStatus } from "./run-view";
import { formatMetric } from "./format";

export interface RunRowView {
  id: string;
  href: string;
  status: RunStatus;
  createdAt: string;
  /** "current settings", "top-k 3, lexical" */
  variant: string;
  source: string;
  processed: number;
  total: number;
  metrics: { "ndcg@10"?: number; "recall@k"?: number; "mrr@10"?: number; k?: number };
}

/** A set's runs, newest first, each linking to its page. */
export function RunsTable({ runs }: { runs: RunRowView[] }) {
  if (runs.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No runs yet. Run the set above; each run is kept with its settings, so later runs can be compared with it.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="runs-table">
        <thead className="text-xs text-zinc-600 dark:text-zinc-400">
          <tr>
            <th className="py-2 pr-3">Started</th>
            <th className="py-2 pr-3">Settings</th>
            <th className="py-2 pr-3">Status</th>
            <th className="py-2 pr-3">nDCG@10</th>
            <th className="py-2 pr-3">Recall@k</th>
            <th className="py-2">MRR@10</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {runs.map((run) => (
            <tr key={run.id} data-testid="run-row" data-run-id={run.id}>
              <td className="py-2 pr-3">
                <Link href={run.href} className="font-medium hover:underline" data-testid="run-link">
                  <time dateTime={run.createdAt}>{formatUtc(run.createdAt)}</time>
                </Link>
                {run.source === "cli" ? <span className="ml-1 text-xs text-zinc-500">(command line)</span> : null}
              </td>
              <td className="py-2 pr-3" data-testid="run-variant">{run.variant}</td>
              <td className="py-2 pr-3">
                <JobStatusBadge status={run.status} testId="run-row-status" />{" "}
                {run.status === "running" ? <span className="text-xs">{run.processed} of {run.total}</span> : null}
              </td>
              <td className="py-2 pr-3 tabular-nums">{formatMetric(run.metrics["ndcg@10"])}</td>
              <td className="py-2 pr-3 tabular-nums">
                {formatMetric(run.metrics["recall@k"])}
                {run.metrics.k ? <span className="text-xs text-zinc-500"> @{run.metrics.k}</span> : null}
              </td>
              <td className="py-2 tabular-nums">{formatMetric(run.metrics["mrr@10"])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
