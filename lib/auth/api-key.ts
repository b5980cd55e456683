import "server-only";
import { findApiKeyBySecret, markApiKeyUsed } from "@/lib/db/api-keys";
import { AppError, notFound } from "@/lib/errors";
import { mintScope, type Access, type KnowledgeBaseScope } from "./scope";

// One answer for a missing, malformed, unknown or revoked key, so a caller learns nothing about which keys exist.
const UNAUTHENTICATED = "A valid API key is required.";

/** The key a request presents: `Authorization: Bearer <key>`, else `X-API-Key: <key>`. */
export function apiKeyFromHeaders(headers: Headers): string | undefined {
  const bearer = headers.get("authorization")?.match(/^\s*Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? (headers.get("x-api-key")?.trim() || undefined);
}

/**
 * A scope for the one knowledge base (by id or slug) the request's API key belongs to. Refuses a missing or bad key
 * (401), a key of another knowledge base (404, as for a base that does not exist) and a read key on a write (403).
 */
export async function authenticateApiKey(headers: Headers, knowledgeBaseRef: string, access: Access): Promise<KnowledgeBaseScope> {
  const secret = apiKeyFromHeaders(headers);
  const key = secret ? await findApiKeyBySecret(secret) : null;
  if (!key || key.revokedAt) throw new AppError("unauthenticated", UNAUTHENTICATED);
  const knowledgeBase = key.knowledgeBase;
  if (knowledgeBaseRef !== knowledgeBase.id && knowledgeBaseRef !== knowledgeBase.slug) throw notFound("Knowledge base");
  if (access === "write" && key.scope !== "write") throw new AppError("forbidden", "This API key is read-only.");
  await markApiKeyUsed(key);
  return mintScope({ kind: "api_key", keyId: key.id }, access, [knowledgeBase.id]);
}
