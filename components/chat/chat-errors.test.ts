import { describe, expect, it } from "vitest";
import { errorText, withStatus } from "./chat-errors";

describe("errorText", () => {
  it("shows the chat route's JSON error message, a stream's text, or a connection hint", () => {
    expect(errorText(new Error(JSON.stringify({ error: { message: "Knowledge base not found." } })))).toBe("Knowledge base not found.");
    expect(errorText(new Error("The model stopped mid-answer."))).toBe("The model stopped mid-answer.");
    expect(errorText(new TypeError("Failed to fetch"))).toMatch(/could not be reached/);
  });
});

describe("withStatus", () => {
  it("keeps the message's parts and other metadata", () => {
    const message = { id: "m", role: "assistant" as const, parts: [{ type: "text" as const, text: "Partial" }], metadata: { status: "streaming" as const, createdAt: "x" } };
    expect(withStatus(message, "stopped")).toEqual({ ...message, metadata: { status: "stopped", createdAt: "x" } });
    expect(withStatus(message, "incomplete", "boom").metadata).toMatchObject({ status: "incomplete", error: "boom" });
  });
});
