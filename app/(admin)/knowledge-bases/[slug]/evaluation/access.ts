import "server-only";
import { authorizeKnowledgeBase, type ActingUser } from "@/lib/auth/authorize";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { getKnowledgeBase } from "@/lib/db/knowledge-bases";
import { AppError } from "@/lib/errors";
import { knowledgeBasePage } from "../../access";

// Evaluation is for the base's editors and admins: runs change nothing live, but they are how the base is tuned, and
// its sets may hold questions from feedback. Readers get a page that says who can; other teams get the usual 404.

/** For evaluation pages: the knowledge base, its pages' base path, and the editor's write scope (null for readers). */
export async function evaluationPage(slug: string) {
  const page = await knowledgeBasePage(slug);
  return { ...page, base: `/knowledge-bases/${page.knowledgeBase.slug}/evaluation`, editorScope: page.writeScope };
}

/** A write scope for evaluation actions and routes: 404 for those who may not read the base, 403 for its readers. */
export async function authorizeEvaluator(user: ActingUser, knowledgeBaseRef: string): Promise<{ scope: KnowledgeBaseScope; slug: string }> {
  const readScope = await authorizeKnowledgeBase(user, knowledgeBaseRef, "read");
  const { slug, team } = await getKnowledgeBase(readScope, readScope.knowledgeBaseIds[0]!);
  const scope = await authorizeKnowledgeBase(user, knowledgeBaseRef, "write").catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  if (scope) return { scope, slug };
  throw new AppError("forbidden", `Only editors of the team ${team.name} and administrators may evaluate this knowledge base. Ask one of them to make you an editor.`);
}
