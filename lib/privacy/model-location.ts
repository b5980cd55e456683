import "server-only";
import { classifyEndpoint, notLocalReason, type LookupAll } from "./endpoints";

// The check the knowledge-base settings action runs before saving: where the chat and embedding endpoints are, and
// whether the chosen model location allows it. Expected failures are values (issues per form field), never throws.

export interface ModelLocationInput {
  modelLocation: "local" | "hosted";
  chatBaseUrl: string;
  embeddingBaseUrl: string;
  /** A pending re-embedding's endpoint, when one is being set. */
  pendingEmbeddingBaseUrl?: string | null;
  /** The admin ticked "I understand questions and passages will leave this network" (hosted only). */
  isHostedConfirmed: boolean;
  /** A new key was entered, or one is stored already. */
  hasApiKey: boolean;
}

export interface ModelLocationEnvironment {
  /** ENCLAVE_LOCAL_ONLY */
  localOnly: boolean;
  /** Whether ENCLAVE_SECRET_KEY is set (an API key cannot be stored without it). */
  hasSecretKey: boolean;
  lookup?: LookupAll;
}

export interface ModelLocationVerdict {
  /** Field name -> message; empty when the settings may be saved. */
  issues: Partial<Record<"modelLocation" | "chatBaseUrl" | "embeddingBaseUrl" | "chatApiKey" | "isHostedConfirmed", string>>;
  /** Shown beside the form (and after saving) even when there is no issue. */
  warnings: string[];
}

/** Validates a knowledge base's endpoints against its model location and the installation's policy. */
export async function validateModelLocation(input: ModelLocationInput, environment: ModelLocationEnvironment): Promise<ModelLocationVerdict> {
  const verdict: ModelLocationVerdict = { issues: {}, warnings: [] };
  const [chat, embedding, pending] = await Promise.all([
    classifyEndpoint(input.chatBaseUrl, environment.lookup),
    classifyEndpoint(input.embeddingBaseUrl, environment.lookup),
    input.pendingEmbeddingBaseUrl ? classifyEndpoint(input.pendingEmbeddingBaseUrl, environment.lookup) : undefined,
  ]);

  for (const endpoint of [embedding, pending]) {
    if (!endpoint) continue;
    if (endpoint.problem) verdict.issues.embeddingBaseUrl = `The embedding endpoint ${endpoint.problem}.`;
    else if (!endpoint.isLocal) {
      verdict.issues.embeddingBaseUrl =
        `The embedding endpoint ${endpoint.display} ${notLocalReason(endpoint)}. Embedding endpoints must be local for every ` +
        "knowledge base: documents are embedded as they are, without masking.";
    }
  }

  if (chat.problem) {
    verdict.issues.chatBaseUrl = `The chat endpoint ${chat.problem}.`;
    return verdict;
  }
  if (input.modelLocation === "local") {
    if (!chat.isLocal) {
      verdict.issues.chatBaseUrl =
        `The chat endpoint ${chat.display} ${notLocalReason(chat)}. A local knowledge base must use a model on this machine or ` +
        "your private network; to use a hosted model, choose \"Hosted\" as the model location.";
    }
    return verdict;
  }

  if (environment.localOnly) {
    verdict.issues.modelLocation =
      "This installation runs in local-only mode (ENCLAVE_LOCAL_ONLY=true): no knowledge base may use a hosted model. Keep it local, or ask the server's operator to lift the mode.";
  }
  if (!input.isHostedConfirmed) {
    verdict.issues.isHostedConfirmed = "Confirm that questions, conversation history and retrieved passages (with personal details masked) will be sent to the hosted endpoint.";
  }
  if (!environment.hasSecretKey) {
    verdict.issues.chatApiKey = "Hosted models need ENCLAVE_SECRET_KEY on the server to store their API key encrypted; ask the server's operator to set it and restart Enclave.";
  } else if (!input.hasApiKey) {
    verdict.issues.chatApiKey = "Enter the hosted endpoint's API key.";
  }
  if (chat.protocol === "http:" && !chat.isLocal) {
    verdict.issues.chatBaseUrl = `The hosted endpoint ${chat.display} must use https://: the API key and the prompts would otherwise cross the network unencrypted.`;
  }
  verdict.warnings.push(hostedWarning(chat.display, chat.isLocal));
  return verdict;
}

/** The warning shown for every hosted knowledge base (settings page, after saving). */
export function hostedWarning(display: string, isLocal = false): string {
  return (
    `Questions, conversation history and retrieved passages of this knowledge base will be sent to ${display}` +
    `${isLocal ? "" : ", outside your network"}. Personal details (names, e-mail addresses, phone numbers, ids, card numbers, ` +
    "IBANs, IP addresses, birth dates, addresses and your own patterns) are replaced by placeholders first, but detection " +
    "is not perfect: names in particular can slip through. Every call is recorded in the egress log."
  );
}
