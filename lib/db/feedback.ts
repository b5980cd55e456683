import "server-only";
import { authorizeKnowledgeBase, type ActingUser } from "@/lib/auth/authorize";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { MAX_FEEDBACK_COMMENT_LENGTH, type FeedbackRating, type OwnFeedback } from "@/lib/chat/feedback";
import { AppError, notFound } from "@/lib/errors";
import { recordAuditEvent } from "./audit";
import { db } from "./client";
import type { MessageStatus } from "./generated/client";
import { isUuid } from "./ids";
import { pageWindow, toPage, type Page } from "./pagination";

export type { FeedbackRating, OwnFeedback } from "@/lib/chat/feedback";

// Feedback is given by the owner of a chat on its answers, and read by the editors of the answer's knowledge base.
// The list below is the only way editors (and admins, only as editors) see question and answer text of other people's
// chats: it holds only answers that received feedback, only of the scope's own bases, and names who gave it only when
// the base's show_feedback_identity setting is on.

export const FEEDBACK_PAGE_SIZE = 20;

export interface FeedbackInput {
  rating: FeedbackRating;
  /** Omitted: the stored comment is kept. Null or blank: it is removed. */
  comment?: string | null;
}

/** Rates an answer in one of the user's own chats (again: updates it). Another user's message, or a question, is a 404. */
export async function setFeedback(user: ActingUser, messageId: string, input: FeedbackInput, ip: string | null = null): Promise<OwnFeedback> {
  if (input.rating !== 1 && input.rating !== -1) throw new AppError("invalid_input", "Rate the answer up or down.");
  const comment = input.comment === undefined ? undefined : input.comment?.trim() || null;
  if (comment && comment.length > MAX_FEEDBACK_COMMENT_LENGTH) {
    throw new AppError("invalid_input", `Keep the comment to ${MAX_FEEDBACK_COMMENT_LENGTH.toLocaleString("en")} characters or fewer.`);
  }
  if (!isUuid(messageId)) throw notFound("Answer");
  const message = await db().message.findFirst({
    where: { id: messageId, role: "assistant", chat: { userId: user.id } },
    select: { chat: { select: { knowledgeBaseId: true } } },
  });
  if (!message) throw notFound("Answer");
  const knowledgeBaseId = message.chat.knowledgeBaseId;
  if (!knowledgeBaseId) throw new AppError("forbidden", "This chat's knowledge base was deleted; the chat is read-only.");
  // A chat whose base the user may no longer read is read-only, feedback included.
  await authorizeKnowledgeBase(user, knowledgeBaseId, "read").catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") throw new AppError("forbidden", "You can no longer read this chat's knowledge base; the chat is read-only.");
    throw error;
  });

  return db().$transaction(async (tx) => {
    const saved = await tx.feedback.upsert({
      where: { messageId_userId: { messageId, userId: user.id } },
      create: { messageId, userId: user.id, knowledgeBaseId, rating: input.rating, comment: comment ?? null },
      update: { rating: input.rating, ...(comment === undefined ? {} : { comment }) },
      select: { rating: true, comment: true },
    });
    // Never the comment's text: it may quote the question, which the audit log keeps out unless a base says otherwise.
    await recordAuditEvent(
      {
        action: "feedback.submit",
        actor: { id: user.id, email: user.email },
        target: { type: "message", id: messageId },
        ip,
        details: { knowledgeBaseId, rating: saved.rating, hasComment: saved.comment !== null },
      },
      tx,
    );
    return { rating: saved.rating as FeedbackRating, comment: saved.comment };
  });
}

/** The user's own feedback on these messages, by message id (to show the selected thumb). */
export async function getFeedbackForMessages(user: ActingUser, messageIds: readonly string[]): Promise<Record<string, OwnFeedback>> {
  const ids = messageIds.filter(isUuid);
  if (ids.length === 0) return {};
  const rows = await db().feedback.findMany({ where: { userId: user.id, messageId: { in: ids } }, select: { messageId: true, rating: true, comment: true } });
  return Object.fromEntries(rows.map((row) => [row.messageId, { rating: row.rating as FeedbackRating, comment: row.comment }]));
}

