import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// The command line is an operator on the server: it names knowledge bases by slug and sees all of them.

/** The knowledge base with this slug; otherwise an error listing the slugs that exist. */
export async function knowledgeBaseBySlug(slug: string) {
  const knowledgeBase = await db().knowledgeBase.findUnique({ where: { slug } });
  if (knowledgeBase) return knowledgeBase;
  const existing = await db().knowledgeBase.findMany({ select: { slug: true }, orderBy: { slug: "asc" }, take: 50 });
  const known = existing.length > 0 ? `Existing: ${existing.map((kb) => kb.slug).join(", ")}.` : "There are none yet: create one in the admin pages first.";
  throw new AppError("not_found", `No knowledge base has the slug ${JSON.stringify(slug)}. ${known}`);
}

/** Every knowledge base with its team and document count, by slug. */
export async function listKnowledgeBasesWithCounts() {
  const rows = await db().knowledgeBase.findMany({
    select: { slug: true, name: true, team: { select: { name: true } }, _count: { select: { documents: true } } },
    orderBy: { slug: "asc" },
  });
  return rows.map((row) => ({ slug: row.slug, name: row.name, team: row.team.name, documents: row._count.documents }));
}
