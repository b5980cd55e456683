import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { db } from "./client";
import { writableKnowledgeBase } from "./documents";

// Thumbs-down answers as the starting point of an evaluation set: the question is the user message before the rated
// answer. Read with a query of its own (the feedback table belongs to lib/db/feedback.ts); only the scope's own base,
// and never who gave the feedback.

export interface ThumbsDown {
  messageId: string;
  question: string;
  answer: string;
  comment: string | null;
  /** Source ids the answer cited (usually not the right ones: that is why it was rated down). */
  cited: string[];
}

/** The newest thumbs-down answers of the scope's knowledge base that have a question before them. */
export async function thumbsDownAnswers(scope: KnowledgeBaseScope, limit = 200): Promise<ThumbsDown[]> {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  const rows = await db().$queryRaw<{ message_id: string; question: string | null; answer: string; comment: string | null; cited: string[] }[]>`
    SELECT a.id AS message_id, a.content AS answer, f.comment,
      (SELECT u.content FROM messages u
        WHERE u.chat_id = a.chat_id AND u.role = 'user' AND u.created_at <= a.created_at AND u.id <> a.id
        ORDER BY u.created_at DESC LIMIT 1) AS question,
      coalesce((SELECT array_agg(DISTINCT c.source_id) FROM citations c WHERE c.message_id = a.id AND c.is_cited), '{}') AS cited
    FROM feedback f JOIN messages a ON a.id = f.message_id
    WHERE f.knowledge_base_id = ${knowledgeBaseId}::uuid AND f.rating = -1
    ORDER BY f.updated_at DESC
    LIMIT ${limit}`;
  return rows
    .filter((row): row is typeof row & { question: string } => !!row.question?.trim())
    .map((row) => ({ messageId: row.message_id, question: row.question.trim(), answer: row.answer, comment: row.comment, cited: row.cited }));
}

/** How many thumbs-down answers the scope's knowledge base has (the button shows it). */
export async function countThumbsDown(scope: KnowledgeBaseScope): Promise<number> {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  const [row] = await db().$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM feedback WHERE knowledge_base_id = ${knowledgeBaseId}::uuid AND rating = -1`;
  return row?.count ?? 0;
}
