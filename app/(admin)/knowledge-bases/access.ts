import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { authorizeKnowledgeBase, type ActingUser } from "@/lib/auth/authorize";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { requireUser } from "@/lib/auth/session";
import { getKnowledgeBase } from "@/lib/db/knowledge-bases";
import { AppError } from "@/lib/errors";

// Who may do what on the editor-facing pages of one knowledge base: every member of its team (and admins) may read;
// its team's editors (and admins) may also add and delete documents. Another team's base is a 404, as a missing one.

/**
 * For pages: the signed-in user, the read scope, the write scope when the user may edit, and the knowledge base; a
 * redirect to the login page, or Next's 404 for a base the user may not see. Cached per request (layout and page).
 */
export const knowledgeBasePage = cache(async (slug: string) => {
  const user = await requireUser();
  const scope = await authorizeKnowledgeBase(user, slug, "read").catch(notFoundPage);
  const writeScope = await authorizeKnowledgeBase(user, slug, "write").catch(nullWhenNotFound);
  const knowledgeBase = await getKnowledgeBase(scope, scope.knowledgeBaseIds[0]!).catch(notFoundPage);
  return { user, scope, writeScope, knowledgeBase, canWrite: writeScope !== null };
});

/**
 * A write scope for actions and routes. Someone who may read the base but not edit it is told who can (403); someone who
 * may not even read it gets the same 404 as for a base that does not exist.
 */
export async function authorizeEditor(user: ActingUser, knowledgeBaseRef: string): Promise<{ scope: KnowledgeBaseScope; slug: string }> {
  const readScope = await authorizeKnowledgeBase(user, knowledgeBaseRef, "read");
  const { slug, team } = await getKnowledgeBase(readScope, readScope.knowledgeBaseIds[0]!);
  const scope = await authorizeKnowledgeBase(user, knowledgeBaseRef, "write").catch(nullWhenNotFound);
  if (scope) return { scope, slug };
  throw new AppError("forbidden", `Only editors of the team ${team.name} and administrators may add or delete documents here. Ask one of them to make you an editor.`);
}

function notFoundPage(error: unknown): never {
  if (error instanceof AppError && error.code === "not_found") notFound();
  throw error;
}

function nullWhenNotFound(error: unknown): null {
  if (error instanceof AppError && error.code === "not_found") return null;
  throw error;
}
