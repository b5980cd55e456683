import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/client";
import { isUuid } from "@/lib/db/ids";
import { notFound } from "@/lib/errors";
import { mintScope, type Access, type KnowledgeBaseScope } from "./scope";

/** Who is acting: the user as re-read from the database for this request (lib/auth/session.ts). */
export interface ActingUser {
  id: string;
  email: string;
  role: "admin" | "member";
}

// Team readers may read (search, chat); team editors may also write (ingest, delete documents).
// Admins manage every knowledge base, so they may write to all of them; chats stay private to their owner.
function accessFilter(user: ActingUser, access: Access): Prisma.KnowledgeBaseWhereInput {
  if (user.role === "admin") return {};
  const roles: ("editor" | "reader")[] = access === "write" ? ["editor"] : ["editor", "reader"];
  return { team: { memberships: { some: { userId: user.id, role: { in: roles } } } } };
}

/** The knowledge bases `user` may access at `access` level (possibly none). */
export async function authorizedKnowledgeBases(user: ActingUser, access: Access): Promise<KnowledgeBaseScope> {
  const rows = await db().knowledgeBase.findMany({ where: accessFilter(user, access), select: { id: true } });
  return mintScope(userActor(user), access, rows.map((kb) => kb.id));
}

/**
 * A scope for one knowledge base named by id or namespace (slug), or a 404: never a 403, so other teams' bases are
 * not confirmed to exist.
 */
export async function authorizeKnowledgeBase(user: ActingUser, knowledgeBaseRef: string, access: Access): Promise<KnowledgeBaseScope> {
  const byRef = isUuid(knowledgeBaseRef) ? { id: knowledgeBaseRef } : { slug: knowledgeBaseRef };
  const kb = await db().knowledgeBase.findFirst({
    where: { AND: [byRef, accessFilter(user, access)] },
    select: { id: true },
  });
  if (!kb) throw notFound("Knowledge base");
  return mintScope(userActor(user), access, [kb.id]);
}

function userActor(user: ActingUser) {
  return { kind: "user", userId: user.id, email: user.email } as const;
}
