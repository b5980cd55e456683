import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("fills every default on an empty environment (the embedded default)", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ENCLAVE_CHAT_BASE_URL).toBe("http://localhost:11434/v1");
    expect(env.ENCLAVE_CHAT_MODEL).toBe("gemma3:1b");
    expect(env.ENCLAVE_EMBEDDING_MODEL).toBe("all-minilm");
    expect(env.ENCLAVE_EMBEDDING_DIMENSION).toBe(384);
    expect(env.ENCLAVE_EMBEDDING_BASE_URL).toBe(env.ENCLAVE_CHAT_BASE_URL);
  });

  it("switches to LM Studio with one setting, embeddings following the chat endpoint", () => {
    const env = parseEnv({ ENCLAVE_CHAT_BASE_URL: "http://localhost:1234/v1" });
    expect(env.ENCLAVE_EMBEDDING_BASE_URL).toBe("http://localhost:1234/v1");
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });

  it("names every bad variable in one line", () => {
    const attempt = () => parseEnv({ DATABASE_URL: "mysql://x", PORT: "eighty", ENCLAVE_CHAT_BASE_URL: "localhost:11434" });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).not.toContain("\n");
      expect(message).toMatch(/DATABASE_URL must be a postgresql:\/\/ URL/);
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/ENCLAVE_CHAT_BASE_URL must be an http:\/\/ or https:\/\/ URL/);
    }
  });
});
