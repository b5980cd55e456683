"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type ComponentProps } from "react";
import { JobStatusBadge } from "@/components/documents/badges";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { isActive, percentDone, type RunView } from "./run-view";

const POLL_MS = 1000;

interface RunProgressProps {
  initial: RunView;
  statusUrl: string;
  knowledgeBase: string;
  cancelAction: ComponentProps<typeof ActionForm>["action"];
}

/** A run's live progress; when it ends the page reloads its results. */
export function RunProgress({ initial, statusUrl, knowledgeBase, cancelAction }: RunProgressProps) {
  const router = useRouter();
  const [run, setRun] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!isActive(run.status)) return;
    let isStale = false;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(statusUrl, { cache: "no-store" });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const next = (await response.json()) as RunView;
        if (isStale) return;
        setProblem(null);
        setRun(next);
        if (!isActive(next.status)) router.refresh();
      } catch {
        if (!isStale) setProblem("Lost contact with the server; trying again. The run continues on the server meanwhile.");
        if (!isStale) setRun((current) => ({ ...current }));
      }
    }, POLL_MS);
    return () => {
      isStale = true;
      clearTimeout(timer);
    };
  }, [run, statusUrl, router]);

  const percent = percentDone(run);
  return (
    <div className="space-y-3" data-testid="run-progress-panel" data-status={run.status}>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p>
          <JobStatusBadge status={run.status} testId="run-status" /> <span data-testid="run-processed">{run.processed} of {run.total}</span> questions scored
          {run.preparing ? <span data-testid="run-preparing"> · preparing the scratch copy: {run.preparing.processed} of {run.preparing.total} documents chunked</span> : null}
        </p>
        <span className="font-medium tabular-nums" aria-hidden="true">{percent}%</span>
      </div>
      <ProgressBar label="Run progress" percent={percent} isFailed={run.status === "failed"} testId="run-progress" />
      {run.status === "queued" ? <p className="text-sm">Waiting for the background worker; it usually starts within seconds.</p> : null}
      {run.error ? <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="run-error">{run.error}</p> : null}
      {problem ? <p role="alert" className="text-sm text-amber-800 dark:text-amber-300">{problem}</p> : null}
      {isActive(run.status) && !run.isCancelRequested ? (
        <ActionForm action={cancelAction} confirmText="Stop this run? Questions already scored stay." testId="run-cancel-form">
          <input type="hidden" name="knowledgeBase" value={knowledgeBase} />
          <input type="hidden" name="runId" value={run.id} />
          <Button type="submit" variant="secondary" data-testid="run-cancel">Stop run</Button>
        </ActionForm>
      ) : null}
    </div>
  );
}
