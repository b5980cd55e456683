import type { AnswerMetadata } from "@/lib/chat/message-types";
import { maskedBadgeText, maskedBreakdown } from "@/lib/privacy/badge";

const BADGE = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium";

/** Badges for an answer that is not a plain local complete one: stopped, incomplete, retrieval-only, lexical-only, hosted. */
export function AnswerBadges({ metadata }: { metadata: AnswerMetadata | undefined }) {
  if (!metadata) return null;
  const badges: { key: string; label: string; tone: string; title?: string }[] = [];
  if (metadata.status === "stopped") badges.push({ key: "stopped", label: "Stopped", tone: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100", title: "You stopped this answer; it is kept as far as it got." });
  if (metadata.status === "incomplete") badges.push({ key: "incomplete", label: "Incomplete", tone: "bg-orange-100 text-orange-900 dark:bg-orange-900/50 dark:text-orange-100", title: metadata.error });
  if (metadata.status === "failed") badges.push({ key: "retrieval-only", label: "Retrieval only", tone: "bg-red-100 text-red-900 dark:bg-red-900/50 dark:text-red-100", title: metadata.error });
  if (metadata.status === "refused") badges.push({ key: "refused", label: "No answer in the sources", tone: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200" });
  if (metadata.details?.notice) {
    badges.push({ key: "lexical-only", label: "Lexical search only", tone: "bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100", title: metadata.details?.notice });
  }
  const privacy = metadata.details?.privacy;
  if (privacy) {
    const breakdown = maskedBreakdown(privacy.maskedCounts);
    const title = `Sent to ${metadata.details?.endpoint ?? "a hosted endpoint"} with personal details replaced by placeholders${breakdown ? ` (${breakdown})` : ""}; shown here with the real values.`;
    badges.push({ key: "hosted", label: maskedBadgeText(privacy.maskedCounts), tone: "bg-violet-100 text-violet-900 dark:bg-violet-900/50 dark:text-violet-100", title });
  }
  if (badges.length === 0) return null;
  return (
    <div className="mb-2 flex flex-wrap gap-1.5">
      {badges.map((badge) => (
        <span key={badge.key} className={`${BADGE} ${badge.tone}`} title={badge.title} data-testid={`badge-${badge.key}`}>
          {badge.label}
        </span>
      ))}
    </div>
  );
}

function milliseconds(value: number | undefined): string {
  if (value === undefined) return "—";
  return value < 1_000 ? `${value} ms` : `${(value / 1_000).toFixed(1)} s`;
}

/** Answer details, behind a disclosure: which model and endpoint, how retrieval ran, tokens and timings. */
export function AnswerDetails({ metadata }: { metadata: AnswerMetadata | undefined }) {
  const details = metadata?.details;
  // Answers stored before details existed, or that failed before retrieval, have none.
  if (!details?.model) return null;
  const rows: [string, string, string][] = [
    ["Model", details.model, "detail-model"],
    ["Endpoint", `${details.endpointKind === "local" ? "Local" : "Hosted"} · ${details.endpoint}`, "detail-endpoint"],
    ["Retrieval", `${details.retrievalMode}${details.notice ? ` — ${details.notice}` : ""}`, "detail-retrieval"],
    ...(details.query ? ([["Search query", details.query, "detail-query"]] as [string, string, string][]) : []),
    ["Tokens in / out", `${details.usage?.inputTokens ?? details.promptTokens ?? "—"} / ${details.usage?.outputTokens ?? "—"}`, "detail-tokens"],
    ...(details.contextWindow ? ([["Context window", `${details.contextWindow.tokens} tokens (${details.contextWindow.source})`, "detail-window"]] as [string, string, string][]) : []),
    ["Retrieval time", milliseconds(details.timings?.retrievalMs), "detail-retrieval-time"],
    ["First token", milliseconds(details.timings?.firstTokenMs), "detail-first-token"],
    ["Total time", milliseconds(details.timings?.totalMs), "detail-total"],
  ];
  return (
    <details className="text-xs text-zinc-600 open:basis-full dark:text-zinc-400" data-testid="answer-details">
      <summary className="cursor-pointer rounded-md px-2 py-1 select-none hover:bg-zinc-100 dark:hover:bg-zinc-800">Details</summary>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 rounded-lg bg-zinc-50 px-3 py-2 dark:bg-zinc-900">
        {rows.map(([label, value, testId]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-zinc-700 dark:text-zinc-300">{label}</dt>
            <dd className="min-w-0 break-words" data-testid={testId}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
