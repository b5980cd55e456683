"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import type { CitedDocument } from "@/lib/chat/documents";
import type { CitationInfo } from "@/lib/chat/message-types";
import { formatRelevance } from "./citations";
import { CloseIcon } from "./icons";

/** What the panel shows: a citation, and when its answer was written (to tell whether the document changed since). */
export interface SourceTarget {
  citation: CitationInfo;
  answeredAt?: string;
}

type Loaded = { key: string } & ({ document: CitedDocument } | { missing: string } | { error: string });

const keyOf = (target: SourceTarget) => `${target.citation.knowledgeBaseId}/${target.citation.documentId}/${target.citation.number}`;

/**
 * The source panel: the cited document as it is now, with the cited passage marked on its exact character offsets and
 * scrolled into view. Document text is rendered as text. When the document changed or went away since the answer,
 * the passage as it was cited is shown with a notice.
 */
export function SourcePanel({ target, onClose }: { target: SourceTarget | null; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const markRef = useRef<HTMLElement>(null);
  const titleId = useId();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const key = target ? keyOf(target) : null;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (target && !dialog.open) dialog.showModal();
    if (!target && dialog.open) dialog.close();
  }, [target]);

  useEffect(() => {
    if (!target || !key) return;
    const { knowledgeBaseId, documentId } = target.citation;
    if (!documentId) {
      queueMicrotask(() => setLoaded({ key, missing: "deleted" }));
      return;
    }
    const controller = new AbortController();
    fetch(`/api/sources/${encodeURIComponent(knowledgeBaseId)}/${encodeURIComponent(documentId)}`, { signal: controller.signal, cache: "no-store" })
      .then(async (response) => {
        if (response.status === 404) return setLoaded({ key, missing: "gone" });
        const body = (await response.json()) as CitedDocument & { error?: { message: string } };
        setLoaded(response.ok ? { key, document: body } : { key, error: body.error?.message ?? "The document could not be loaded." });
      })
      .catch((error: unknown) => {
        if ((error as Error).name !== "AbortError") setLoaded({ key, error: "The document could not be loaded. Check your connection." });
      });
    return () => controller.abort();
  }, [target, key]);

  const current = loaded && loaded.key === key ? loaded : null;
  const document = current && "document" in current ? current.document : null;
  const citation = target?.citation;
  const isUnchanged = !!(document && citation && document.content.slice(citation.startOffset, citation.endOffset) === citation.text);

  useEffect(() => {
    if (isUnchanged) markRef.current?.scrollIntoView({ block: "center" });
  }, [isUnchanged, document]);

  return (
    <dialog
      ref={dialogRef}
      onClose={onClose}
      aria-labelledby={titleId}
      data-testid="source-panel"
      className="fixed inset-y-0 right-0 left-auto m-0 h-dvh max-h-none w-full max-w-2xl overflow-hidden border-l border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {target && citation ? (
        <div className="flex h-full flex-col">
          <header className="flex items-start gap-3 border-b border-zinc-200 px-5 py-4 dark:border-zinc-800">
            <div className="min-w-0 flex-1">
              <p className="text-xs font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">Source {citation.number}</p>
              <h2 id={titleId} className="text-lg font-semibold break-words" data-testid="source-panel-title">
                {document?.title ?? citation.title}
              </h2>
            </div>
            <button type="button" onClick={() => dialogRef.current?.close()} className="rounded-md p-2 hover:bg-zinc-100 dark:hover:bg-zinc-800" aria-label="Close source" data-testid="source-panel-close">
              <CloseIcon />
            </button>
          </header>
          <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">
            <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
              <dt className="text-zinc-600 dark:text-zinc-400">Source id</dt>
              <dd className="min-w-0 break-all">
                <code data-testid="source-panel-source-id">{document?.sourceId ?? citation.sourceId}</code>
              </dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Relevance</dt>
              <dd>
                {formatRelevance(citation.relevance)}
                {citation.isCited ? " · cited in the answer" : citation.isNearest ? " · nearest passage found" : " · in the prompt, not cited"}
              </dd>
              {document ? (
                <>
                  <dt className="text-zinc-600 dark:text-zinc-400">Knowledge base</dt>
                  <dd>{document.knowledgeBase.name}</dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">Last updated</dt>
                  <dd>
                    <time dateTime={document.updatedAt} data-testid="source-panel-updated">
                      {new Date(document.updatedAt).toLocaleString()}
                    </time>{" "}
                    · version {document.version}
                  </dd>
                  <MetadataRows metadata={document.metadata} />
                </>
              ) : null}
            </dl>
            {!current ? (
              <div className="space-y-2" data-testid="source-panel-loading" aria-busy="true">
                <span className="sr-only">Loading the document…</span>
                {[90, 75, 95, 60, 85].map((width) => (
                  <div key={width} className="h-3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" style={{ width: `${width}%` }} />
                ))}
              </div>
            ) : "error" in current ? (
              <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                {current.error}
              </p>
            ) : document && isUnchanged ? (
              <DocumentText content={document.content} start={citation.startOffset} end={citation.endOffset} markRef={markRef} answeredAt={target.answeredAt} updatedAt={document.updatedAt} />
            ) : (
              <StoredPassage citation={citation} reason={document ? "changed" : "gone"} currentContent={document?.content} />
            )}
            {document ? (
              <p className="mt-4 text-sm">
                <Link className="underline" href={`/knowledge-bases/${document.knowledgeBase.slug}/documents/${document.id}`} data-testid="source-panel-document-link">
                  Open in Documents
                </Link>
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
    </dialog>
  );
}

function DocumentText({ content, start, end, markRef, answeredAt, updatedAt }: { content: string; start: number; end: number; markRef: React.RefObject<HTMLElement | null>; answeredAt?: string; updatedAt: string }) {
  const isUpdatedSince = !!answeredAt && updatedAt > answeredAt;
  return (
    <>
      {isUpdatedSince ? (
        <p className="mb-3 rounded-lg bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800" data-testid="source-panel-notice">
          The document was updated after this answer; the cited passage is unchanged.
        </p>
      ) : null}
      <div className="rounded-lg border border-zinc-200 p-4 text-sm leading-relaxed break-words whitespace-pre-wrap dark:border-zinc-800" data-testid="source-document-text" tabIndex={0} aria-label="Document text">
        {content.slice(0, start)}
        <mark ref={markRef} className="rounded-sm bg-yellow-200 text-zinc-900 dark:bg-yellow-700 dark:text-zinc-50" data-testid="source-highlight" data-start={start} data-end={end}>
          {content.slice(start, end)}
        </mark>
        {content.slice(end)}
      </div>
    </>
  );
}

function StoredPassage({ citation, reason, currentContent }: { citation: CitationInfo; reason: "changed" | "gone"; currentContent?: string }) {
  return (
    <>
      <p role="status" className="mb-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" data-testid="source-panel-notice">
        {reason === "changed"
          ? "The document has changed since this answer. The passage as it was cited:"
          : "The document has been deleted since this answer, or you can no longer read it. The passage as it was cited:"}
      </p>
      <blockquote className="rounded-lg border-l-4 border-yellow-400 bg-yellow-50 p-3 text-sm leading-relaxed break-words whitespace-pre-wrap dark:bg-yellow-950/40" data-testid="source-stored-passage">
        {citation.text}
      </blockquote>
      {currentContent !== undefined ? (
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer">The document as it is now</summary>
          <div className="mt-2 rounded-lg border border-zinc-200 p-4 leading-relaxed break-words whitespace-pre-wrap dark:border-zinc-800" data-testid="source-document-text">
            {currentContent}
          </div>
        </details>
      ) : null}
    </>
  );
}

function MetadataRows({ metadata }: { metadata: unknown }) {
  const entries = metadata && typeof metadata === "object" && !Array.isArray(metadata) ? Object.entries(metadata as Record<string, unknown>) : [];
  if (entries.length === 0) return null;
  return (
    <>
      <dt className="text-zinc-600 dark:text-zinc-400">Metadata</dt>
      <dd>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-xs" data-testid="source-panel-metadata">
          {entries.map(([name, value]) => (
            <div key={name} className="contents">
              <dt className="font-medium">{name}</dt>
              <dd className="min-w-0 break-words">{typeof value === "string" ? value : JSON.stringify(value)}</dd>
            </div>
          ))}
        </dl>
      </dd>
    </>
  );
}
