"use client";

import Link from "next/link";
import { useState, type ComponentProps, type ReactNode } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { EmbeddedBadge } from "./badges";
import { formatUtc } from "./format";

export interface DocumentRow {
  id: string;
  href: string;
  sourceId: string;
  title: string;
  version: number;
  chunkCount: number;
  isEmbedded: boolean;
  updatedAt: string;
}

interface DocumentTableProps {
  rows: DocumentRow[];
  knowledgeBase: string;
  /** For editors: deleting the selected documents. Readers get the table without checkboxes. */
  deleteAction?: ComponentProps<typeof ActionForm>["action"];
}

/** The documents of one page of the list; editors select some and delete them. */
export function DocumentTable({ rows, knowledgeBase, deleteAction }: DocumentTableProps) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // Rows deleted meanwhile (the list re-renders after a deletion) drop out of the selection.
  const chosen = rows.filter((row) => selected.has(row.sourceId)).map((row) => row.sourceId);
  const isAllChosen = rows.length > 0 && chosen.length === rows.length;
  const toggle = (sourceId: string, isOn: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (isOn) next.add(sourceId);
      else next.delete(sourceId);
      return next;
    });

  const table = (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm" data-testid="document-list">
        <thead className="border-b border-zinc-200 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            {deleteAction ? (
              <th className="w-10 p-3">
                <input
                  type="checkbox"
                  aria-label="Select every document on this page"
                  checked={isAllChosen}
                  onChange={(event) => setSelected(event.target.checked ? new Set(rows.map((row) => row.sourceId)) : new Set())}
                  data-testid="select-all-documents"
                />
              </th>
            ) : null}
            <th className="p-3">Title and id</th>
            <th className="p-3 text-right">Version</th>
            <th className="p-3 text-right">Chunks</th>
            <th className="p-3">Vectors</th>
            <th className="p-3">Updated</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {rows.map((row) => (
            <tr key={row.id} data-testid="document-row" data-source-id={row.sourceId}>
              {deleteAction ? (
                <td className="p-3 align-top">
                  <input
                    type="checkbox"
                    name="sourceIds"
                    value={row.sourceId}
                    checked={selected.has(row.sourceId)}
                    onChange={(event) => toggle(row.sourceId, event.target.checked)}
                    aria-label={`Select ${row.title}`}
                    data-testid="document-select"
                  />
                </td>
              ) : null}
              <td className="max-w-md p-3">
                <Link href={row.href} className="font-medium break-words hover:underline" data-testid="document-link">
                  {row.title}
                </Link>
                <div>
                  <code className="text-xs break-all text-zinc-600 dark:text-zinc-400" data-testid="document-source-id">
                    {row.sourceId}
                  </code>
                </div>
              </td>
              <td className="p-3 text-right tabular-nums" data-testid="document-version">{row.version}</td>
              <td className="p-3 text-right tabular-nums" data-testid="document-chunks">{row.chunkCount}</td>
              <td className="p-3">
                <EmbeddedBadge isEmbedded={row.isEmbedded} testId="document-embedded" />
              </td>
              <td className="p-3 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                <time dateTime={row.updatedAt}>{formatUtc(row.updatedAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  if (!deleteAction) return table;
  return (
    <ActionForm
      action={deleteAction}
      confirmText="Delete the selected documents with their chunks and vectors? This cannot be undone; upload them again to restore them."
      className="space-y-3"
      testId="delete-documents-form"
    >
      <input type="hidden" name="knowledgeBase" value={knowledgeBase} />
      <Toolbar>
        <span className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
          {chosen.length === 0 ? "Select documents to delete them." : `${chosen.length} selected`}
        </span>
        <Button variant="danger" type="submit" disabled={chosen.length === 0} data-testid="delete-selected">
          Delete selected
        </Button>
      </Toolbar>
      {table}
    </ActionForm>
  );
}

function Toolbar({ children }: { children: ReactNode }) {
  return <div className="flex flex-wrap items-center justify-between gap-3">{children}</div>;
}
