"use client";

import { useId, useOptimistic, useState, useTransition } from "react";
// The one component that imports a server action itself, so the chat page needs to pass only the message id.
import { setFeedbackAction } from "@/app/(chat)/feedback/actions";
import { MAX_FEEDBACK_COMMENT_LENGTH, type FeedbackRating, type OwnFeedback } from "@/lib/chat/feedback";

export interface FeedbackButtonsProps {
  /** The id of a saved assistant message in the signed-in user's own chat. */
  messageId: string;
  /** The user's feedback already stored for it (lib/db/feedback.ts getFeedbackForMessages). */
  initial?: OwnFeedback;
}

type Notice = { kind: "saved" | "error"; text: string } | null;

/** Thumbs up / down under an answer, with an optional comment (offered at once after a thumbs-down). */
export function FeedbackButtons({ messageId, initial }: FeedbackButtonsProps) {
  const [saved, setSaved] = useState<OwnFeedback | null>(initial ?? null);
  const [rating, setOptimisticRating] = useOptimistic<FeedbackRating | null>(saved?.rating ?? null);
  const [draft, setDraft] = useState(initial?.comment ?? "");
  const [isCommentOpen, setCommentOpen] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [isPending, startTransition] = useTransition();
  const commentId = useId();

  function save(next: FeedbackRating, comment?: string) {
    setNotice(null);
    startTransition(async () => {
      setOptimisticRating(next);
      // A network failure or server bug rejects; it must not take the whole chat down with it.
      const result = await setFeedbackAction({ messageId, rating: next, ...(comment === undefined ? {} : { comment }) }).catch(() => ({
        status: "failed" as const,
        message: "Your feedback could not be saved. Try again in a moment.",
      }));
      if (result.status !== "ok") {
        setNotice({ kind: "error", text: result.message });
        return;
      }
      setSaved(result.data);
      setDraft(result.data.comment ?? "");
      if (comment !== undefined) setCommentOpen(false);
      setNotice({ kind: "saved", text: comment?.trim() ? "Thanks, your comment was saved." : "Thanks, your feedback was saved." });
    });
  }

  function rate(next: FeedbackRating) {
    if (next === -1) setCommentOpen(true);
    if (next !== saved?.rating) save(next);
  }

  const thumb = "inline-flex size-8 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 disabled:opacity-60 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 aria-pressed:bg-zinc-100 aria-pressed:text-brand-600 dark:aria-pressed:bg-zinc-800 dark:aria-pressed:text-brand-500";
  return (
    <div className="text-sm" data-testid="feedback" data-rating={rating ?? ""}>
      <div className="flex flex-wrap items-center gap-1">
        <div role="group" aria-label="Rate this answer" className="flex gap-1">
          <button type="button" className={thumb} aria-pressed={rating === 1} aria-label="Good answer" title="Good answer" disabled={isPending} onClick={() => rate(1)} data-testid="feedback-up">
            <ThumbIcon />
          </button>
          <button type="button" className={thumb} aria-pressed={rating === -1} aria-label="Bad answer" title="Bad answer" disabled={isPending} onClick={() => rate(-1)} data-testid="feedback-down">
            <ThumbIcon isDown />
          </button>
        </div>
        {saved && !isCommentOpen ? (
          <button type="button" className="rounded px-1 text-xs text-zinc-600 underline hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100" onClick={() => setCommentOpen(true)} data-testid="feedback-comment-link">
            {saved.comment ? "Edit comment" : "Add a comment"}
          </button>
        ) : null}
        {notice ? (
          <p role={notice.kind === "saved" ? "status" : "alert"} className={`text-xs ${notice.kind === "saved" ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`} data-testid={notice.kind === "saved" ? "feedback-saved" : "feedback-error"}>
            {notice.text}
          </p>
        ) : null}
      </div>
      {isCommentOpen ? (
        <form
          className="mt-2 grid max-w-xl gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            save(rating ?? -1, draft);
          }}
        >
          <label htmlFor={commentId} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
            {rating === 1 ? "What was good? (optional)" : "What was wrong or missing? (optional)"}
          </label>
          <textarea
            id={commentId}
            rows={3}
            maxLength={MAX_FEEDBACK_COMMENT_LENGTH}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950"
            placeholder="The editors of this knowledge base read comments to improve its documents."
            data-testid="feedback-comment"
          />
          <div className="flex items-center gap-2">
            <button type="submit" disabled={isPending} className="rounded-lg bg-brand-600 px-3 py-1.5 text-xs font-medium text-white hover:bg-brand-700 disabled:opacity-60" data-testid="feedback-submit">
              Send comment
            </button>
            <button type="button" onClick={() => setCommentOpen(false)} className="rounded-lg px-3 py-1.5 text-xs text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
              Cancel
            </button>
            <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400">
              {draft.length.toLocaleString("en")} / {MAX_FEEDBACK_COMMENT_LENGTH.toLocaleString("en")}
            </span>
          </div>
        </form>
      ) : null}
    </div>
  );
}

function ThumbIcon({ isDown = false }: { isDown?: boolean }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className={`size-4 ${isDown ? "-scale-y-100" : ""}`} fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round">
      <path d="M7 10v12" />
      <path d="M15 5.88 14 10h5.83a2 2 0 0 1 1.92 2.56l-2.33 8A2 2 0 0 1 17.5 22H4a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h2.76a2 2 0 0 0 1.79-1.11L12 2a3.13 3.13 0 0 1 3 3.88Z" />
    </svg>
  );
}
