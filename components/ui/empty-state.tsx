import type { ReactNode } from "react";

/** What an empty list says: what would be here, and how to add the first one. */
export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="rounded-xl border border-dashed border-zinc-300 px-6 py-10 text-center dark:border-zinc-700" data-testid={testId}>
      <p className="font-medium">{title}</p>
      {children ? <div className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{children}</div> : null}
    </div>
  );
}
