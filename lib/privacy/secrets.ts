import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { SECRET_KEY_PATTERN } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Secrets at rest (a hosted endpoint's API key, a chat's pseudonymisation mapping): AES-256-GCM with the
// installation's ENCLAVE_SECRET_KEY. Each ciphertext is bound to what it belongs to (e.g. "kb-api-key:<id>") as
// additional authenticated data, so a value copied into another row does not decrypt. Nothing here logs a value.

export { SECRET_KEY_PATTERN };

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown when a secret cannot be decrypted: wrong key, tampered value, or bound to another owner. */
export class SecretDecryptionError extends Error {
  override name = "SecretDecryptionError";
}

/** The 32-byte key from ENCLAVE_SECRET_KEY's value; throws a message naming the variable, never echoing the value. */
export function parseSecretKey(value: string): Buffer {
  const trimmed = value.trim();
  if (!SECRET_KEY_PATTERN.test(trimmed)) {
    throw new AppError("invalid_input", "ENCLAVE_SECRET_KEY must be 32 bytes written as 64 hex digits or as base64 (e.g. `openssl rand -base64 32`).");
  }
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new AppError("invalid_input", "ENCLAVE_SECRET_KEY must decode to exactly 32 bytes.");
  return key;
}

/**
 * The key for a feature that needs one (`purpose` says which, for the message), or a clear error when the
 * installation has none: hosted knowledge bases cannot store or use their API key without it.
 */
export function requireSecretKey(value: string | undefined, purpose: string): Buffer {
  if (!value) {
    throw new AppError(
      "invalid_input",
      `${purpose} needs ENCLAVE_SECRET_KEY (32 random bytes, e.g. \`openssl rand -base64 32\`) in the server's environment; ask the administrator to set it and restart Enclave.`,
    );
  }
  return parseSecretKey(value);
}

/** `v1:<iv>:<tag>:<ciphertext>` (base64url parts), bound to `context`. */
export function encryptSecret(plaintext: string, key: Buffer, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(":");
}

/** The plaintext of `encryptSecret(…, key, context)`; a SecretDecryptionError for any other key, context or a changed value. */
export function decryptSecret(encrypted: string, key: Buffer, context: string): string {
  const [version, iv, tag, ciphertext, ...rest] = encrypted.split(":");
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0) {
    throw new SecretDecryptionError("The stored secret is not in a format this version of Enclave understands.");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError(
      "A stored secret could not be decrypted: ENCLAVE_SECRET_KEY differs from the key it was saved with (or the value was altered). An administrator must restore the old key, or enter the API key again.",
    );
  }
}

/** What a stored API key looks like on a settings page: never the key, only whether one is set. */
export function describeStoredSecret(encrypted: string | null | undefined): string {
  return encrypted ? "set (hidden)" : "not set";
}

/** The AAD context of a knowledge base's chat API key. */
export const apiKeyContext = (knowledgeBaseId: string) => `kb-chat-api-key:${knowledgeBaseId}`;

/**
 * The value to store in knowledge_bases.chat_api_key_encrypted for `apiKey`, from ENCLAVE_SECRET_KEY's value (the
 * settings action calls this; the key itself is never stored, logged or sent back to the form).
 */
export function sealKnowledgeBaseApiKey(knowledgeBaseId: string, apiKey: string, secretKeyValue: string | undefined): string {
  const key = requireSecretKey(secretKeyValue, "Storing a hosted model's API key");
  return encryptSecret(apiKey, key, apiKeyContext(knowledgeBaseId));
}
