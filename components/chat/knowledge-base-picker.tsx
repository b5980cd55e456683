"use client";

import Link from "next/link";
import type { KnowledgeBaseOption } from "./history-types";
import { HostedMarker } from "./hosted-marker";

/**
 * The knowledge bases the user may ask, as radio cards (arrow keys move between them). A chat keeps the base it
 * started with, so the picker only appears before the first question.
 */
export function KnowledgeBasePicker({ options, selectedId, onSelect }: { options: KnowledgeBaseOption[]; selectedId: string; onSelect: (id: string) => void }) {
  return (
    <fieldset className="w-full" data-testid="kb-picker">
      <legend className="mb-2 text-sm font-medium text-zinc-700 dark:text-zinc-300">Knowledge base</legend>
      <ul className="grid max-h-60 gap-2 overflow-y-auto p-0.5 sm:grid-cols-2" data-testid="kb-options">
        {options.map((kb) => {
          const isSelected = kb.id === selectedId;
          return (
            <li
              key={kb.id}
              data-testid="kb-option"
              data-slug={kb.slug}
              data-selected={isSelected}
              className={`flex items-start gap-2 rounded-xl border px-3 py-2 transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 ${
                isSelected ? "border-brand-600 bg-brand-50 dark:border-brand-500 dark:bg-zinc-800" : "border-zinc-200 bg-white hover:border-zinc-300 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-zinc-700"
              }`}
            >
              <label className="flex min-w-0 flex-1 cursor-pointer items-start gap-2">
                <input type="radio" name="knowledge-base" value={kb.id} checked={isSelected} onChange={() => onSelect(kb.id)} className="mt-1 accent-brand-600" data-testid="kb-radio" />
                <span className="min-w-0">
                  <span className="block text-sm font-medium break-words">
                    {kb.name}
                    {kb.isHosted ? <HostedMarker className="ml-1.5 align-middle" /> : null}
                  </span>
                  <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">team {kb.teamName}</span>
                </span>
              </label>
              <Link href={`/knowledge-bases/${kb.slug}/documents`} className="shrink-0 pt-0.5 text-xs text-zinc-700 underline dark:text-zinc-300" data-testid="kb-documents-link" aria-label={`Documents of ${kb.name}`}>
                Documents
              </Link>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
