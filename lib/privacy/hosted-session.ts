import "server-only";
import type { HistoryMessage } from "@/lib/ai/prompts";
import type { ActingUser } from "@/lib/auth/authorize";
import { AppError } from "@/lib/errors";
import { loadChatMapping, saveChatMapping } from "./chat-mappings";
import type { EgressEventInput } from "./egress";
import { egressFetch, type EgressFetch } from "./egress-fetch";
import type { PiiCounts } from "./pii/kinds";
import { compilePatterns } from "./pii/patterns";
import { createPseudonymizer, type Pseudonymizer } from "./pii/pseudonymizer";
import { createRestorer, type Restorer } from "./pii/restorer";
import { assertEgressAllowed } from "./policy";
import { apiKeyContext, decryptSecret, requireSecretKey, SecretDecryptionError } from "./secrets";

// Everything one answer from a hosted model needs, in one object the chat flow holds: the chat model settings with
// the decrypted API key and the egress-logging fetch, the conversation's pseudonymizer (masking the question, the
// history and every passage before they leave), a restorer for the streamed answer, and persistence of the mapping.

/** The knowledge-base fields a hosted answer reads. */
export interface HostedKnowledgeBase {
  id: string;
  slug: string;
  modelLocation: "local" | "hosted";
  chatBaseUrl: string;
  chatModel: string;
  chatApiKeyEncrypted: string | null;
  piiPatterns: unknown;
}

export interface HostedSessionInput {
  kb: HostedKnowledgeBase;
  /** Who asks: a signed-in user (whose chat keeps the mapping; it may not exist yet) or an API key (nothing kept). */
  actor: { user: ActingUser; chatId: string } | { apiKeyId: string };
  /** env().ENCLAVE_SECRET_KEY */
  secretKey: string | undefined;
  /** env().ENCLAVE_LOCAL_ONLY */
  localOnly: boolean;
  /** Tests: the fetch underneath and where egress events go. */
  fetch?: typeof fetch;
  record?: (event: EgressEventInput) => Promise<void>;
}

export interface HostedChatSettings {
  chatBaseUrl: string;
  chatModel: string;
  apiKey: string;
  fetch: EgressFetch;
}

export interface HostedSession {
  /** Chat-model settings for chatModelFor / standaloneQuery; never use them for embeddings. */
  settings(purpose: "answer" | "rewrite"): HostedChatSettings;
  mask(text: string): string;
  maskHistory(history: readonly HistoryMessage[]): HistoryMessage[];
  /** Passages with title, context and text masked; other fields (ids, scores) untouched. */
  maskPassages<P extends { title: string; context: string; text: string }>(passages: readonly P[]): P[];
  /** A complete text (or a passage's fields) with the real values back. */
  restore(text: string): string;
  restorePassage<P extends { title: string; context: string; text: string }>(passage: P): P;
  /** A restorer for one streamed answer (covers every value masked so far). */
  createRestorer(): Restorer;
  /** Distinct values masked for this answer, per kind (for the badge and the answer's details). */
  maskedCounts(): PiiCounts;
  /** Stores the mapping with the chat and waits until every egress event is written. */
  finish(): Promise<void>;
}

/** Opens a hosted session for `kb`, or throws an AppError the user can read (local-only mode, missing key). */
export async function openHostedSession(input: HostedSessionInput): Promise<HostedSession> {
  const { kb } = input;
  if (kb.modelLocation !== "hosted") throw new Error("openHostedSession: the knowledge base is local");
  assertEgressAllowed(kb, input.localOnly);
  const key = requireSecretKey(input.secretKey, "This knowledge base's hosted model");
  if (!kb.chatApiKeyEncrypted) {
    throw new AppError("model_unavailable", "This knowledge base's hosted model has no API key; an administrator must enter it in the knowledge base's settings.");
  }
  let apiKey: string;
  try {
    apiKey = decryptSecret(kb.chatApiKeyEncrypted, key, apiKeyContext(kb.id));
  } catch (error) {
    if (error instanceof SecretDecryptionError) throw new AppError("model_unavailable", `This knowledge base's hosted model cannot be used: ${error.message}`);
    throw error;
  }

  const stored = "user" in input.actor ? await loadChatMapping(input.actor.user, input.actor.chatId, key) : undefined;
  const pseudonymizer: Pseudonymizer = createPseudonymizer({ patterns: compilePatterns(kb.piiPatterns), mapping: stored });
  const actor = "user" in input.actor ? { userId: input.actor.user.id, email: input.actor.user.email } : { apiKeyId: input.actor.apiKeyId };
  const chatId = "user" in input.actor ? input.actor.chatId : null;
  const fetches: EgressFetch[] = [];
  const fetchFor = (purpose: "answer" | "rewrite") => {
    const fetch = egressFetch({
      allowedBaseUrls: [kb.chatBaseUrl],
      context: { knowledgeBase: { id: kb.id, slug: kb.slug }, actor, chatId, purpose, model: kb.chatModel },
      maskedCounts: () => pseudonymizer.maskedCounts(),
      record: input.record,
      fetch: input.fetch,
    });
    fetches.push(fetch);
    return fetch;
  };
  const mask = (text: string) => pseudonymizer.mask(text).text;

  return {
    settings: (purpose) => ({ chatBaseUrl: kb.chatBaseUrl, chatModel: kb.chatModel, apiKey, fetch: fetchFor(purpose) }),
    mask,
    maskHistory: (history) => history.map((message) => ({ ...message, content: mask(message.content) })),
    maskPassages: (passages) => passages.map((p) => ({ ...p, title: mask(p.title), context: mask(p.context), text: mask(p.text) })),
    restore: (text) => pseudonymizer.restore(text),
    restorePassage: (p) => ({ ...p, title: pseudonymizer.restore(p.title), context: pseudonymizer.restore(p.context), text: pseudonymizer.restore(p.text) }),
    createRestorer: () => createRestorer(pseudonymizer.mapping()),
    maskedCounts: () => pseudonymizer.maskedCounts(),
    async finish() {
      if ("user" in input.actor && pseudonymizer.hasNewEntries()) await saveChatMapping(input.actor.user, input.actor.chatId, pseudonymizer.mapping(), key);
      await Promise.all(fetches.map((fetch) => fetch.settled()));
    },
  };
}
