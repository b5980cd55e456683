/** The cookie that remembers the knowledge base of the user's last new chat (read by the /chat page). */
export const LAST_KNOWLEDGE_BASE_COOKIE = "enclave-kb";

/**
 * A new chat's id, chosen in the browser. crypto.randomUUID exists only in secure contexts (HTTPS, localhost); an
 * intranet install served over plain HTTP gets a v4 UUID from getRandomValues instead.
 */
export function newChatId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function rememberKnowledgeBase(knowledgeBaseId: string) {
  document.cookie = `${LAST_KNOWLEDGE_BASE_COOKIE}=${encodeURIComponent(knowledgeBaseId)}; path=/; max-age=31536000; samesite=lax`;
}
