import type { UIMessage } from "ai";
import type { PiiCounts } from "@/lib/privacy/pii/kinds";

// The shape of chat messages on the wire and in the UI (no secrets, nothing server-only).

export type AnswerStatus = "complete" | "streaming" | "stopped" | "incomplete" | "failed" | "refused";

/** A passage that was in an answer's prompt (or, for a refusal, one of the nearest found). */
export interface CitationInfo {
  /** The [n] the answer cites it by. */
  number: number;
  knowledgeBaseId: string;
  documentId: string | null;
  chunkId: string;
  sourceId: string;
  title: string;
  context: string;
  text: string;
  startOffset: number;
  endOffset: number;
  /** Fused rank score and 0..1 relevance. */
  score: number;
  relevance: number;
  /** The answer text cites it. */
  isCited: boolean;
  /** Shown because nothing cleared the relevance floor: not evidence, the closest that was found. */
  isNearest: boolean;
}

export interface AnswerDetails {
  model: string;
  endpoint: string;
  endpointKind: "local" | "hosted";
  retrievalMode: "hybrid" | "lexical" | "dense";
  /** Why retrieval ran differently than asked (e.g. lexical only: embedding endpoint down). */
  notice?: string;
  /** The query retrieval used, when a follow-up was rewritten. */
  query?: string;
  contextWindow?: { tokens: number; source: string };
  promptTokens?: number;
  usage?: { inputTokens?: number; outputTokens?: number };
  dropped?: { passages: number; historyTurns: number };
  timings: { retrievalMs: number; firstTokenMs?: number; totalMs: number };
  /** A hosted model's answer: how many personal details of each kind were masked in the conversation. */
  privacy?: { maskedCounts: PiiCounts };
}

export interface AnswerMetadata {
  status: AnswerStatus;
  error?: string;
  details?: AnswerDetails;
  createdAt?: string;
}

export type ChatUIMessage = UIMessage<AnswerMetadata>;

/** The provider-metadata key under which a source part carries its citation. */
export const CITATION_METADATA_KEY = "enclave";

/** The [n] numbers an answer cites. */
export function citedNumbers(text: string): Set<number> {
  return new Set([...text.matchAll(/\[(\d{1,3})\]/g)].map((match) => Number(match[1])));
}
