import "server-only";
import { createUIMessageStream, type UIMessageStreamWriter } from "ai";
import { randomUUID } from "node:crypto";
import { NO_ANSWER, type HistoryMessage } from "@/lib/ai/prompts";
import { displayEndpoint } from "@/lib/ai/providers";
import { authorizeKnowledgeBase, type ActingUser } from "@/lib/auth/authorize";
import { addUserMessage, createChat, findChat, getMessages, saveAssistantMessage } from "@/lib/db/chats";
import { getKnowledgeBase } from "@/lib/db/knowledge-bases";
import { AppError } from "@/lib/errors";
import { retrieve, type Passage } from "@/lib/rag/retrieve";
import { CITATION_METADATA_KEY, citedNumbers, type AnswerDetails, type AnswerMetadata, type AnswerStatus, type ChatUIMessage, type CitationInfo } from "./message-types";
import { openModelSession, preparePrompt, streamModelAnswer } from "./model-answer";
import { standaloneQuery } from "./rewrite";

// One answer: authorize, load the history, retrieve, refuse in code when nothing is evidence, fit the model's real
// context window, stream, and persist what happened (also when the user stops it or the model fails half-way).
// A hosted knowledge base answers through its privacy session (model-answer.ts): masked out, restored back, logged.

export interface AnswerRequest {
  user: ActingUser;
  chatId: string;
  question: string;
  /** Required to start a chat; an existing chat keeps its own knowledge base. */
  knowledgeBaseId?: string;
  signal: AbortSignal;
}

/** Answers one question in a chat as a UI message stream. Throws AppError before streaming for bad requests. */
export async function answer(request: AnswerRequest): Promise<ReadableStream> {
  const existing = await findChat(request.user, request.chatId);
  const knowledgeBaseId = existing ? existing.knowledgeBaseId : request.knowledgeBaseId;
  if (!knowledgeBaseId) {
    throw existing
      ? new AppError("forbidden", "This chat's knowledge base was deleted; the chat is read-only.")
      : new AppError("invalid_input", "Choose a knowledge base to ask.");
  }
  const scope = await authorizeKnowledgeBase(request.user, knowledgeBaseId, "read").catch((error: unknown) => {
    if (!existing) throw error;
    throw new AppError("forbidden", "You can no longer read this chat's knowledge base; the chat is read-only.");
  });
  const kb = await getKnowledgeBase(scope, knowledgeBaseId);
  // Refused (local-only mode, no usable key) before the chat or the question is stored.
  const session = await openModelSession(kb, { user: request.user, chatId: request.chatId });
  const chat = existing ?? (await createChat(request.user, scope, { id: request.chatId, title: request.question.replace(/\s+/g, " ").trim() }));
  const history: HistoryMessage[] = (await getMessages(request.user, chat.id))
    .filter((message) => message.role === "user" || message.status === "complete")
    .map((message) => ({ role: message.role, content: message.content }));
  await addUserMessage(request.user, chat.id, request.question);

  const settings = { ...kb, apiKey: null };
  const messageId = randomUUID();
  const started = performance.now();
  const base = { model: kb.chatModel, endpoint: displayEndpoint(kb.chatBaseUrl), endpointKind: kb.modelLocation } as const;

  return createUIMessageStream<ChatUIMessage>({
    execute: async ({ writer }) => {
      writer.write({ type: "start", messageId, messageMetadata: { status: "streaming" } });
      const query = history.length > 0 ? await standaloneQuery(settings, history, request.question, request.signal, session) : request.question;
      const retrieval = await retrieve(scope, settings, query, { signal: request.signal });
      const retrievalMs = performance.now() - started;
      const details: AnswerDetails = {
        ...base,
        retrievalMode: retrieval.mode,
        ...(retrieval.notice ? { notice: retrieval.notice } : {}),
        ...(query !== request.question ? { query } : {}),
        timings: { retrievalMs: Math.round(retrievalMs), totalMs: 0 },
      };
      const finish = async (content: string, status: AnswerStatus, citations: CitationInfo[], error?: string) => {
        if (session) {
          await session.finish();
          details.privacy = { maskedCounts: session.maskedCounts() };
        }
        details.timings.totalMs = Math.round(performance.now() - started);
        const metadata: AnswerMetadata = { status, details, ...(error ? { error } : {}) };
        await saveAssistantMessage(request.user, chat.id, {
          id: messageId,
          content,
          status,
          error: error ?? null,
          details: JSON.parse(JSON.stringify(details)) as Record<string, string>,
          citations: citations.map(toCitationWrite),
        });
        safeWrite(writer, { type: "finish", finishReason: status === "complete" ? "stop" : "other", messageMetadata: metadata });
      };

      // Nothing clears the relevance floor: refuse without a model call, and show what was nearest.
      if (retrieval.passages.length === 0) {
        const nearest = retrieval.nearest.map((passage, index) => toCitation(passage, index + 1, { isNearest: true }));
        nearest.forEach((citation) => writeSource(writer, citation));
        writeText(writer, NO_ANSWER);
        await finish(NO_ANSWER, "refused", nearest);
        return;
      }

      const prompt = await preparePrompt(settings, { history, passages: retrieval.passages, question: request.question }, session);
      const { window, fit } = prompt;
      Object.assign(details, { contextWindow: { tokens: window.tokens, source: window.source }, promptTokens: fit.promptTokens, dropped: fit.dropped });
      const citations = fit.passages.map((passage) => toCitation(passage, passage.number, { isNearest: false }));
      citations.forEach((citation) => writeSource(writer, citation));

      const textId = "answer";
      let hasText = false;
      const answer = await streamModelAnswer(settings, prompt, {
        signal: request.signal,
        onDelta: (delta) => {
          if (!hasText) {
            hasText = true;
            details.timings.firstTokenMs = Math.round(performance.now() - started);
            safeWrite(writer, { type: "text-start", id: textId });
          }
          safeWrite(writer, { type: "text-delta", id: textId, delta });
        },
      });
      if (hasText) safeWrite(writer, { type: "text-end", id: textId });
      if (answer.usage) details.usage = answer.usage;

      const cited = citedNumbers(answer.text);
      const withCited = citations.map((citation) => ({ ...citation, isCited: cited.has(citation.number) }));
      if (answer.status === "failed") {
        // Retrieval-only answer: the passages are still useful while the model is down.
        const note = `${answer.error} The passages below matched your question.`;
        writeText(writer, note, "retrieval-only");
        return finish(note, "failed", withCited, answer.error);
      }
      return finish(answer.text, answer.status, withCited, answer.error);
    },
    onError: (error) => (error instanceof AppError ? error.message : "Something went wrong while answering; see the server log."),
  });
}

