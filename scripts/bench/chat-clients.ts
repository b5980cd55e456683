// The two clients bench:chat compares: a question through Enclave's chat route (the UI message stream the browser
// reads), and the same prompt sent straight to the model server. Time to first token is taken at the first text piece.
import { randomUUID } from "node:crypto";

export interface ChatRun {
  ttftMs: number;
  totalMs: number;
  status: string;
  text: string;
  /** The server's own timings (answer details): retrieval, and first token, counted from after the chat was stored. */
  timings?: { retrievalMs: number; firstTokenMs?: number; totalMs: number };
  error?: string;
}

/** One question in a new chat through POST /api/chat. */
export async function askEnclave(appUrl: string, cookie: string, knowledgeBaseId: string, question: string): Promise<ChatRun> {
  const started = performance.now();
  const response = await fetch(`${appUrl}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "sec-fetch-site": "same-origin" },
    body: JSON.stringify({ id: randomUUID(), knowledgeBaseId, message: { role: "user", parts: [{ type: "text", text: question }] } }),
  });
  if (!response.ok || !response.body) return { ttftMs: NaN, totalMs: performance.now() - started, status: "http-error", text: "", error: `HTTP ${response.status}: ${await response.text()}` };
  let ttftMs = NaN;
  let text = "";
  let finish: { messageMetadata?: { status: string; error?: string; details?: { timings: ChatRun["timings"] } } } | undefined;
  let error: string | undefined;
  await readServerEvents(response.body, (data) => {
    if (data === "[DONE]") return;
    const chunk = JSON.parse(data) as { type: string; delta?: string; errorText?: string };
    if (chunk.type === "text-delta") {
      if (Number.isNaN(ttftMs)) ttftMs = performance.now() - started;
      text += chunk.delta;
    } else if (chunk.type === "finish") finish = chunk as typeof finish;
    else if (chunk.type === "error") error = chunk.errorText;
  });
  const metadata = finish?.messageMetadata;
  return { ttftMs, totalMs: performance.now() - started, status: metadata?.status ?? "no-finish", text, timings: metadata?.details?.timings, error: error ?? metadata?.error };
}

/** The same chat-completions request body, straight to the model server. */
export async function askModel(modelUrl: string, rawBody: string): Promise<{ ttftMs: number; totalMs: number }> {
  const started = performance.now();
  const response = await fetch(`${modelUrl}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: rawBody });
  if (!response.ok || !response.body) throw new Error(`the model server answered HTTP ${response.status}`);
  let ttftMs = NaN;
  await readServerEvents(response.body, (data) => {
    if (!Number.isNaN(ttftMs) || data === "[DONE]") return;
    const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string } }[] };
    if (chunk.choices?.[0]?.delta?.content) ttftMs = performance.now() - started;
  });
  return { ttftMs, totalMs: performance.now() - started };
}

/** The chat-completions requests the model server received since the last call (and clears its log). */
export async function takeModelRequests(modelUrl: string): Promise<{ path: string; rawBody: string }[]> {
  const requests = (await (await fetch(`${modelUrl}/__fake/requests`)).json()) as { path: string; rawBody: string }[];
  await (await fetch(`${modelUrl}/__fake/requests`, { method: "DELETE" })).body?.cancel();
  return requests.filter((request) => request.path === "/v1/chat/completions");
}

/** Sets the fake model server's pause between streamed tokens. */
export async function setTokenDelay(modelUrl: string, ms: number): Promise<void> {
  const response = await fetch(`${modelUrl}/__fake/token-delay`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ms }) });
  await response.body?.cancel();
}

/** Calls `onData` with each `data:` payload of a Server-Sent Events body. */
async function readServerEvents(body: ReadableStream<Uint8Array>, onData: (data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, end).trimEnd();
      buffer = buffer.slice(end + 1);
      if (line.startsWith("data:")) onData(line.slice(5).trim());
    }
  }
}
