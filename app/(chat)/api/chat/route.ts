import { createUIMessageStreamResponse } from "ai";
import { isSameOrigin } from "@/lib/auth/same-origin";
import { getCurrentUser } from "@/lib/auth/session";
import { answer } from "@/lib/chat/answer";
import { AppError } from "@/lib/errors";
import { chatRequestSchema, MAX_QUESTION_LENGTH, questionText } from "./schema";

export const dynamic = "force-dynamic";

function problem(status: number, message: string) {
  return Response.json({ error: { message } }, { status });
}

/** Streams the answer to the newest question of a chat (the server loads the history itself). */
export async function POST(request: Request) {
  if (!isSameOrigin(request.headers)) return problem(403, "Cross-site requests are not accepted.");
  const user = await getCurrentUser();
  if (!user) return problem(401, "Your session has ended. Sign in again.");
  const parsed = chatRequestSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return problem(400, "The request is not a chat message.");
  const question = questionText(parsed.data.message);
  if (!question) return problem(400, "Type a question first.");
  if (question.length > MAX_QUESTION_LENGTH) return problem(400, `Questions are limited to ${MAX_QUESTION_LENGTH} characters.`);
  try {
    const stream = await answer({ user, chatId: parsed.data.id, knowledgeBaseId: parsed.data.knowledgeBaseId, question, signal: request.signal });
    return createUIMessageStreamResponse({ stream });
  } catch (error) {
    if (error instanceof AppError) return problem(error.status, error.message);
    throw error;
  }
}
