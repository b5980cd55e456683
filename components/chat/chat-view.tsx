"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { OwnFeedback } from "@/lib/chat/feedback";
import type { ChatUIMessage } from "@/lib/chat/message-types";
import { AssistantMessage, UserMessage } from "./assistant-message";
import { useChatHistory } from "./chat-history-context";
import { errorText, withStatus } from "./chat-errors";
import { newChatId, rememberKnowledgeBase } from "./chat-ids";
import { ChatTopBar } from "./chat-top-bar";
import { messageText } from "./citations";
import { Composer } from "./composer";
import { EmptyChat } from "./empty-chat";
import { FeedbackButtons } from "./feedback-buttons";
import type { KnowledgeBaseOption } from "./history-types";
import { KnowledgeBasePicker } from "./knowledge-base-picker";
import { ModelOfflineBanner } from "./model-banner";
import { SourcePanel, type SourceTarget } from "./source-panel";
import { useToast } from "./toaster";
import { useExamples, useModelStatus } from "./use-knowledge-base-status";

// The route loads the history itself: send only the chat id, the knowledge base (which starts a new chat) and the
// newest message.
const transport = new DefaultChatTransport<ChatUIMessage>({
  api: "/api/chat",
  prepareSendMessagesRequest: ({ id, messages, body }) => ({
    body: { id, knowledgeBaseId: (body as { knowledgeBaseId?: string } | undefined)?.knowledgeBaseId, message: messages.at(-1) },
  }),
});

export interface ChatViewProps {
  /** An existing chat; a new chat has none until its first question (the browser then picks the id). */
  chat?: { id: string; title: string; knowledgeBase: { id: string; name: string } | null; readOnlyReason?: string };
  initialMessages: ChatUIMessage[];
  /** The knowledge bases the user may read (the picker's options). */
  knowledgeBases: KnowledgeBaseOption[];
  /** A new chat's preselected base (the last one used). */
  defaultKnowledgeBaseId?: string;
  /** The user's own feedback on this chat's answers, by message id. */
  feedback?: Record<string, OwnFeedback>;
  maxQuestionLength: number;
}

