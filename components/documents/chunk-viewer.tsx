"use client";

import { useEffect, useRef, useState } from "react";
import { EmbeddedBadge } from "./badges";
import { describeRange, splitAtRange, type TextRange } from "./text-range";

export interface ChunkSummary extends TextRange {
  ordinal: number;
  tokenCount: number;
  isEmbedded: boolean;
}

const PREVIEW_LENGTH = 90;

/**
 * A document's full text beside its chunks; choosing a chunk marks its exact character range in the text. The text is
 * rendered as text nodes (never as HTML), whatever it contains.
 */
export function ChunkViewer({ content, chunks, initialOrdinal }: { content: string; chunks: ChunkSummary[]; initialOrdinal?: number }) {
  const [selected, setSelected] = useState<number | undefined>(chunks.some((chunk) => chunk.ordinal === initialOrdinal) ? initialOrdinal : undefined);
  const markRef = useRef<HTMLElement>(null);
  const chunk = chunks.find((candidate) => candidate.ordinal === selected);
  const { before, marked, after } = splitAtRange(content, chunk);

  useEffect(() => {
    markRef.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [selected]);

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <section aria-label="Document text" className="min-w-0">
        <h2 className="mb-2 font-medium">Text</h2>
        <div
          className="max-h-[70vh] overflow-auto rounded-xl border border-zinc-200 bg-white p-4 font-mono text-sm leading-relaxed break-words whitespace-pre-wrap dark:border-zinc-800 dark:bg-zinc-900"
          data-testid="document-text"
          tabIndex={0}
        >
          {before}
          {chunk ? (
            <mark ref={markRef} className="rounded-sm bg-yellow-200 text-zinc-900 dark:bg-yellow-700 dark:text-zinc-50" data-testid="chunk-highlight" data-ordinal={chunk.ordinal}>
              {marked}
            </mark>
          ) : null}
          {after}
        </div>
      </section>
      <section aria-label="Chunks" className="min-w-0">
        <h2 className="mb-2 font-medium">Chunks ({chunks.length})</h2>
        {chunks.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="chunks-empty">
            No chunks yet: the document is still being processed. Reload the page in a moment.
          </p>
        ) : (
          <>
            <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400">Choose a chunk to mark the passage it covers in the text.</p>
            <ol className="max-h-[70vh] space-y-2 overflow-auto pr-1" data-testid="chunk-list">
              {chunks.map((item) => {
                const isSelected = item.ordinal === selected;
                return (
                  <li key={item.ordinal}>
                    <button
                      type="button"
                      aria-pressed={isSelected}
                      onClick={() => setSelected(isSelected ? undefined : item.ordinal)}
                      className={`w-full rounded-lg border p-2 text-left text-xs ${isSelected ? "border-brand-600 bg-brand-50 dark:bg-zinc-800" : "border-zinc-200 bg-white hover:bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:bg-zinc-800"}`}
                      data-testid="chunk-item"
                      data-ordinal={item.ordinal}
                    >
                      <span className="flex flex-wrap items-center justify-between gap-1">
                        <span className="font-medium">Chunk {item.ordinal + 1}</span>
                        <EmbeddedBadge isEmbedded={item.isEmbedded} testId="chunk-embedded" />
                      </span>
                      <span className="mt-1 block text-zinc-600 dark:text-zinc-400">
                        <span data-testid="chunk-tokens">{item.tokenCount} tokens</span> · <span data-testid="chunk-range">{describeRange(item)}</span>
                      </span>
                      <span className="mt-1 block truncate text-zinc-500">{preview(content, item)}</span>
                    </button>
                  </li>
                );
              })}
            </ol>
          </>
        )}
      </section>
    </div>
  );
}

function preview(content: string, range: TextRange): string {
  const characters = [...splitAtRange(content, range).marked.replace(/\s+/g, " ").trim()];
  return characters.length > PREVIEW_LENGTH ? `${characters.slice(0, PREVIEW_LENGTH).join("")}…` : characters.join("");
}
