import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { openModelSession } from "@/lib/chat/model-answer";
import { answerOneShot, retrieveForAnswer, type NumberedPassage, type OneShotAnswer, type OneShotRetrieval } from "@/lib/chat/one-shot";
import { recordAuditEvent } from "@/lib/db/audit";
import { getKnowledgeBase } from "@/lib/db/knowledge-bases";
import { answerEventStream } from "./query-events";
import type { QueryAnswer, QueryBody, QueryPassage, QueryResult } from "./query-schema";

// POST /knowledge-bases/{kb}/query: the passages for a question and, when asked, the knowledge base's answer, as one
// JSON object or streamed as Server-Sent Events. API answers are not chats: nothing is stored, but every query is
// audited (the question text only where the knowledge base records question text).

export interface QueryContext {
  /** The request's signal: a client that disconnects stops the model. */
  signal: AbortSignal;
  ip: string | null;
}

/** Runs one query; a stream when the body asked for a streamed answer. */
export async function queryKnowledgeBase(scope: KnowledgeBaseScope, query: QueryBody, context: QueryContext): Promise<QueryResult | ReadableStream<Uint8Array>> {
  const kb = await getKnowledgeBase(scope, scope.knowledgeBaseIds[0]!);
  const settings = { ...kb, apiKey: null };
  // Passages alone never leave the server; an answer from a hosted model goes through its privacy session.
  const session = query.answer ? await openModelSession(kb, { apiKeyId: apiKeyIdOf(scope) }) : undefined;
  const retrieval = await retrieveForAnswer(scope, settings, { ...query, isAnswerWanted: query.answer, signal: context.signal, session });
  const audit = (answer?: OneShotAnswer) =>
    recordAuditEvent({
      action: "api.query",
      actor: null,
      target: { type: "knowledge_base", id: kb.id },
      ip: context.ip,
      details: {
        keyId: scope.actor.kind === "api_key" ? scope.actor.keyId : null,
        ...(kb.logQuestions ? { question: query.question } : {}),
        mode: retrieval.mode,
        passages: retrieval.passages.length,
        refused: retrieval.refused,
        ...(answer ? { answer: answer.status, stream: query.stream } : {}),
      },
    });

  if (!query.answer) {
    await audit();
    return retrievalView(retrieval);
  }
  if (query.stream) {
    return answerEventStream(retrievalView(retrieval), (stream) => answerOneShot(settings, retrieval, { signal: AbortSignal.any([context.signal, stream.signal]), onDelta: stream.onDelta }), {
      toAnswer: answerView,
      onEnd: async (answer) => audit(answer),
    });
  }
  const answer = await answerOneShot(settings, retrieval, { signal: context.signal });
  await audit(answer);
  return { ...retrievalView(retrieval), answer: answerView(answer) };
}

function apiKeyIdOf(scope: KnowledgeBaseScope): string {
  if (scope.actor.kind !== "api_key") throw new Error("queryKnowledgeBase: expects an API key's scope");
  return scope.actor.keyId;
}

function retrievalView(retrieval: OneShotRetrieval): QueryResult {
  return {
    mode: retrieval.mode,
    ...(retrieval.notice ? { notice: retrieval.notice } : {}),
    passages: retrieval.passages.map(passageView),
    refused: retrieval.refused,
  };
}

function passageView(passage: NumberedPassage): QueryPassage {
  return {
    number: passage.number,
    sourceId: passage.sourceId,
    title: passage.title,
    documentId: passage.documentId,
    chunkId: String(passage.chunkId),
    text: passage.text,
    startOffset: passage.startOffset,
    endOffset: passage.endOffset,
    score: passage.score,
    relevance: passage.relevance,
  };
}

function answerView(answer: OneShotAnswer): QueryAnswer {
  return {
    text: answer.text,
    status: answer.status,
    ...(answer.error ? { error: answer.error } : {}),
    citedNumbers: answer.citedNumbers,
    model: answer.model,
    usage: answer.usage ?? null,
  };
}
