"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

interface Problem {
  where: string;
  message: string;
  question?: string;
}

interface ImportAnswer {
  setId?: string;
  format?: string;
  added?: number;
  updated?: number;
  unchanged?: number;
  errors?: Problem[];
  warnings?: { where: string; question: string; messages: string[] }[];
  notes?: string[];
  error?: { message: string };
}

interface ImportFormProps {
  importUrl: string;
  /** Where a set's page is: this plus its id. */
  setPathPrefix: string;
  /** Add to this set; without it the form asks for a new set's name. */
  setId?: string;
}

const SHOWN = 50;

/** Imports questions from a CSV, a JSONL, or a BEIR pair (queries.jsonl + qrels .tsv), and shows what came in and what did not. */
export function ImportForm({ importUrl, setPathPrefix, setId }: ImportFormProps) {
  const router = useRouter();
  const inputRef = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [isSending, setIsSending] = useState(false);
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);

  const send = async (form: FormData) => {
    setIsSending(true);
    setAnswer(null);
    const body = new FormData();
    for (const file of files) body.append("file", file, file.name);
    for (const key of ["name", "unknownIds"]) if (form.get(key)) body.append(key, String(form.get(key)));
    if (setId) body.append("setId", setId);
    try {
      const response = await fetch(importUrl, { method: "POST", body });
      const result = (await response.json().catch(() => ({ error: { message: `The import failed (HTTP ${response.status}).` } }))) as ImportAnswer;
      setAnswer(response.ok ? result : { ...result, error: result.error ?? { message: `The import failed (HTTP ${response.status}).` } });
      if (response.ok) router.refresh();
    } catch {
      setAnswer({ error: { message: "The import did not reach the server. Check your connection and try again." } });
    }
    setIsSending(false);
  };

  return (
    <div className="space-y-4" data-testid="import-form">
      <form action={send} className="space-y-3">
        {setId ? null : (
          <div>
            <label htmlFor="import-name" className="block text-sm font-medium">Name of the new set</label>
            <input id="import-name" name="name" required maxLength={200} className={inputClass} placeholder="e.g. HR questions" data-testid="import-name" />
          </div>
        )}
        <div>
          <label htmlFor="import-files" className="block text-sm font-medium">Files</label>
          <input
            id="import-files"
            ref={inputRef}
            type="file"
            multiple
            accept=".csv,.jsonl,.json,.ndjson,.tsv,.txt"
            className="mt-1 block text-sm"
            onChange={(event) => setFiles([...(event.target.files ?? [])])}
            data-testid="import-files"
          />
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            CSV with columns <code>question</code>, <code>expected_ids</code> (source ids separated by <code>|</code>, graded as <code>id=2</code>), <code>key_phrases</code>{" "}
            (separated by <code>|</code>), <code>expected_answer</code>, <code>unanswerable</code> (yes/no) and an optional <code>id</code>; or JSON Lines with the same
            fields; or a BEIR set: <code>queries.jsonl</code> and its qrels <code>.tsv</code> (its documents must already be in this knowledge base). Importing again updates
            questions with the same id, or the same text.
          </p>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="unknownIds" value="reject" data-testid="import-reject-unknown" />
          Refuse questions whose expected ids are not documents of this knowledge base (otherwise they are kept, with a warning)
        </label>
        <Button type="submit" disabled={isSending || files.length === 0} aria-busy={isSending} data-testid="import-submit">
          {isSending ? "Importing…" : "Import questions"}
        </Button>
      </form>
      {answer ? <ImportReport answer={answer} setPathPrefix={setPathPrefix} /> : null}
    </div>
  );
}

function ImportReport({ answer, setPathPrefix }: { answer: ImportAnswer; setPathPrefix: string }) {
  return (
    <div className="space-y-3 text-sm" data-testid="import-report">
      {answer.error ? (
        <p role="alert" className="text-red-700 dark:text-red-400" data-testid="import-error">{answer.error.message}</p>
      ) : (
        <p role="status" className="text-emerald-700 dark:text-emerald-400" data-testid="import-summary">
          Imported {answer.format?.toUpperCase()}: {answer.added} added, {answer.updated} updated, {answer.unchanged} unchanged
          {answer.errors?.length ? `, ${answer.errors.length} refused` : ""}.{" "}
          <Link href={`${setPathPrefix}${answer.setId}`} className="font-medium underline" data-testid="import-open-set">Open the set</Link>
        </p>
      )}
      {answer.notes?.map((note) => <p key={note} className="text-zinc-600 dark:text-zinc-400">{note}</p>)}
      <ProblemList title="Refused" tone="red" testId="import-refused" items={(answer.errors ?? []).map((problem) => ({ where: problem.where, text: problem.message, question: problem.question }))} />
      <ProblemList
        title="Imported with warnings"
        tone="amber"
        testId="import-warnings"
        items={(answer.warnings ?? []).map((warning) => ({ where: warning.where, text: warning.messages.join("; "), question: warning.question }))}
      />
    </div>
  );
}

function ProblemList({ title, tone, testId, items }: { title: string; tone: "red" | "amber"; testId: string; items: { where: string; text: string; question?: string }[] }) {
  if (items.length === 0) return null;
  const style = tone === "red" ? "border-red-200 bg-red-50 dark:border-red-900 dark:bg-red-950/40" : "border-amber-200 bg-amber-50 dark:border-amber-900 dark:bg-amber-950/40";
  return (
    <div className={`rounded-xl border p-3 ${style}`} data-testid={testId}>
      <p className="font-medium">{title} ({items.length})</p>
      <ul className="mt-1 space-y-1">
        {items.slice(0, SHOWN).map((item, index) => (
          <li key={index} data-testid={`${testId}-row`}>
            <span className="font-medium">{item.where}</span>
            {item.question ? <> (“{item.question}”)</> : null}: {item.text}
          </li>
        ))}
      </ul>
      {items.length > SHOWN ? <p className="mt-1 text-xs">…and {items.length - SHOWN} more.</p> : null}
    </div>
  );
}