/** One chat: the conversation with its answers streaming in, the composer, and the source panel. */
export function ChatView({ chat, initialMessages, knowledgeBases, defaultKnowledgeBaseId, feedback, maxQuestionLength }: ChatViewProps) {
  const toast = useToast();
  const history = useChatHistory();
  const [chatId] = useState(() => chat?.id ?? newChatId());
  const initialBase = chat?.knowledgeBase?.id ?? defaultKnowledgeBaseId ?? knowledgeBases[0]?.id ?? "";
  const [selectedId, setSelectedId] = useState(initialBase);
  const knowledgeBase = chat?.knowledgeBase ?? knowledgeBases.find((kb) => kb.id === selectedId) ?? null;
  const knowledgeBaseName = knowledgeBase?.name ?? "this knowledge base";
  const isHosted = knowledgeBases.find((kb) => kb.id === knowledgeBase?.id)?.isHosted ?? false;
  const [title, setTitle] = useState(chat?.title ?? "");
  const [draft, setDraft] = useState("");
  const [source, setSource] = useState<SourceTarget | null>(null);
  const lastError = useRef<string | null>(null);
  const lastQuestionAsked = useRef("");
  const isListed = useRef(!!chat);
  const readOnlyReason = chat?.readOnlyReason;
  const modelStatus = useModelStatus(readOnlyReason ? null : (knowledgeBase?.id ?? null));

  const { messages, sendMessage, status, stop, setMessages } = useChat<ChatUIMessage>({
    id: chatId,
    messages: initialMessages,
    transport,
    onError: (error) => {
      lastError.current = errorText(error);
      toast.error(lastError.current);
    },
    onFinish: ({ message, isAbort, isError }) => {
      if (isAbort) {
        // The route stores the partial answer as stopped; show it so without waiting for a reload.
        setMessages((current) => current.map((item) => (item.id === message.id ? withStatus(item, "stopped") : item)));
      } else if (isError) {
        // The answer had started (its start chunk carries metadata) or nothing came back at all.
        if (message.metadata || message.parts.length > 0) {
          setMessages((current) => current.map((item) => (item.id === message.id ? withStatus(item, messageText(item) ? "incomplete" : "failed", lastError.current ?? undefined) : item)));
        } else {
          // Refused before any answer started (a 4xx): take the question back into the composer to try again.
          setMessages((current) => (current.at(-1)?.role === "user" ? current.slice(0, -1) : current));
          setDraft(lastQuestionAsked.current);
          return;
        }
      }
      history.upsert({ id: chatId, title: title || "New chat", updatedAt: new Date().toISOString(), knowledgeBaseName });
      if (message.metadata?.status === "failed") modelStatus.recheck();
    },
  });

  const isBusy = status === "submitted" || status === "streaming";
  // Renamed in the sidebar meanwhile? The sidebar's title wins.
  const shownTitle = history.chats.find((item) => item.id === chatId)?.title ?? (title || "New chat");
  const hasMessages = messages.length > 0;
  const noBaseReason = !knowledgeBase ? "Choose a knowledge base to ask." : undefined;
  const examples = useExamples(hasMessages ? null : (knowledgeBase?.id ?? null));

  // A new chat gets its address once its first answer starts: the URL changes in place, the stream keeps going.
  useEffect(() => {
    if (isListed.current || !messages.some((message) => message.role === "assistant")) return;
    isListed.current = true;
    window.history.replaceState(null, "", `/chat/${chatId}`);
    history.upsert({ id: chatId, title: title || "New chat", updatedAt: new Date().toISOString(), knowledgeBaseName });
  });

  const ask = (text: string) => {
    // The route titles a new chat with its first question, the same way.
    if (!title) setTitle(text.replace(/\s+/g, " ").trim().slice(0, 120));
    if (!chat && selectedId) rememberKnowledgeBase(selectedId);
    lastQuestionAsked.current = text;
    setDraft("");
    void sendMessage({ text }, { body: { knowledgeBaseId: knowledgeBase?.id } });
  };

  const lastAssistantIndex = messages.findLastIndex((message) => message.role === "assistant");
  const lastQuestion = [...messages].reverse().find((message) => message.role === "user");
  const scrollRef = useStickToBottom(messages);

  // Feedback slot (components/chat/feedback-*): the other engineer's FeedbackButtons under each stored answer.
  const renderFeedback = (message: ChatUIMessage): ReactNode => <FeedbackButtons messageId={message.id} initial={feedback?.[message.id]} />;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ChatTopBar title={hasMessages ? shownTitle : "New chat"} isHeading={hasMessages} knowledgeBaseName={knowledgeBase ? knowledgeBase.name : null} isLocked={hasMessages || !!chat} isHosted={isHosted} />
      {modelStatus.status && !modelStatus.status.ok ? (
        <ModelOfflineBanner model={modelStatus.status.model} reason={modelStatus.status.reason ?? ""} onRetry={modelStatus.recheck} isChecking={modelStatus.isChecking} />
      ) : null}
      {readOnlyReason ? (
        <div role="status" className="border-b border-zinc-300 bg-zinc-100 px-4 py-3 text-sm dark:border-zinc-700 dark:bg-zinc-800" data-testid="read-only-notice">
          <p className="mx-auto max-w-3xl">
            <strong className="font-semibold">This chat is read-only.</strong> {readOnlyReason} Its answers and sources stay readable here.
          </p>
        </div>
      ) : null}
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto px-4" data-testid="chat-scroll">
        {hasMessages ? (
          <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 py-6" data-testid="messages" aria-busy={isBusy}>
            {messages.map((message, index) =>
              message.role === "user" ? (
                <UserMessage key={message.id} message={message} />
              ) : (
                <AssistantMessage
                  key={message.id}
                  message={message}
                  knowledgeBaseName={knowledgeBaseName}
                  isStreaming={isBusy && index === messages.length - 1}
                  onOpenSource={setSource}
                  onRegenerate={index === lastAssistantIndex && !isBusy && !readOnlyReason && lastQuestion ? () => ask(messageText(lastQuestion)) : undefined}
                  feedbackSlot={isBusy && index === messages.length - 1 ? null : renderFeedback(message)}
                />
              ),
            )}
            {status === "submitted" && messages.at(-1)?.role === "user" ? (
              <div data-testid="answer-pending" className="space-y-2" aria-label="Answer pending">
                <p className="text-sm text-zinc-600 dark:text-zinc-400">Searching {knowledgeBaseName}…</p>
                <div className="h-3 w-4/5 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
                <div className="h-3 w-3/5 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
              </div>
            ) : null}
          </div>
        ) : knowledgeBase || knowledgeBases.length ? (
          <EmptyChat
            knowledgeBaseName={knowledgeBaseName}
            picker={chat ? null : <KnowledgeBasePicker options={knowledgeBases} selectedId={selectedId} onSelect={setSelectedId} />}
            examples={examples}
            onAsk={ask}
            isDisabled={!!readOnlyReason || isBusy}
          />
        ) : null}
      </div>
      <div className="border-t border-zinc-200 bg-zinc-50 px-4 pt-3 pb-3 dark:border-zinc-800 dark:bg-zinc-950">
        <Composer
          value={draft}
          onChange={setDraft}
          onSend={ask}
          onStop={() => void stop()}
          isBusy={isBusy}
          disabledReason={readOnlyReason ? "This chat is read-only." : noBaseReason}
          placeholder="Ask a question…"
          maxLength={maxQuestionLength}
        />
      </div>
      <p className="sr-only" aria-live="polite" data-testid="answer-announcement">
        {announcement(isBusy, messages.at(-1))}
      </p>
      <SourcePanel target={source} onClose={() => setSource(null)} />
    </div>
  );
}

/** What a screen reader hears about the newest answer: once when it starts and once when it ends, not every token. */
function announcement(isBusy: boolean, last: ChatUIMessage | undefined): string {
  if (isBusy) return "Answering…";
  if (last?.role !== "assistant") return "";
  const said: Partial<Record<string, string>> = {
    complete: "The answer is ready.",
    stopped: "The answer was stopped.",
    incomplete: "The answer is incomplete: the model stopped mid-answer.",
    failed: "The model is unavailable; the matching passages are shown instead.",
    refused: "No passage answers this; the nearest passages are shown.",
  };
  return said[last.metadata?.status ?? ""] ?? "";
}

/** Keeps the conversation scrolled to the newest text while it streams, unless the reader scrolled up. */
function useStickToBottom(messages: ChatUIMessage[]) {
  const ref = useRef<HTMLDivElement>(null);
  const isPinned = useRef(true);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onScroll = () => {
      isPinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
    };
    element.addEventListener("scroll", onScroll, { passive: true });
    return () => element.removeEventListener("scroll", onScroll);
  }, []);
  useEffect(() => {
    const element = ref.current;
    if (element && isPinned.current) element.scrollTop = element.scrollHeight;
  }, [messages]);
  return ref;
}
