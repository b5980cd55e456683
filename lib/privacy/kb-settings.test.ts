import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { LookupAll } from "./endpoints";
import { checkModelLocationChange, checkNewKnowledgeBaseEndpoints } from "./kb-settings";
import { formatPatternLines, piiPatternsTextSchema } from "./pii/patterns";
import { apiKeyContext, decryptSecret, sealKnowledgeBaseApiKey } from "./secrets";

const secretKey = randomBytes(32).toString("base64");
const lookup: LookupAll = async (host) => [{ address: host === "api.example.com" || host === "other.example.com" ? "203.0.113.5" : "127.0.0.1", family: 4 }];
const environment = { localOnly: false, secretKey, lookup };
const local = { id: "2b7c1a9e-0000-4000-8000-000000000001", chatBaseUrl: "http://localhost:11434/v1", chatApiKeyEncrypted: null };
const change = { modelLocation: "hosted" as const, chatBaseUrl: "https://api.example.com/v1", embeddingBaseUrl: "http://localhost:11434/v1", chatApiKey: "sk-new", isHostedConfirmed: true };

describe("saving the model location of a knowledge base", () => {
  it("stores a new key encrypted for this base, warns, and audits only that it was set", async () => {
    const result = await checkModelLocationChange(local, change, environment);
    expect(decryptSecret(result.data.chatApiKeyEncrypted!, Buffer.from(secretKey, "base64"), apiKeyContext(local.id))).toBe("sk-new");
    expect(result.warnings[0]).toMatch(/will be sent to https:\/\/api\.example\.com\/v1/);
    expect(result.audit).toEqual({ chatApiKey: { from: "not set", to: "set" } });
    expect(JSON.stringify(result.audit)).not.toContain("sk-new");
  });

  it("keeps the stored key while the endpoint's origin stays, and drops it when the origin changes or the base goes local", async () => {
    const hosted = { ...local, chatBaseUrl: "https://api.example.com/v1", chatApiKeyEncrypted: sealKnowledgeBaseApiKey(local.id, "sk-old", secretKey) };
    const kept = await checkModelLocationChange(hosted, { ...change, chatBaseUrl: "https://api.example.com/v2", chatApiKey: null }, environment);
    expect(kept.data.chatApiKeyEncrypted).toBe(hosted.chatApiKeyEncrypted);
    expect(kept.audit).toEqual({});
    await expect(checkModelLocationChange(hosted, { ...change, chatBaseUrl: "https://other.example.com/v1", chatApiKey: null }, environment)).rejects.toThrow(
      "Enter the hosted endpoint's API key.",
    );
    const back = await checkModelLocationChange(hosted, { ...change, modelLocation: "local", chatBaseUrl: "http://localhost:11434/v1", chatApiKey: null }, environment);
    expect(back.data).toEqual({ modelLocation: "local", chatApiKeyEncrypted: null });
    expect(back.audit).toEqual({ chatApiKey: { from: "set", to: "not set" } });
  });

  it("refuses with one message per problem, keyed by form field", async () => {
    const error = await checkModelLocationChange(local, { ...change, chatApiKey: null, isHostedConfirmed: false }, environment).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toEqual({ fieldErrors: { isHostedConfirmed: [expect.stringMatching(/^Confirm that/)], chatApiKey: ["Enter the hosted endpoint's API key."] } });
  });
});

describe("a new knowledge base", () => {
  it("starts local: its endpoints must be on this machine or the private network", async () => {
    await expect(checkNewKnowledgeBaseEndpoints({ chatBaseUrl: "http://localhost:11434/v1", embeddingBaseUrl: "http://localhost:11434/v1" }, environment)).resolves.toBeUndefined();
    await expect(checkNewKnowledgeBaseEndpoints({ chatBaseUrl: "https://api.example.com/v1", embeddingBaseUrl: "http://localhost:11434/v1" }, environment)).rejects.toThrow(
      /A local knowledge base must use a model on this machine/,
    );
  });
});

describe("the patterns textarea", () => {
  it("reads LABEL: pattern lines and writes them back", () => {
    const parsed = piiPatternsTextSchema.parse("MRN: MRN-\\d{6}\n\nemployee id: EMP\\d{5}\n");
    expect(parsed).toEqual([{ label: "MRN", pattern: "MRN-\\d{6}" }, { label: "EMPLOYEE_ID", pattern: "EMP\\d{5}" }]);
    expect(formatPatternLines(parsed)).toBe("MRN: MRN-\\d{6}\nEMPLOYEE_ID: EMP\\d{5}");
    expect(piiPatternsTextSchema.safeParse("no label here").error?.issues[0]).toMatchObject({ path: [0, "label"] });
  });
});
