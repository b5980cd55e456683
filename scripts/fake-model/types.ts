import type { IncomingHttpHeaders } from "node:http";

export type FakeFlavor = "ollama" | "ollama-classic" /* v0.5.2–v0.32.5 stream format */ | "lmstudio";

export type FakeFailure =
  | { kind: "none" }
  | { kind: "unknown-model" }
  | { kind: "slow-first-token"; delayMs: number }
  | { kind: "midstream-error"; afterChunks: number }
  | { kind: "embeddings-down" }
  // durationMs lets an out-of-process caller bring the server back: once it stops listening, HTTP control is gone too.
  | { kind: "refuse-connections"; durationMs?: number };

export interface FakeEmbeddingModel {
  id: string;
  dimension: number;
  /** Inputs longer than this many tokens are cut (Ollama) before embedding. Defaults by model family. */
  contextLength?: number;
}

export interface FakeModelServerOptions {
  port?: number;
  host?: string;
  flavor?: FakeFlavor;
  contextLength?: number;
  chatModels?: string[];
  embeddingModels?: FakeEmbeddingModel[];
  tokenDelayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; the raw text when it is not JSON; null when empty. */
  body: unknown;
  rawBody: string;
  receivedAt: number;
  status?: number;
  /** True when the client closed the connection before the response was complete (e.g. the user pressed stop). */
  aborted: boolean;
}

export interface FakeModelServer {
  url: string;
  setFailure(f: FakeFailure): Promise<void>;
  setFlavor(f: FakeFlavor): void;
  /** Pause between streamed chunks (slow answers, for stop tests). */
  setTokenDelay(ms: number): void;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Mutable settings shared by all handlers; flavor and failure change at run time. */
export interface ServerState {
  flavor: FakeFlavor;
  failure: FakeFailure;
  contextLength: number;
  tokenDelayMs: number;
  /** Undefined means "the flavor's defaults", so switching flavor also switches model names. */
  chatModels?: string[];
  embeddingModels?: FakeEmbeddingModel[];
}

export const isOllama = (f: FakeFlavor): boolean => f !== "lmstudio";
