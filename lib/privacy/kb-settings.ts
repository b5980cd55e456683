import "server-only";
import { AppError } from "@/lib/errors";
import type { LookupAll } from "./endpoints";
import { validateModelLocation } from "./model-location";
import { sealKnowledgeBaseApiKey } from "./secrets";

// What the knowledge-base settings action does with the privacy fields: validate the location against the
// endpoints, then decide what to store for the API key. A stored key is kept only while the chat endpoint's origin
// stays the same (a key for one service is never sent to another), and dropped when the base goes back to local.

export interface ModelLocationChange {
  modelLocation: "local" | "hosted";
  chatBaseUrl: string;
  embeddingBaseUrl: string;
  pendingEmbeddingBaseUrl?: string | null;
  /** A newly entered key; null keeps the stored one (where allowed). */
  chatApiKey: string | null;
  isHostedConfirmed: boolean;
}

export interface ModelLocationResult {
  /** The columns to write. */
  data: { modelLocation: "local" | "hosted"; chatApiKeyEncrypted: string | null };
  warnings: string[];
  /** For the audit event: whether the key changed, never the key. */
  audit: { chatApiKey?: { from: "set" | "not set"; to: "set" | "not set" | "replaced" } };
}

/**
 * Validates a settings change of knowledge base `before`; throws AppError("invalid_input") whose message lists every
 * problem and whose details.fieldErrors map form fields to them.
 */
export async function checkModelLocationChange(
  before: { id: string; chatBaseUrl: string; chatApiKeyEncrypted: string | null },
  next: ModelLocationChange,
  environment: { localOnly: boolean; secretKey: string | undefined; lookup?: LookupAll },
): Promise<ModelLocationResult> {
  const isSameOrigin = origin(before.chatBaseUrl) === origin(next.chatBaseUrl);
  const keptKey = next.modelLocation === "hosted" && isSameOrigin ? before.chatApiKeyEncrypted : null;
  const verdict = await validateModelLocation(
    { ...next, hasApiKey: next.chatApiKey !== null || keptKey !== null },
    { localOnly: environment.localOnly, hasSecretKey: Boolean(environment.secretKey), lookup: environment.lookup },
  );
  const problems = Object.entries(verdict.issues);
  if (problems.length > 0) {
    const fieldErrors = Object.fromEntries(problems.map(([field, message]) => [field, [message]]));
    throw new AppError("invalid_input", problems.map(([, message]) => message).join(" "), { fieldErrors });
  }
  const chatApiKeyEncrypted =
    next.modelLocation === "hosted" && next.chatApiKey !== null ? sealKnowledgeBaseApiKey(before.id, next.chatApiKey, environment.secretKey) : keptKey;
  const was = before.chatApiKeyEncrypted ? "set" : "not set";
  const isUnchanged = chatApiKeyEncrypted === before.chatApiKeyEncrypted;
  const now = chatApiKeyEncrypted === null ? "not set" : before.chatApiKeyEncrypted && !isUnchanged ? "replaced" : "set";
  return {
    data: { modelLocation: next.modelLocation, chatApiKeyEncrypted },
    warnings: verdict.warnings,
    audit: isUnchanged ? {} : { chatApiKey: { from: was, to: now } },
  };
}

/** A new knowledge base starts local: its endpoints must be local (throws like checkModelLocationChange). */
export async function checkNewKnowledgeBaseEndpoints(
  endpoints: { chatBaseUrl: string; embeddingBaseUrl: string },
  environment: { localOnly: boolean; secretKey: string | undefined; lookup?: LookupAll },
): Promise<void> {
  const nothingStored = { id: "", chatBaseUrl: endpoints.chatBaseUrl, chatApiKeyEncrypted: null };
  await checkModelLocationChange(nothingStored, { ...endpoints, modelLocation: "local", chatApiKey: null, isHostedConfirmed: false }, environment);
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
