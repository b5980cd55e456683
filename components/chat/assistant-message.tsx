"use client";

import { useCallback, useMemo, type ReactNode } from "react";
import type { ChatUIMessage, CitationInfo } from "@/lib/chat/message-types";
import { AnswerBadges, AnswerDetails } from "./answer-details";
import { AnswerMarkdown } from "./answer-markdown";
import { CitationChip } from "./citation-chip";
import { messageCitations, messageText } from "./citations";
import { CopyButton } from "./copy-button";
import { RegenerateIcon } from "./icons";
import type { SourceTarget } from "./source-panel";
import { SourcesList } from "./sources-list";

interface AssistantMessageProps {
  message: ChatUIMessage;
  knowledgeBaseName: string;
  /** This answer is the one arriving now. */
  isStreaming: boolean;
  onRegenerate?: () => void;
  /** Opens the source panel (a state setter: stable, so answers already shown do not re-render). */
  onOpenSource: (target: SourceTarget) => void;
  /** Where the feedback buttons go (components/chat/feedback-*). */
  feedbackSlot?: ReactNode;
}

/** One answer: its badges, Markdown with citation chips, the sources that were in its prompt, actions and details. */
export function AssistantMessage({ message, knowledgeBaseName, isStreaming, onRegenerate, onOpenSource, feedbackSlot }: AssistantMessageProps) {
  const metadata = message.metadata;
  const status = metadata?.status ?? (isStreaming ? "streaming" : "complete");
  const text = messageText(message);
  const citations = useMemo(() => messageCitations(message), [message]);
  const answeredAt = metadata?.createdAt;
  const open = useCallback((citation: CitationInfo) => onOpenSource({ citation, answeredAt }), [onOpenSource, answeredAt]);
  const renderCitation = useCallback(
    (n: number, fallback: ReactNode) => {
      const citation = citations.find((candidate) => candidate.number === n);
      return citation ? <CitationChip citation={citation} onOpen={open} /> : <>{fallback}</>;
    },
    [citations, open],
  );
  const isRefused = status === "refused";
  const isFailed = status === "failed";

  return (
    <article className="min-w-0" data-testid="assistant-message" data-status={status} data-message-id={message.id} aria-label="Answer" aria-busy={isStreaming}>
      <AnswerBadges metadata={metadata} />
      {isRefused ? (
        <p className="font-medium" data-testid="refusal-notice">
          No passage in {knowledgeBaseName} answers this. Nearest passages:
        </p>
      ) : isFailed ? (
        <p className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-100" data-testid="answer-failed">
          {text || metadata?.error || "The answer failed."}
        </p>
      ) : text ? (
        <AnswerMarkdown text={text} isStreaming={isStreaming} renderCitation={renderCitation} />
      ) : isStreaming ? (
        <AnswerSkeleton phase={citations.length ? "writing" : "searching"} knowledgeBaseName={knowledgeBaseName} />
      ) : null}
      {status === "incomplete" && metadata?.error ? (
        <p className="mt-2 text-xs text-orange-800 dark:text-orange-300" data-testid="answer-error">
          {metadata.error}
        </p>
      ) : null}
      {isStreaming && !citations.length ? null : (
        <SourcesList citations={citations} heading={isRefused ? `Nearest passages · ${citations.length}` : undefined} isOpen={isRefused || isFailed} onOpen={open} />
      )}
      {isStreaming ? null : (
        <div className="mt-2 flex flex-wrap items-center gap-1">
          {text && !isRefused ? <CopyButton text={text} label="Copy answer" testId="copy-answer" /> : null}
          {onRegenerate ? (
            <button
              type="button"
              onClick={onRegenerate}
              data-testid="regenerate"
              className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
            >
              <RegenerateIcon />
              Regenerate
            </button>
          ) : null}
          {feedbackSlot}
          <AnswerDetails metadata={metadata} />
        </div>
      )}
    </article>
  );
}

function AnswerSkeleton({ phase, knowledgeBaseName }: { phase: "searching" | "writing"; knowledgeBaseName: string }) {
  return (
    <div data-testid="answer-pending" className="space-y-2">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{phase === "searching" ? `Searching ${knowledgeBaseName}…` : "Writing the answer…"}</p>
      <div className="h-3 w-4/5 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="h-3 w-3/5 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
    </div>
  );
}

/** A question as the user asked it (text, never markup). */
export function UserMessage({ message }: { message: ChatUIMessage }) {
  return (
    <div className="flex justify-end" data-testid="user-message">
      <p className="max-w-[85%] rounded-2xl rounded-br-md bg-brand-600 px-4 py-2 break-words whitespace-pre-wrap text-white">{messageText(message)}</p>
    </div>
  );
}
