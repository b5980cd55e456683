"use client";

import { inputClass } from "@/components/ui/field";
import type { FieldMappingChoice } from "./detect-fields";
import { formatBytes } from "./format";
import { isRecordFormat, type UploadEntry } from "./upload-entry";

const PARTS: { part: keyof FieldMappingChoice; label: string; isRequired: boolean }[] = [
  { part: "id", label: "Id", isRequired: true },
  { part: "title", label: "Title", isRequired: false },
  { part: "content", label: "Content", isRequired: true },
  { part: "metadata", label: "Metadata", isRequired: false },
];

interface UploadFileCardProps {
  entry: UploadEntry;
  onChange: (entry: UploadEntry) => void;
  onRemove: () => void;
}

/** One chosen file: what it is, its id or its field mapping, and a way to take it out again. */
export function UploadFileCard({ entry, onChange, onRemove }: UploadFileCardProps) {
  const id = `upload-${entry.key}`;
  return (
    <li className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" data-testid="upload-file" data-name={entry.file.name}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium break-all">{entry.file.name}</p>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {formatBytes(entry.file.size)}
            {entry.format ? ` · ${entry.format.toUpperCase()}` : ""}
          </p>
        </div>
        <button
          type="button"
          onClick={onRemove}
          className="rounded-lg border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          aria-label={`Remove ${entry.file.name}`}
          data-testid="upload-file-remove"
        >
          Remove
        </button>
      </div>
      {entry.problem ? (
        <p className="mt-2 text-sm text-red-700 dark:text-red-400" data-testid="upload-file-problem">{entry.problem}</p>
      ) : isRecordFormat(entry.format) ? (
        <MappingFields entry={entry} id={id} onChange={onChange} />
      ) : (
        <div className="mt-3 max-w-md">
          <label htmlFor={`${id}-source-id`} className="block text-sm font-medium">Id</label>
          <input
            id={`${id}-source-id`}
            className={inputClass}
            value={entry.sourceId}
            onChange={(event) => onChange({ ...entry, sourceId: event.target.value })}
            aria-describedby={`${id}-source-id-hint`}
            data-testid="upload-file-id"
          />
          <p id={`${id}-source-id-hint`} className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
            From the file name. Uploading a file with the same id later replaces this document.
          </p>
        </div>
      )}
    </li>
  );
}

function MappingFields({ entry, id, onChange }: { entry: UploadEntry; id: string; onChange: (entry: UploadEntry) => void }) {
  if (!entry.fields) {
    return (
      <p className="mt-2 text-sm text-amber-800 dark:text-amber-300" data-testid="upload-file-fields-problem">
        {entry.fieldsProblem} It will be read with the fields id, title, content and metadata; the server will say what is wrong if it cannot.
      </p>
    );
  }
  const none = (part: keyof FieldMappingChoice) =>
    part === "title" ? "(none: use the id)" : entry.format === "csv" ? "(every other column)" : "(none)";
  return (
    <fieldset className="mt-3">
      <legend className="text-sm text-zinc-600 dark:text-zinc-400">Which {entry.format === "csv" ? "column" : "field"} holds each part of a document?</legend>
      <div className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {PARTS.map(({ part, label, isRequired }) => (
          <div key={part}>
            <label htmlFor={`${id}-${part}`} className="block text-sm font-medium">
              {label}
              {isRequired ? " (required)" : ""}
            </label>
            <select
              id={`${id}-${part}`}
              className={inputClass}
              value={entry.mapping[part]}
              required={isRequired}
              aria-invalid={isRequired && !entry.mapping[part]}
              onChange={(event) => onChange({ ...entry, mapping: { ...entry.mapping, [part]: event.target.value } })}
              data-testid={`mapping-${part}`}
            >
              <option value="">{isRequired ? "Choose…" : none(part)}</option>
              {entry.fields!.map((field) => (
                <option key={field} value={field}>{field}</option>
              ))}
            </select>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
