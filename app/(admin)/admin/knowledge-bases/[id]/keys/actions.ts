"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/action";
import { createApiKey, revokeApiKey } from "@/lib/db/api-keys";
import { createApiKeySchema, revokeApiKeySchema } from "./schema";

const refresh = (knowledgeBaseId: string) => revalidatePath(`/admin/knowledge-bases/${knowledgeBaseId}/keys`);

/** Creates an API key and reveals its secret this once; only its hash is kept. */
export const createApiKeyAction = adminAction(createApiKeySchema, async ({ admin, input, ip }) => {
  const { key, secret } = await createApiKey(admin, input.knowledgeBaseId, { name: input.name, scope: input.scope }, ip);
  refresh(key.knowledgeBaseId);
  return { message: `Created the ${key.scope} key “${key.name}”.`, reveal: { label: `API key “${key.name}”`, value: secret } };
});

/** Revokes an API key; systems using it are refused from their next request. */
export const revokeApiKeyAction = adminAction(revokeApiKeySchema, async ({ admin, input, ip }) => {
  const key = await revokeApiKey(admin, input.keyId, ip);
  refresh(key.knowledgeBaseId);
  return { message: `Revoked “${key.name}”.` };
});
