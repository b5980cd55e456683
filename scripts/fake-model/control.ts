/**
 * The /__fake/* control endpoints, for callers in another process (Playwright, benchmarks).
 * They are not recorded in the request log, which is meant to show only traffic a client sent.
 */
import { type Exchange, isRecord, send } from "./http";
import type { FakeFailure, FakeFlavor, RecordedRequest } from "./types";

export interface Controls {
  requests: RecordedRequest[];
  setFailure(f: FakeFailure): Promise<void>;
  setFlavor(f: FakeFlavor): void;
  setTokenDelay(ms: number): void;
}

const FLAVORS: readonly FakeFlavor[] = ["ollama", "ollama-classic", "lmstudio"];

const json = (status: number, value: unknown) => ({ status, contentType: "application/json", body: JSON.stringify(value) });

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);

export function parseFailure(v: unknown): FakeFailure | string {
  if (!isRecord(v)) return "body must be a FakeFailure object";
  switch (v.kind) {
    case "none":
    case "unknown-model":
    case "embeddings-down":
      return { kind: v.kind };
    case "slow-first-token": {
      const delayMs = num(v.delayMs);
      return delayMs === undefined ? "slow-first-token needs delayMs" : { kind: v.kind, delayMs };
    }
    case "midstream-error": {
      const afterChunks = num(v.afterChunks);
      return afterChunks === undefined ? "midstream-error needs afterChunks" : { kind: v.kind, afterChunks };
    }
    case "refuse-connections": {
      const durationMs = num(v.durationMs);
      return durationMs === undefined ? { kind: v.kind } : { kind: v.kind, durationMs };
    }
    default:
      return `unknown failure kind ${JSON.stringify(v.kind)}`;
  }
}

export async function handleControl(ex: Exchange, controls: Controls): Promise<void> {
  const key = `${ex.method} ${ex.path}`;
  if (key === "GET /__fake/requests") return send(ex.res, json(200, controls.requests));
  if (key === "DELETE /__fake/requests") {
    controls.requests.length = 0; // keep the array: in-process tests hold a reference to it
    return send(ex.res, json(200, { ok: true }));
  }
  if (key === "POST /__fake/token-delay") {
    const ms = isRecord(ex.body) ? num(ex.body.ms) : undefined;
    if (ms === undefined) return send(ex.res, json(400, { error: "body must be {\"ms\": <non-negative number>}" }));
    controls.setTokenDelay(ms);
    return send(ex.res, json(200, { ok: true, ms }));
  }
  if (key === "POST /__fake/flavor") {
    const flavor = isRecord(ex.body) ? ex.body.flavor : ex.body;
    if (!FLAVORS.includes(flavor as FakeFlavor)) return send(ex.res, json(400, { error: `flavor must be one of ${FLAVORS.join(", ")}` }));
    controls.setFlavor(flavor as FakeFlavor);
    return send(ex.res, json(200, { ok: true, flavor }));
  }
  if (key === "POST /__fake/failure") {
    const failure = parseFailure(ex.body);
    if (typeof failure === "string") return send(ex.res, json(400, { error: failure }));
    if (failure.kind !== "refuse-connections") {
      await controls.setFailure(failure);
      return send(ex.res, json(200, { ok: true, failure }));
    }
    // Answer first: closing the listener also drops this very connection.
    ex.res.once("finish", () => void controls.setFailure(failure).catch(() => undefined));
    return send(ex.res, json(200, { ok: true, failure }));
  }
  send(ex.res, json(404, { error: `no control endpoint ${key}` }));
}
