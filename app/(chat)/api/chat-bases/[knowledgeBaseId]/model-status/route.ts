import { checkModel } from "@/lib/ai/model-status";
import { authorizeKnowledgeBase } from "@/lib/auth/authorize";
import { getCurrentUser } from "@/lib/auth/session";
import { getKnowledgeBase } from "@/lib/db/knowledge-bases";
import { problem, respond } from "../../../respond";

export const dynamic = "force-dynamic";

const CHECK_TIMEOUT_MS = 2_000;

/** Whether the knowledge base's chat model answers, and if not, the exact fix (for the model-offline banner). */
export async function GET(_request: Request, { params }: { params: Promise<{ knowledgeBaseId: string }> }) {
  const user = await getCurrentUser();
  if (!user) return problem(401, "Your session has ended. Sign in again.");
  const { knowledgeBaseId } = await params;
  return respond(async () => {
    const scope = await authorizeKnowledgeBase(user, knowledgeBaseId, "read");
    const kb = await getKnowledgeBase(scope, scope.knowledgeBaseIds[0]!);
    // A hosted endpoint needs its API key to list models; only local endpoints are checked from here.
    if (kb.modelLocation !== "local") return { ok: true, model: kb.chatModel };
    const status = await checkModel(kb.chatBaseUrl, kb.chatModel, CHECK_TIMEOUT_MS);
    return { ok: status.ok, model: status.model, ...(status.reason ? { reason: status.reason } : {}) };
  });
}
