import { getCurrentUser } from "@/lib/auth/session";
import { exampleQuestions } from "@/lib/chat/documents";
import { problem, respond } from "../../../respond";

export const dynamic = "force-dynamic";

/** Example questions for a new chat, made from the knowledge base's document titles. */
export async function GET(_request: Request, { params }: { params: Promise<{ knowledgeBaseId: string }> }) {
  const user = await getCurrentUser();
  if (!user) return problem(401, "Your session has ended. Sign in again.");
  const { knowledgeBaseId } = await params;
  return respond(async () => ({ questions: await exampleQuestions(user, knowledgeBaseId) }));
}
