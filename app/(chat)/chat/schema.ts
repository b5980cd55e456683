import { z } from "zod";

export const renameChatSchema = z.object({
  chatId: z.uuid(),
  title: z.string().trim().min(1, "Give the chat a title.").max(120, "Titles are limited to 120 characters."),
});
export const deleteChatSchema = z.object({ chatId: z.uuid() });
export const searchChatsSchema = z.object({ q: z.string().trim().max(200) });
