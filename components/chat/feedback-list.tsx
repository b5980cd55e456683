import Link from "next/link";
import { formatUtc } from "@/components/documents/format";

export interface FeedbackListItem {
  id: string;
  rating: 1 | -1;
  comment: string | null;
  /** ISO time the feedback was given (or last changed). */
  time: string;
  question: string | null;
  answer: string;
  answerStatus: string;
  documents: { key: string; title: string; sourceId: string; href: string | null }[];
  /** Present only when the knowledge base shows who gave feedback. */
  userEmail: string | null;
}

const STATUS_LABELS: Record<string, string> = {
  refused: "refused: nothing relevant was found",
  stopped: "stopped by the user",
  incomplete: "incomplete",
  failed: "failed",
};

/** Rated answers for a knowledge base's editors: question, answer (as plain text), cited documents and comment. */
export function FeedbackList({ items }: { items: FeedbackListItem[] }) {
  return (
    <ol className="grid gap-4" data-testid="feedback-list">
      {items.map((item) => (
        <li key={item.id} className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" data-testid="feedback-item" data-rating={item.rating === 1 ? "up" : "down"}>
          <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <RatingBadge rating={item.rating} />
            <time dateTime={item.time} className="text-xs text-zinc-600 dark:text-zinc-400">{formatUtc(item.time)}</time>
            {item.userEmail ? (
              <span className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="feedback-user">by {item.userEmail}</span>
            ) : null}
          </div>
          {item.comment ? (
            <blockquote className="mb-3 border-l-4 border-brand-500 pl-3 text-sm whitespace-pre-wrap" data-testid="feedback-item-comment">
              {item.comment}
            </blockquote>
          ) : null}
          <dl className="grid gap-3 text-sm">
            <div>
              <dt className="text-xs font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">Question</dt>
              <dd className="mt-1 whitespace-pre-wrap" data-testid="feedback-question">{item.question ?? <span className="text-zinc-500">(not found)</span>}</dd>
            </div>
            <div>
              <dt className="text-xs font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
                Answer{STATUS_LABELS[item.answerStatus] ? ` (${STATUS_LABELS[item.answerStatus]})` : ""}
              </dt>
              {/* Plain text on purpose: model output is never rendered as HTML here. */}
              <dd className="mt-1 max-h-64 overflow-auto rounded-lg bg-zinc-50 p-3 whitespace-pre-wrap dark:bg-zinc-950" data-testid="feedback-answer" tabIndex={0}>
                {item.answer || <span className="text-zinc-500">(empty)</span>}
              </dd>
            </div>
            <div>
              <dt className="text-xs font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">Cited documents</dt>
              <dd className="mt-1">
                {item.documents.length === 0 ? (
                  <span className="text-zinc-500">None: the answer cites no passage.</span>
                ) : (
                  <ul className="flex flex-wrap gap-2">
                    {item.documents.map((document) => (
                      <li key={document.key} data-testid="feedback-document" data-source-id={document.sourceId}>
                        {document.href ? (
                          <Link href={document.href} className="underline hover:text-brand-600">{document.title}</Link>
                        ) : (
                          <span title="This document has since been deleted">{document.title} (deleted)</span>
                        )}{" "}
                        <code className="text-xs text-zinc-500">{document.sourceId}</code>
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ol>
  );
}

function RatingBadge({ rating }: { rating: 1 | -1 }) {
  return rating === 1 ? (
    <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" data-testid="feedback-rating">👍 Helpful</span>
  ) : (
    <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-300" data-testid="feedback-rating">👎 Not helpful</span>
  );
}
