import type { ReactNode } from "react";
import { inputClass } from "@/components/ui/field";

/** A log page's filter form (a GET form): the log's own fields, then a UTC date range and the Filter button. */
export function LogFilters({ testId, from, to, children }: { testId: string; from?: string; to?: string; children: ReactNode }) {
  return (
    <form className="mb-4 grid gap-3 sm:grid-cols-5" data-testid={testId}>
      {children}
      <label className="text-sm">
        From (UTC)
        <input type="date" name="from" defaultValue={from} className={inputClass} />
      </label>
      <label className="text-sm">
        To (UTC)
        <input type="date" name="to" defaultValue={to} className={inputClass} />
      </label>
      <div className="flex items-end">
        <button type="submit" className="rounded-lg border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700">
          Filter
        </button>
      </div>
    </form>
  );
}
