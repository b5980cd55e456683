import { getCurrentUser } from "@/lib/auth/session";
import { getCitedDocument } from "@/lib/chat/documents";
import { problem, respond } from "../../../respond";

export const dynamic = "force-dynamic";

/** The full document behind a citation, for the source panel (read access on its knowledge base, else 404). */
export async function GET(_request: Request, { params }: { params: Promise<{ knowledgeBaseId: string; documentId: string }> }) {
  const user = await getCurrentUser();
  if (!user) return problem(401, "Your session has ended. Sign in again.");
  const { knowledgeBaseId, documentId } = await params;
  return respond(() => getCitedDocument(user, { knowledgeBaseId, documentId }));
}
