import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { EgressEventInput } from "./egress";
import { egressFetch, isAllowedUrl } from "./egress-fetch";
import { maskedBadgeText, maskedBreakdown } from "./badge";
import { assertEgressAllowed } from "./policy";

const context = { knowledgeBase: { id: "kb-1", slug: "hr" }, actor: { userId: "u-1", email: "a@example.test" }, chatId: "c-1", purpose: "answer" as const, model: "gpt-test" };
const sse = ['data: {"choices":[{"delta":{"content":"Hi"}}]}\n\n', 'data: {"choices":[],"usage":{"prompt_tokens":42,"completion_tokens":7}}\n\n', "data: [DONE]\n\n"];

function fakeUpstream(chunks: string[], status = 200) {
  const calls: { url: string; body: string; headers: Headers }[] = [];
  const fetch: typeof globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), body: new TextDecoder().decode(init?.body as Uint8Array), headers: new Headers(init?.headers) });
    const encoder = new TextEncoder();
    let index = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (index < chunks.length) controller.enqueue(encoder.encode(chunks[index++]!));
        else controller.close();
      },
    });
    return new Response(body, { status, headers: { "content-type": "text/event-stream" } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function setup(chunks = sse, status = 200) {
  const events: EgressEventInput[] = [];
  const upstream = fakeUpstream(chunks, status);
  const fetch = egressFetch({
    allowedBaseUrls: ["https://api.example.com/v1/"],
    context,
    maskedCounts: () => ({ PERSON: 2 }),
    record: async (event) => void events.push(event),
    fetch: upstream.fetch,
  });
  return { fetch, events, calls: upstream.calls };
}

describe("egressFetch", () => {
  it("sends the exact body, hashes those bytes, and records usage after the response is read", async () => {
    const { fetch, events, calls } = setup();
    const body = JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content: "Hello [PERSON_1]" }], stream: true });
    const response = await fetch("https://api.example.com/v1/chat/completions", { method: "POST", headers: { authorization: "Bearer sk-secret" }, body });
    expect(events).toHaveLength(0);
    expect(await response.text()).toBe(sse.join(""));
    await fetch.settled();
    expect(calls[0]).toMatchObject({ url: "https://api.example.com/v1/chat/completions", body });
    expect(calls[0]!.headers.get("authorization")).toBe("Bearer sk-secret");
    expect(events).toEqual([
      expect.objectContaining({
        endpoint: "https://api.example.com/v1/chat/completions",
        payloadSha256: createHash("sha256").update(body).digest("hex"),
        payloadBytes: Buffer.byteLength(body),
        promptTokens: 42,
        completionTokens: 7,
        maskedCounts: { PERSON: 2 },
        status: "ok",
        model: "gpt-test",
        purpose: "answer",
      }),
    ]);
    expect(JSON.stringify(events)).not.toContain("sk-secret");
  });

  it("refuses and records any other destination before connecting", async () => {
    const { fetch, events, calls } = setup();
    for (const url of ["https://evil.example.com/v1/chat/completions", "https://api.example.com/v2/chat", "http://api.example.com/v1/chat/completions", "https://api.example.com:444/v1/x"]) {
      await expect(fetch(url, { method: "POST", body: "{}" })).rejects.toThrow(AppError);
    }
    await fetch.settled();
    expect(calls).toHaveLength(0);
    expect(events.map((event) => event.status)).toEqual(["blocked", "blocked", "blocked", "blocked"]);
  });

  it("records an abandoned stream as aborted and an error status as such", async () => {
    const first = setup();
    const response = await first.fetch("https://api.example.com/v1/chat/completions", { method: "POST", body: "{}" });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    await first.fetch.settled();
    expect(first.events.map((event) => event.status)).toEqual(["aborted"]);

    const second = setup(['{"error":{"message":"bad key"}}'], 401);
    await (await second.fetch("https://api.example.com/v1/chat/completions", { method: "POST", body: "{}" })).text();
    await second.fetch.settled();
    expect(second.events.map((event) => event.status)).toEqual(["http_401"]);
  });

  it("matches the allow-list by origin and path prefix", () => {
    const bases = ["https://api.example.com/v1"];
    expect(isAllowedUrl(new URL("https://api.example.com/v1/chat/completions"), bases)).toBe(true);
    expect(isAllowedUrl(new URL("https://api.example.com/v1"), bases)).toBe(true);
    expect(isAllowedUrl(new URL("https://api.example.com/v10/chat"), bases)).toBe(false);
    expect(isAllowedUrl(new URL("https://api.example.com.evil.test/v1/chat"), bases)).toBe(false);
  });
});

describe("local-only mode and the badge", () => {
  it("refuses hosted bases only, with the reason", () => {
    expect(() => assertEgressAllowed({ modelLocation: "hosted" }, true)).toThrow(/runs in local-only mode/);
    expect(() => assertEgressAllowed({ modelLocation: "hosted" }, false)).not.toThrow();
    expect(() => assertEgressAllowed({ modelLocation: "local" }, true)).not.toThrow();
  });

  it("says how many details were masked", () => {
    expect(maskedBadgeText({ PERSON: 2, EMAIL: 1 })).toBe("Answered by a hosted model — 3 personal details masked");
    expect(maskedBadgeText({})).toBe("Answered by a hosted model — no personal details found to mask");
    expect(maskedBreakdown({ PERSON: 2, EMAIL: 1, MRN: 1 })).toBe("2 names, 1 e-mail address, 1 MRN");
  });
});
