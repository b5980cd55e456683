import { afterEach, describe, expect, it, vi } from "vitest";
import { newChatId } from "./chat-ids";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("newChatId", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("is a v4 UUID, also where crypto.randomUUID is missing (plain HTTP on a LAN address)", () => {
    expect(newChatId()).toMatch(UUID_V4);
    const real = globalThis.crypto;
    vi.stubGlobal("crypto", { getRandomValues: (bytes: Uint8Array) => real.getRandomValues(bytes) });
    const ids = new Set(Array.from({ length: 50 }, () => newChatId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });
});
