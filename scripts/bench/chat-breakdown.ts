// Where Enclave's time to first token goes: the chat's steps timed one by one, in this process, with the functions
// lib/chat/answer.ts calls (same order, same arguments), and the in-process answer() as a whole for comparison
// with the HTTP route. Lexical and vector search run in parallel inside retrieve(); here they are also timed alone.
import { randomUUID } from "node:crypto";
import { effectiveContextWindow } from "@/lib/ai/context-window";
import { DEFAULT_INSTRUCTIONS } from "@/lib/ai/prompts";
import { loadGemmaTokenizer } from "@/lib/ai/tokenizer";
import { authorizeKnowledgeBase, type ActingUser } from "@/lib/auth/authorize";
import { answer } from "@/lib/chat/answer";
import { streamModelAnswer } from "@/lib/chat/model-answer";
import { getPassages, hasEmbeddedChunks } from "@/lib/db/chunks";
import { addUserMessage, createChat, findChat, getMessages, saveAssistantMessage } from "@/lib/db/chats";
import { getKnowledgeBase } from "@/lib/db/knowledge-bases";
import { searchChunksByText } from "@/lib/db/lexical";
import { nearestChunks } from "@/lib/db/vectors";
import { env } from "@/lib/env";
import { fitToWindow } from "@/lib/rag/budget";
import { embedTexts } from "@/lib/rag/embed";
import { retrieve } from "@/lib/rag/retrieve";
import { embeddingPrefixes } from "@/lib/rag/tokenizers";
import { askModel, takeModelRequests } from "./chat-clients";

export const STEPS = {
  httpTtft: "POST /api/chat: request to first token (paired with the next line)",
  answerTtft: "in-process answer(): request to first token",
  persistBefore: "persistence before streaming (find/create chat, history, user message)",
  authorize: "authorize the knowledge base",
  settings: "load the knowledge base's settings",
  modeCheck: "retrieval: has the base vectors? (mode check)",
  embed: "embedding the question (HTTP to the model server)",
  lexical: "retrieval: BM25 lexical search (alone)",
  vector: "retrieval: HNSW vector search (alone)",
  passages: "retrieval: passage rows",
  retrieve: "retrieve() as a whole (lexical and vector in parallel, embedding included)",
  contextWindow: "context-window lookup (cached 60 s)",
  tokenCount: "token counting and fitting (Gemma tokenizer)",
  modelTtft: "model first token via the AI SDK",
  directTtft: "model first token via plain fetch, same body",
  persistAfter: "persistence after the answer (not before the first token)",
} as const;

export type StepName = keyof typeof STEPS;

/** Times every step of one answer to `question` (a new chat of `user`). */
export async function timeSteps(user: ActingUser, knowledgeBaseId: string, modelUrl: string, question: string): Promise<Partial<Record<StepName, number>>> {
  const times: Partial<Record<StepName, number>> = {};
  const time = async <T>(step: StepName, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    const result = await work();
    times[step] = (times[step] ?? 0) + performance.now() - started;
    return result;
  };

  times.answerTtft = await firstTokenOfAnswer(user, knowledgeBaseId, question);
  await takeModelRequests(modelUrl);

  const chatId = randomUUID();
  await time("persistBefore", () => findChat(user, chatId));
  const scope = await time("authorize", () => authorizeKnowledgeBase(user, knowledgeBaseId, "read"));
  await time("persistBefore", () => createChat(user, scope, { id: chatId, title: question }));
  const kb = await time("settings", () => getKnowledgeBase(scope, knowledgeBaseId));
  const history = await time("persistBefore", () => getMessages(user, chatId));
  await time("persistBefore", () => addUserMessage(user, chatId, question));
  const settings = { ...kb, apiKey: null };

  await time("modeCheck", () => hasEmbeddedChunks(scope, settings.embeddingDimension));
  const [vector] = await time("embed", () => embedTexts(settings, [`${embeddingPrefixes(settings.embeddingModel).query}${question}`], { maxRetries: 0, timeoutMs: 15_000 }));
  const candidates = Math.max(40, settings.topK * 4);
  const lexical = await time("lexical", () => searchChunksByText(scope, question, candidates));
  const dense = await time("vector", () => nearestChunks(scope, vector!, candidates));
  await time("passages", () => getPassages(scope, [...new Set([...lexical, ...dense].map((hit) => hit.chunkId))]));
  const retrieval = await time("retrieve", () => retrieve(scope, settings, question));

  const window = await time("contextWindow", () => effectiveContextWindow(kb, { timeoutMs: env().ENCLAVE_HEALTH_TIMEOUT_MS }));
  const fit = await time("tokenCount", async () => {
    const tokenizer = await loadGemmaTokenizer();
    return fitToWindow({
      window: window.tokens,
      instructions: kb.answerInstructions?.trim() || DEFAULT_INSTRUCTIONS,
      history: history.map((m) => ({ role: m.role, content: m.content })),
      passages: retrieval.passages,
      question,
      countChatTokens: (messages) => tokenizer.countChatTokens(messages),
    });
  });

  let firstDelta = NaN;
  const modelStarted = performance.now();
  const modelAnswer = await streamModelAnswer(settings, { window, fit }, {
    signal: new AbortController().signal,
    onDelta: () => {
      if (Number.isNaN(firstDelta)) firstDelta = performance.now() - modelStarted;
    },
  });
  times.modelTtft = firstDelta;
  const [sent] = await takeModelRequests(modelUrl);
  times.directTtft = sent ? (await askModel(modelUrl, sent.rawBody)).ttftMs : NaN;

  await time("persistAfter", () =>
    saveAssistantMessage(user, chatId, {
      id: randomUUID(),
      content: modelAnswer.text,
      status: modelAnswer.status,
      error: null,
      details: {},
      citations: fit.passages.map((p) => ({
        number: p.number, isCited: false, knowledgeBaseId: p.knowledgeBaseId, documentId: p.documentId, chunkId: p.chunkId,
        sourceId: p.sourceId, title: p.title, text: p.text, startOffset: p.startOffset, endOffset: p.endOffset, score: p.relevance,
      })),
    }),
  );
  return times;
}

/** The in-process answer(): time from the call to its first text piece, then drained to the end. */
async function firstTokenOfAnswer(user: ActingUser, knowledgeBaseId: string, question: string): Promise<number> {
  const started = performance.now();
  const stream = await answer({ user, chatId: randomUUID(), knowledgeBaseId, question, signal: new AbortController().signal });
  const reader = (stream as ReadableStream<{ type: string }>).getReader();
  let ttft = NaN;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return ttft;
    if (value.type === "text-delta" && Number.isNaN(ttft)) ttft = performance.now() - started;
  }
}
