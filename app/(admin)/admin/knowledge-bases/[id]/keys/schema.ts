import { z } from "zod";

export const createApiKeySchema = z.object({
  knowledgeBaseId: z.uuid(),
  name: z.string().trim().min(1, "Give the key a name.").max(100, "Use at most 100 characters."),
  scope: z.enum(["read", "write"], { error: "Choose read or write access." }),
});

export const revokeApiKeySchema = z.object({ keyId: z.uuid() });
