import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { decryptSecret, encryptSecret, parseSecretKey, requireSecretKey, SECRET_KEY_PATTERN, SecretDecryptionError } from "./secrets";

const key = randomBytes(32);

describe("secrets at rest", () => {
  it("round-trips, with a fresh IV every time", () => {
    const a = encryptSecret("sk-live-abc123", key, "kb-chat-api-key:1");
    const b = encryptSecret("sk-live-abc123", key, "kb-chat-api-key:1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("sk-live");
    expect(decryptSecret(a, key, "kb-chat-api-key:1")).toBe("sk-live-abc123");
  });

  it("refuses another key, another owner, and any change to the stored value", () => {
    const stored = encryptSecret("sk-live-abc123", key, "kb-chat-api-key:1");
    expect(() => decryptSecret(stored, randomBytes(32), "kb-chat-api-key:1")).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(stored, key, "kb-chat-api-key:2")).toThrow(/ENCLAVE_SECRET_KEY differs/);
    const parts = stored.split(":");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped[0]! ^= 1;
    expect(() => decryptSecret([...parts.slice(0, 3), flipped.toString("base64url")].join(":"), key, "kb-chat-api-key:1")).toThrow(SecretDecryptionError);
    expect(() => decryptSecret("plain text", key, "x")).toThrow(/not in a format/);
  });

  it("reads the key as hex or base64, and never echoes a bad value", () => {
    const bytes = randomBytes(32);
    expect(parseSecretKey(bytes.toString("hex")).equals(bytes)).toBe(true);
    expect(parseSecretKey(bytes.toString("base64")).equals(bytes)).toBe(true);
    expect(parseSecretKey(bytes.toString("base64").replace(/=$/, "")).equals(bytes)).toBe(true);
    expect(SECRET_KEY_PATTERN.test(bytes.toString("base64"))).toBe(true);
    expect(() => parseSecretKey("too-short-secret-value")).toThrow(/64 hex digits or as base64/);
    try {
      parseSecretKey("too-short-secret-value");
    } catch (error) {
      expect((error as Error).message).not.toContain("too-short-secret-value");
    }
  });

  it("says clearly what is missing when a feature needs the key", () => {
    expect(() => requireSecretKey(undefined, "This knowledge base's hosted model")).toThrow(
      /This knowledge base's hosted model needs ENCLAVE_SECRET_KEY .* ask the administrator to set it and restart Enclave/,
    );
  });
});

describe("the privacy settings in the environment", () => {
  it("takes ENCLAVE_SECRET_KEY as hex or base64, and says what is wrong without echoing the value", () => {
    expect(parseEnv({ ENCLAVE_SECRET_KEY: key.toString("hex") }).ENCLAVE_SECRET_KEY).toBe(key.toString("hex"));
    expect(parseEnv({ ENCLAVE_SECRET_KEY: key.toString("base64") }).ENCLAVE_SECRET_KEY).toBe(key.toString("base64"));
    expect(parseEnv({}).ENCLAVE_SECRET_KEY).toBeUndefined();
    const attempt = () => parseEnv({ ENCLAVE_SECRET_KEY: "hunter2-not-a-key" });
    expect(attempt).toThrow(/ENCLAVE_SECRET_KEY must be 32 bytes written as 64 hex digits or as base64/);
    expect(attempt).not.toThrow(/hunter2/);
  });

  it("is not local-only unless ENCLAVE_LOCAL_ONLY says so", () => {
    expect(parseEnv({}).ENCLAVE_LOCAL_ONLY).toBe(false);
    expect(parseEnv({ ENCLAVE_LOCAL_ONLY: "true" }).ENCLAVE_LOCAL_ONLY).toBe(true);
    expect(() => parseEnv({ ENCLAVE_LOCAL_ONLY: "maybe" })).toThrow(/ENCLAVE_LOCAL_ONLY must be true or false/);
  });
});
