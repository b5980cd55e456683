import "server-only";
import type { KnowledgeBaseOption } from "@/components/chat/history-types";
import type { ActingUser } from "@/lib/auth/authorize";
import { authorizedKnowledgeBases } from "@/lib/auth/authorize";
import { listKnowledgeBases } from "@/lib/db/knowledge-bases";

/** The knowledge bases the user may ask, for the picker. */
export async function readableKnowledgeBases(user: ActingUser): Promise<KnowledgeBaseOption[]> {
  const bases = await listKnowledgeBases(await authorizedKnowledgeBases(user, "read"));
  return bases.map((kb) => ({ id: kb.id, slug: kb.slug, name: kb.name, teamName: kb.team.name, isHosted: kb.modelLocation === "hosted" }));
}
