import "server-only";
import { authorizeKnowledgeBase, type ActingUser } from "@/lib/auth/authorize";
import { getDocument, listDocuments } from "@/lib/db/documents";
import { getKnowledgeBase } from "@/lib/db/knowledge-bases";

// What the chat page shows around an answer: the full document behind a citation, and example questions. Both
// authorize read access on the knowledge base first, so another team's ids answer 404 like ids that do not exist.

export interface CitedDocument {
  id: string;
  knowledgeBase: { id: string; slug: string; name: string };
  sourceId: string;
  title: string;
  metadata: unknown;
  version: number;
  updatedAt: string;
  content: string;
}

/** A cited document as it is now (it may have changed since the answer), or a 404 AppError. */
export async function getCitedDocument(user: ActingUser, ref: { knowledgeBaseId: string; documentId: string }): Promise<CitedDocument> {
  const scope = await authorizeKnowledgeBase(user, ref.knowledgeBaseId, "read");
  const kb = await getKnowledgeBase(scope, scope.knowledgeBaseIds[0]!);
  const document = await getDocument(scope, { id: ref.documentId });
  return {
    id: document.id,
    knowledgeBase: { id: kb.id, slug: kb.slug, name: kb.name },
    sourceId: document.sourceId,
    title: document.title,
    metadata: document.metadata,
    version: document.version,
    updatedAt: document.updatedAt.toISOString(),
    content: document.content,
  };
}

const EXAMPLE_COUNT = 4;

/** A few questions a new user could ask, made from the knowledge base's most recently updated document titles. */
export async function exampleQuestions(user: ActingUser, knowledgeBaseId: string): Promise<string[]> {
  const scope = await authorizeKnowledgeBase(user, knowledgeBaseId, "read");
  const page = await listDocuments(scope, { pageSize: 20 });
  const titles = [...new Set(page.items.map((document) => document.title.replace(/\s+/g, " ").trim()).filter(Boolean))];
  return titles.slice(0, EXAMPLE_COUNT).map((title) => `What does “${title}” say?`);
}
