import type { CitationInfo } from "@/lib/chat/message-types";
import { formatRelevance } from "./citations";

/**
 * Every passage that was in an answer's prompt, cited or not, with its relevance; for a refusal, the nearest passages
 * found. Each opens the source panel.
 */
export function SourcesList({ citations, heading, isOpen, onOpen }: { citations: CitationInfo[]; heading?: string; isOpen: boolean; onOpen: (citation: CitationInfo) => void }) {
  if (citations.length === 0) return null;
  const cited = citations.filter((citation) => citation.isCited).length;
  const summary = heading ?? `Sources · ${citations.length} ${citations.length === 1 ? "passage" : "passages"}${cited ? ` · ${cited} cited` : ""}`;
  return (
    <details open={isOpen} className="group mt-3 rounded-lg border border-zinc-200 text-sm dark:border-zinc-800" data-testid="sources-list">
      <summary className="cursor-pointer rounded-lg px-3 py-2 font-medium text-zinc-700 select-none hover:bg-zinc-50 dark:text-zinc-300 dark:hover:bg-zinc-800/60">{summary}</summary>
      <ol className="divide-y divide-zinc-200 border-t border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {citations.map((citation) => (
          <li key={citation.number} data-testid="source-item" data-number={citation.number} data-cited={citation.isCited} data-source-id={citation.sourceId}>
            <button type="button" onClick={() => onOpen(citation)} className="flex w-full items-start gap-3 px-3 py-2 text-left hover:bg-zinc-50 dark:hover:bg-zinc-800/60">
              <span className="mt-0.5 inline-flex h-5 min-w-5 items-center justify-center rounded-md bg-zinc-100 px-1 text-xs font-semibold dark:bg-zinc-800">{citation.number}</span>
              <span className="min-w-0 flex-1">
                <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                  <span className="font-medium" data-testid="source-item-title">{citation.title}</span>
                  <span className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="source-item-relevance">relevance {formatRelevance(citation.relevance)}</span>
                  {citation.isCited ? (
                    <span className="rounded bg-emerald-100 px-1.5 text-xs text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-100">cited</span>
                  ) : citation.isNearest ? null : (
                    <span className="rounded bg-zinc-100 px-1.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">not cited</span>
                  )}
                </span>
                <span className="mt-0.5 line-clamp-2 block text-xs text-zinc-600 dark:text-zinc-400">{citation.text}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </details>
  );
}
