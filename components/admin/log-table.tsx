import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";

/** A log page's table (audit, egress): its column headings and rows, or `emptyTitle` when no entry matches. */
export function LogTable({ testId, columns, emptyTitle, isEmpty, children }: { testId: string; columns: string[]; emptyTitle: string; isEmpty: boolean; children: ReactNode }) {
  if (isEmpty) return <EmptyState title={emptyTitle} />;
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="text-xs text-zinc-500">
          <tr>
            {columns.map((column) => (
              <th key={column} className="p-3">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
      </table>
    </div>
  );
}

/** A log entry's time as the tables show it: UTC, to the second. */
export function logTime(at: Date): string {
  return at.toISOString().replace("T", " ").slice(0, 19);
}
