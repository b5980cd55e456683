/**
 * The per-request context handed to every endpoint handler, and small response helpers.
 */
import type { ServerResponse } from "node:http";
import type { Reply } from "./errors";
import type { ServerState } from "./types";

export interface Exchange {
  state: ServerState;
  method: string;
  path: string;
  res: ServerResponse;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  rawBody: string;
  /** JSON.parse's message when the body is not JSON. */
  parseError?: string;
  /** True once the client has gone away; long work checks it to stop early, as a real server would. */
  isClosed(): boolean;
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(reply.status, {
    "Content-Type": reply.contentType,
    "Content-Length": Buffer.byteLength(reply.body),
  });
  res.end(reply.body);
}

export const ok = (contentType: string, body: string): Reply => ({ status: 200, contentType, body });

/** A timer that ends early when the client disconnects, so an abort stops generation at once. */
export function sleep(ms: number, ex: Exchange): Promise<void> {
  if (ms <= 0 || ex.isClosed()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      ex.res.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    ex.res.on("close", done);
  });
}

/** Headers go out with the first event, as Go's writer does, so a slow first token delays them too. */
export function openStream(ex: Exchange, contentType: string): void {
  if (!ex.res.headersSent) ex.res.writeHead(200, { "Content-Type": contentType });
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
