"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { SUPPORTED_EXTENSIONS } from "@/lib/ingest/parse/detect-format";
import { formatBytes, plural } from "./format";
import type { RejectedRow } from "./job-view";
import { RejectedList } from "./rejected-list";
import { UploadFileCard } from "./upload-file-card";
import { blockingProblem, manifestEntry, prepareEntry, type UploadEntry } from "./upload-entry";

interface UploadFormProps {
  /** The route handler that takes the files (POST multipart/form-data). */
  uploadUrl: string;
  /** Where a job's page is: this plus its id. */
  jobPathPrefix: string;
  maxBytes: number;
  maxFiles: number;
}

interface UploadAnswer {
  jobId?: string | null;
  accepted?: number;
  rejected?: RejectedRow[];
  error?: { message: string };
}

/** Drop or choose files, check their ids or field mappings, and send them all as one ingestion job. */
export function UploadForm({ uploadUrl, jobPathPrefix, maxBytes, maxFiles }: UploadFormProps) {
  const router = useRouter();
  const inputRef = useRef<HTMLInputElement>(null);
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const [isDragging, setIsDragging] = useState(false);
  const [isSending, setIsSending] = useState(false);
  const [failure, setFailure] = useState<{ message: string; rejected: RejectedRow[] } | null>(null);
  const [hasTriedToSend, setHasTriedToSend] = useState(false);
  const problem = blockingProblem(entries, maxFiles);

  const addFiles = async (files: Iterable<File>) => {
    setFailure(null);
    const prepared = await Promise.all([...files].map((file) => prepareEntry(file, maxBytes)));
    setEntries((current) => [...current, ...prepared]);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setIsDragging(false);
    void addFiles(event.dataTransfer.files);
  };

  const send = async () => {
    setHasTriedToSend(true);
    if (problem) return;
    setIsSending(true);
    setFailure(null);
    const body = new FormData();
    for (const entry of entries) body.append("file", entry.file, entry.file.name);
    body.append("manifest", JSON.stringify(entries.map(manifestEntry)));
    try {
      const response = await fetch(uploadUrl, { method: "POST", body });
      const answer = (await response.json().catch(() => ({}))) as UploadAnswer;
      if (answer.jobId) {
        router.push(`${jobPathPrefix}${answer.jobId}`);
        return;
      }
      setFailure({ message: answer.error?.message ?? `The upload failed (HTTP ${response.status}). Try again in a moment.`, rejected: answer.rejected ?? [] });
    } catch {
      setFailure({ message: "The upload did not reach the server. Check your connection and upload again.", rejected: [] });
    }
    setIsSending(false);
  };

  return (
    <div className="space-y-4" data-testid="upload-form">
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setIsDragging(true);
        }}
        onDragLeave={() => setIsDragging(false)}
        onDrop={onDrop}
        className={`rounded-xl border-2 border-dashed px-6 py-10 text-center ${isDragging ? "border-brand-600 bg-brand-50 dark:bg-zinc-800" : "border-zinc-300 dark:border-zinc-700"}`}
        data-testid="upload-dropzone"
      >
        <p className="font-medium">Drop files here</p>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Up to {maxFiles} files of at most {formatBytes(maxBytes)} each: {SUPPORTED_EXTENSIONS}.
        </p>
        <Button type="button" variant="secondary" className="mt-4" onClick={() => inputRef.current?.click()} data-testid="upload-choose">
          Choose files…
        </Button>
        <input
          ref={inputRef}
          type="file"
          multiple
          className="sr-only"
          tabIndex={-1}
          aria-label="Files to upload"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = "";
            void addFiles(files);
          }}
          data-testid="upload-input"
        />
      </div>

      {entries.length > 0 ? (
        <ul className="space-y-3" aria-label="Files to upload" data-testid="upload-files">
          {entries.map((entry) => (
            <UploadFileCard
              key={entry.key}
              entry={entry}
              onChange={(changed) => setEntries((current) => current.map((item) => (item.key === changed.key ? changed : item)))}
              onRemove={() => setEntries((current) => current.filter((item) => item.key !== entry.key))}
            />
          ))}
        </ul>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" onClick={send} disabled={isSending || entries.length === 0} aria-busy={isSending} data-testid="upload-submit">
          {isSending ? "Uploading…" : entries.length > 0 ? `Upload ${plural(entries.length, "file")}` : "Upload"}
        </Button>
        {hasTriedToSend && problem ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="upload-problem">{problem}</p>
        ) : null}
      </div>

      {failure ? (
        <div className="space-y-3">
          <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="upload-error">{failure.message}</p>
          <RejectedList rejected={failure.rejected} />
        </div>
      ) : null}
    </div>
  );
}
