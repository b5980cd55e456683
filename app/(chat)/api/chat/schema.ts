import { z } from "zod";

export const MAX_QUESTION_LENGTH = 8_000;

/** What the chat page sends: the chat id, the newest user message only, and (for a new chat) the knowledge base. */
export const chatRequestSchema = z.object({
  id: z.uuid(),
  knowledgeBaseId: z.uuid().optional(),
  message: z.object({
    role: z.literal("user"),
    parts: z
      .array(z.object({ type: z.string(), text: z.string().optional() }).loose())
      .min(1),
  }),
});

/** The question's text: the message's text parts joined. */
export function questionText(message: z.infer<typeof chatRequestSchema>["message"]): string {
  return message.parts
    .filter((part) => part.type === "text" && typeof part.text === "string")
    .map((part) => part.text!)
    .join("\n")
    .trim();
}
