"use client";

import { Fragment } from "react";

/** The model-offline banner: what is wrong and the exact command or setting that fixes it. */
export function ModelOfflineBanner({ model, reason, onRetry, isChecking }: { model: string; reason: string; onRetry: () => void; isChecking: boolean }) {
  return (
    <div role="alert" className="border-b border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50" data-testid="model-offline-banner">
      <div className="mx-auto flex max-w-3xl flex-wrap items-start gap-x-4 gap-y-2">
        <p className="min-w-0 flex-1">
          <strong className="font-semibold">The chat model {model} is offline.</strong> <span data-testid="model-offline-reason">{withCode(reason)}</span> Answers fall back to the
          matching passages until it is back.
        </p>
        <button type="button" onClick={onRetry} disabled={isChecking} className="rounded-md border border-amber-400 px-2 py-1 text-xs font-medium hover:bg-amber-100 disabled:opacity-60 dark:border-amber-700 dark:hover:bg-amber-900">
          {isChecking ? "Checking…" : "Check again"}
        </button>
      </div>
    </div>
  );
}

/** `ollama pull gemma3:1b` in backticks becomes inline code (as text). */
function withCode(text: string) {
  return text.split(/(`[^`]+`)/).map((part, index) =>
    part.startsWith("`") && part.endsWith("`") ? (
      <code key={index} className="rounded bg-amber-100 px-1 font-mono text-[0.85em] dark:bg-amber-900">
        {part.slice(1, -1)}
      </code>
    ) : (
      <Fragment key={index}>{part}</Fragment>
    ),
  );
}
