"use client";

import type { ReactNode } from "react";

/** A new chat before its first question: the picker, and example questions made from the base's document titles. */
export function EmptyChat({ knowledgeBaseName, picker, examples, onAsk, isDisabled }: {
  knowledgeBaseName: string;
  picker: ReactNode;
  /** null while loading. */
  examples: string[] | null;
  onAsk: (question: string) => void;
  isDisabled: boolean;
}) {
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col items-center gap-6 py-6 sm:py-10" data-testid="chat-start">
      <div className="text-center">
        <h1 className="text-2xl font-semibold tracking-tight">What would you like to know?</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Answers come only from the documents in {knowledgeBaseName}, with every source one click away.</p>
      </div>
      {picker}
      <section className="w-full" aria-labelledby="example-questions-heading">
        <h2 id="example-questions-heading" className="mb-2 text-sm font-medium text-zinc-700 dark:text-zinc-300">
          Try asking
        </h2>
        {examples === null ? (
          <div className="grid gap-2 sm:grid-cols-2" data-testid="examples-loading" aria-busy="true">
            <span className="sr-only">Loading example questions…</span>
            {[0, 1, 2, 3].map((index) => (
              <div key={index} className="h-12 animate-pulse rounded-xl bg-zinc-200 dark:bg-zinc-800" />
            ))}
          </div>
        ) : examples.length === 0 ? (
          <p className="rounded-xl border border-dashed border-zinc-300 px-4 py-3 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400" data-testid="examples-empty">
            {knowledgeBaseName} has no documents yet. Editors add them under Documents.
          </p>
        ) : (
          <ul className="grid gap-2 sm:grid-cols-2">
            {examples.map((question) => (
              <li key={question}>
                <button
                  type="button"
                  disabled={isDisabled}
                  onClick={() => onAsk(question)}
                  data-testid="example-question"
                  className="w-full rounded-xl border border-zinc-200 bg-white px-4 py-3 text-left text-sm hover:border-brand-500 hover:bg-brand-50 disabled:cursor-not-allowed disabled:opacity-60 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:bg-zinc-800"
                >
                  {question}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