function toCitation(passage: Passage, number: number, flags: { isNearest: boolean }): CitationInfo {
  return {
    number,
    knowledgeBaseId: passage.knowledgeBaseId,
    documentId: passage.documentId,
    chunkId: String(passage.chunkId),
    sourceId: passage.sourceId,
    title: passage.title,
    context: passage.context,
    text: passage.text,
    startOffset: passage.startOffset,
    endOffset: passage.endOffset,
    score: passage.score,
    relevance: passage.relevance,
    isCited: false,
    isNearest: flags.isNearest,
  };
}

function toCitationWrite(citation: CitationInfo) {
  return {
    number: citation.number,
    isCited: citation.isCited,
    knowledgeBaseId: citation.knowledgeBaseId,
    documentId: citation.documentId!,
    chunkId: BigInt(citation.chunkId),
    sourceId: citation.sourceId,
    title: citation.title,
    text: citation.text,
    startOffset: citation.startOffset,
    endOffset: citation.endOffset,
    score: citation.relevance,
  };
}

function writeSource(writer: UIMessageStreamWriter<ChatUIMessage>, citation: CitationInfo) {
  safeWrite(writer, {
    type: "source-document",
    sourceId: `chunk-${citation.chunkId}`,
    mediaType: "text/plain",
    title: citation.title,
    providerMetadata: { [CITATION_METADATA_KEY]: { ...citation } },
  });
}

function writeText(writer: UIMessageStreamWriter<ChatUIMessage>, text: string, id = "answer") {
  safeWrite(writer, { type: "text-start", id });
  safeWrite(writer, { type: "text-delta", id, delta: text });
  safeWrite(writer, { type: "text-end", id });
}

/** The browser may have gone (stopped, closed the tab): the answer is still finished and stored. */
function safeWrite(writer: UIMessageStreamWriter<ChatUIMessage>, chunk: Parameters<UIMessageStreamWriter<ChatUIMessage>["write"]>[0]) {
  try {
    writer.write(chunk);
  } catch {
    // The stream was cancelled by its reader.
  }
}
