import { describeRejection, type RejectedRow } from "./job-view";

/** What an upload did not ingest, each with where it is and what to do about it. */
export function RejectedList({ rejected, total, testId = "upload-rejected" }: { rejected: RejectedRow[]; total?: number; testId?: string }) {
  if (rejected.length === 0) return null;
  const hidden = (total ?? rejected.length) - rejected.length;
  return (
    <div className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm dark:border-red-900 dark:bg-red-950/40" data-testid={testId}>
      <p className="font-medium text-red-800 dark:text-red-300">
        Not ingested ({total ?? rejected.length}): fix these in the file and upload it again. Uploading the same ids again replaces them, so re-sending the good rows is safe.
      </p>
      <ul className="mt-2 space-y-1">
        {rejected.map((rejection, index) => (
          <li key={index} data-testid="rejected-row" data-file={rejection.file}>
            <span className="font-medium">{describeRejection(rejection)}:</span> {rejection.message}
          </li>
        ))}
      </ul>
      {hidden > 0 ? <p className="mt-2 text-xs">…and {hidden} more of the same kind.</p> : null}
    </div>
  );
}
