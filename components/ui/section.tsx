import type { ReactNode } from "react";

/** A titled card grouping one concern of a page (settings, members, danger zone). */
export function Section({ title, children, tone = "default", testId }: { title: string; children: ReactNode; tone?: "default" | "danger"; testId?: string }) {
  const border = tone === "danger" ? "border-red-300 dark:border-red-900" : "border-zinc-200 dark:border-zinc-800";
  return (
    <section className={`mb-6 rounded-xl border bg-white p-5 dark:bg-zinc-900 ${border}`} data-testid={testId}>
      <h2 className="mb-4 font-medium">{title}</h2>
      {children}
    </section>
  );
}