export interface FeedbackItem {
  id: string;
  knowledgeBaseId: string;
  rating: FeedbackRating;
  comment: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The user's message before the answer (null if it is gone). */
  question: string | null;
  answer: string;
  answerStatus: MessageStatus;
  /** The documents the answer cites; documentId is null when the document has since been deleted. */
  citedDocuments: { documentId: string | null; sourceId: string; title: string }[];
  /** Only when the base's show_feedback_identity setting is on; otherwise null (never read from the database). */
  userEmail: string | null;
}

/** Feedback on the answers of the scope's knowledge bases, newest first; for editors and admins (a write scope). */
export async function listFeedback(scope: KnowledgeBaseScope, query: { rating?: FeedbackRating; page?: number } = {}): Promise<Page<FeedbackItem>> {
  if (scope.access !== "write") throw new AppError("forbidden", "Only the knowledge base's editors and administrators may read its feedback.");
  const kbIds = [...scope.knowledgeBaseIds];
  const { skip, take, page } = pageWindow(query.page, FEEDBACK_PAGE_SIZE);
  const where = { knowledgeBaseId: { in: kbIds }, ...(query.rating ? { rating: query.rating } : {}) };
  const [rows, total, identified] = await Promise.all([
    db().feedback.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      skip,
      take,
      select: {
        id: true,
        userId: true,
        knowledgeBaseId: true,
        rating: true,
        comment: true,
        createdAt: true,
        updatedAt: true,
        message: {
          select: {
            id: true,
            content: true,
            status: true,
            citations: { where: { isCited: true }, orderBy: { number: "asc" }, select: { documentId: true, sourceId: true, title: true } },
          },
        },
      },
    }),
    db().feedback.count({ where }),
    db().knowledgeBase.findMany({ where: { id: { in: kbIds }, showFeedbackIdentity: true }, select: { id: true } }),
  ]);
  const showIdentity = new Set(identified.map((kb) => kb.id));
  const messageIds = rows.map((row) => row.message.id);
  const identifiedUserIds = [...new Set(rows.filter((row) => showIdentity.has(row.knowledgeBaseId)).map((row) => row.userId))];
  const citedDocumentIds = [...new Set(rows.flatMap((row) => row.message.citations.flatMap((citation) => (citation.documentId ? [citation.documentId] : []))))];
  const [questions, users, documents] = await Promise.all([
    questionsFor(messageIds),
    identifiedUserIds.length ? db().user.findMany({ where: { id: { in: identifiedUserIds } }, select: { id: true, email: true } }) : [],
    citedDocumentIds.length ? db().document.findMany({ where: { id: { in: citedDocumentIds }, knowledgeBaseId: { in: kbIds } }, select: { id: true } }) : [],
  ]);
  const emails = new Map(users.map((user) => [user.id, user.email]));
  const existing = new Set(documents.map((document) => document.id));

  const items = rows.map((row): FeedbackItem => ({
    id: row.id,
    knowledgeBaseId: row.knowledgeBaseId,
    rating: row.rating as FeedbackRating,
    comment: row.comment,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    question: questions.get(row.message.id) ?? null,
    answer: row.message.content,
    answerStatus: row.message.status,
    citedDocuments: uniqueDocuments(row.message.citations).map((citation) => ({
      ...citation,
      documentId: citation.documentId && existing.has(citation.documentId) ? citation.documentId : null,
    })),
    userEmail: showIdentity.has(row.knowledgeBaseId) ? (emails.get(row.userId) ?? null) : null,
  }));
  return toPage(items, total, page, FEEDBACK_PAGE_SIZE);
}

/** Each answer's question: the latest user message of its chat at or before the answer. */
async function questionsFor(answerIds: string[]): Promise<Map<string, string>> {
  if (answerIds.length === 0) return new Map();
  const rows = await db().$queryRaw<{ answer_id: string; content: string }[]>`
    SELECT DISTINCT ON (a.id) a.id::text AS answer_id, q.content
    FROM messages a
    JOIN messages q ON q.chat_id = a.chat_id AND q.role = 'user' AND q.created_at <= a.created_at
    WHERE a.id = ANY(${answerIds}::uuid[])
    ORDER BY a.id, q.created_at DESC, q.id DESC`;
  return new Map(rows.map((row) => [row.answer_id, row.content]));
}

/** One entry per document, in citation order (an answer often cites several passages of one document). */
function uniqueDocuments<T extends { documentId: string | null; sourceId: string }>(citations: T[]): T[] {
  const seen = new Set<string>();
  return citations.filter((citation) => {
    const key = citation.documentId ?? `source:${citation.sourceId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
