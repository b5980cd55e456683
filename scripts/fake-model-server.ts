/**
 * A fake Ollama / LM Studio server for tests and benchmarks: the OpenAI-compatible API (and Ollama's
 * native side endpoints) reproduced byte for byte from tests/protocol (copied from the shared protocol notes), with a deterministic
 * answerer and embedding, and switchable failure modes.
 *
 *   npx tsx scripts/fake-model-server.ts --port 11434 --flavor ollama --context-length 4096
 *     [--host 127.0.0.1] [--token-delay-ms 0] [--chat-model gemma3:1b ...] [--embedding-model all-minilm=384 ...]
 *   (--flavor ollama | ollama-classic | lmstudio; the port defaults to 11434, or 1234 for lmstudio)
 *
 * Out-of-process callers switch modes with POST /__fake/failure, POST /__fake/flavor, and read or clear
 * the request log with GET / DELETE /__fake/requests.
 */
import { realpathSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { handleControl } from "./fake-model/control";
import type { Exchange } from "./fake-model/http";
import { route } from "./fake-model/routes";
import type { FakeFailure, FakeFlavor, FakeModelServer, FakeModelServerOptions, RecordedRequest, ServerState } from "./fake-model/types";

export type { FakeEmbeddingModel, FakeFailure, FakeFlavor, FakeModelServer, FakeModelServerOptions, RecordedRequest } from "./fake-model/types";
export { fakeEmbedding, countTokens, countPromptTokens } from "./fake-model/text";
export { NO_ANSWER, extractPassages, generateAnswer } from "./fake-model/answer";

/** Benchmarks send thousands of requests; the log keeps the most recent ones so memory stays bounded. */
const MAX_RECORDED = 5000;

export async function startFakeModelServer(opts: FakeModelServerOptions = {}): Promise<FakeModelServer> {
  const host = opts.host ?? "127.0.0.1";
  const state: ServerState = {
    flavor: opts.flavor ?? "ollama",
    failure: { kind: "none" },
    contextLength: opts.contextLength ?? 4096,
    tokenDelayMs: opts.tokenDelayMs ?? 0,
    chatModels: opts.chatModels,
    embeddingModels: opts.embeddingModels,
  };
  const requests: RecordedRequest[] = [];
  let server: Server | undefined;
  let port = opts.port ?? 0;
  let reopenTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const listen = async (): Promise<void> => {
    const s = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(port, host, () => {
        s.off("error", reject);
        resolve();
      });
    });
    port = (s.address() as AddressInfo).port; // a port-0 server must come back on the same port
    server = s;
  };

  const stopListening = async (): Promise<void> => {
    const s = server;
    server = undefined;
    if (!s) return;
    // Dropping open keep-alive sockets too: otherwise pooled clients would never see the refusal.
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  };

  const setFailure = async (f: FakeFailure): Promise<void> => {
    clearTimeout(reopenTimer);
    state.failure = f;
    if (f.kind === "refuse-connections") {
      await stopListening();
      if (f.durationMs !== undefined) {
        reopenTimer = setTimeout(() => void setFailure({ kind: "none" }).catch(() => undefined), f.durationMs);
      }
    } else if (!server && !closed) {
      await listen();
    }
  };

  const setTokenDelay = (ms: number): void => {
    state.tokenDelayMs = ms;
  };

  const setFlavor = (f: FakeFlavor): void => {
    state.flavor = f;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    let body: unknown;
    let parseError: string | undefined;
    if (rawBody.trim() !== "") {
      try {
        body = JSON.parse(rawBody) as unknown;
      } catch (e) {
        parseError = (e as Error).message;
      }
    } else if (req.method === "POST") {
      parseError = "Unexpected end of JSON input";
    }
    let gone = false;
    res.on("error", () => undefined); // a write racing a client abort must not crash the server
    const ex: Exchange = { state, method: req.method ?? "GET", path: url.pathname, res, body, rawBody, parseError, isClosed: () => gone || res.destroyed };

    if (url.pathname.startsWith("/__fake/")) {
      return handleControl(ex, { requests, setFailure, setFlavor, setTokenDelay });
    }
    const record: RecordedRequest = {
      method: ex.method,
      path: url.pathname,
      query: url.search,
      headers: req.headers,
      body: parseError === undefined ? (body ?? null) : rawBody,
      rawBody,
      receivedAt: Date.now(),
      aborted: false,
    };
    requests.push(record);
    if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);
    res.on("close", () => {
      gone = true;
      if (res.writableFinished) record.status = res.statusCode;
      else record.aborted = true;
    });
    try {
      await route(ex);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(`fake model server error: ${(e as Error).message}`);
    }
  }

  await listen();
  return {
    get url() {
      return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    },
    setFailure,
    setFlavor,
    setTokenDelay,
    requests,
    async close() {
      closed = true;
      clearTimeout(reopenTimer);
      await stopListening();
    },
  };
}

function runFromCommandLine(): void {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      flavor: { type: "string", default: "ollama" },
      "context-length": { type: "string", default: "4096" },
      "token-delay-ms": { type: "string", default: "0" },
      "chat-model": { type: "string", multiple: true },
      "embedding-model": { type: "string", multiple: true },
    },
  });
  const int = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} wants a whole number, got ${v}`);
    return n;
  };
  const flavor = values.flavor as FakeFlavor;
  if (!["ollama", "ollama-classic", "lmstudio"].includes(flavor)) throw new Error(`unknown --flavor ${flavor}`);
  const embeddingModels = values["embedding-model"]?.map((spec) => {
    const [id = "", dim = ""] = spec.split("=");
    if (!id || !Number(dim)) throw new Error(`--embedding-model wants id=dimension, got ${spec}`);
    return { id, dimension: Number(dim) };
  });
  void startFakeModelServer({
    port: int("port", values.port) ?? (flavor === "lmstudio" ? 1234 : 11434),
    host: values.host,
    flavor,
    contextLength: int("context-length", values["context-length"]),
    tokenDelayMs: int("token-delay-ms", values["token-delay-ms"]),
    chatModels: values["chat-model"],
    embeddingModels,
  }).then(
    (server) => {
      console.log(`fake model server listening on ${server.url} (flavor ${flavor})`);
      const shutdown = (): void => void server.close().then(() => process.exit(0));
      process.once("SIGTERM", shutdown);
      process.once("SIGINT", shutdown);
    },
    (e: unknown) => {
      console.error(`fake model server failed to start: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}

// realpath on both sides: tsx may hand us a relative or symlinked argv[1].
const entry = process.argv[1];
function realUrl(path: string): string {
  try {
    return pathToFileURL(realpathSync(path)).href;
  } catch {
    return pathToFileURL(path).href;
  }
}
if (entry !== undefined && realUrl(entry) === realUrl(fileURLToPath(import.meta.url))) runFromCommandLine();
