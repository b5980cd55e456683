import { describe, expect, it } from "vitest";
import { addressRange, classifyEndpoint, type LookupAll } from "./endpoints";
import { validateModelLocation } from "./model-location";

const hosts: Record<string, string[]> = {
  localhost: ["127.0.0.1", "::1"],
  "ollama.lan": ["192.168.1.20"],
  "gpu.internal": ["10.1.2.3", "fd12:3456::1"],
  "api.example.com": ["203.0.113.10"],
  "split.example": ["10.0.0.1", "203.0.113.11"],
  "metadata.example": ["169.254.169.254"],
  "tailnet.example": ["100.101.102.103"],
};
const lookup: LookupAll = async (host) => {
  const addresses = hosts[host];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

describe("where an endpoint is", () => {
  it("names the range of an address", () => {
    expect(addressRange("127.0.0.1")).toBe("loopback");
    expect(addressRange("127.8.9.10")).toBe("loopback");
    expect(addressRange("::1")).toBe("loopback");
    expect(addressRange("10.255.0.1")).toBe("private");
    expect(addressRange("172.31.255.255")).toBe("private");
    expect(addressRange("172.32.0.1")).toBe("public");
    expect(addressRange("192.168.0.1")).toBe("private");
    expect(addressRange("fd00::1")).toBe("private");
    expect(addressRange("::ffff:192.168.0.1")).toBe("private");
    expect(addressRange("::ffff:8.8.8.8")).toBe("public");
    expect(addressRange("169.254.169.254")).toBe("link-local");
    expect(addressRange("fe80::1")).toBe("link-local");
    expect(addressRange("100.64.0.1")).toBe("shared");
    expect(addressRange("0.0.0.0")).toBe("unspecified");
    expect(addressRange("2001:db8::1")).toBe("public");
  });

  it("resolves every address of a host; local only if all of them are", async () => {
    expect(await classifyEndpoint("http://localhost:11434/v1", lookup)).toMatchObject({ isLocal: true, display: "http://localhost:11434/v1", addresses: [{ range: "loopback" }, { range: "loopback" }] });
    expect((await classifyEndpoint("http://gpu.internal/v1", lookup)).isLocal).toBe(true);
    expect((await classifyEndpoint("http://split.example/v1", lookup)).isLocal).toBe(false);
    expect((await classifyEndpoint("http://[::1]:1234/v1", lookup)).isLocal).toBe(true);
    expect((await classifyEndpoint("http://nowhere.example/v1", lookup)).problem).toBe("names the host nowhere.example, which does not resolve from this server");
    expect((await classifyEndpoint("https://user:pw@api.example.com/v1", lookup)).problem).toMatch(/must not contain a user name or password/);
    expect((await classifyEndpoint("ftp://api.example.com", lookup)).problem).toBe("must be an http:// or https:// URL");
  });
});

describe("model location rules for the settings form", () => {
  const base = { chatBaseUrl: "http://localhost:11434/v1", embeddingBaseUrl: "http://localhost:11434/v1", isHostedConfirmed: false, hasApiKey: false };
  const environment = { localOnly: false, hasSecretKey: true, lookup };

  it("accepts a local base on this machine or the private network", async () => {
    expect(await validateModelLocation({ ...base, modelLocation: "local" }, environment)).toEqual({ issues: {}, warnings: [] });
    expect(await validateModelLocation({ ...base, modelLocation: "local", chatBaseUrl: "http://ollama.lan:11434/v1" }, environment)).toEqual({ issues: {}, warnings: [] });
  });

  it("refuses a local base whose chat endpoint leaves the network, with the address and the way out", async () => {
    const verdict = await validateModelLocation({ ...base, modelLocation: "local", chatBaseUrl: "https://api.example.com/v1" }, environment);
    expect(verdict.issues.chatBaseUrl).toBe(
      'The chat endpoint https://api.example.com/v1 resolves to 203.0.113.10 (public internet), outside this machine and the private network ranges (127.0.0.0/8, ::1, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7). A local knowledge base must use a model on this machine or your private network; to use a hosted model, choose "Hosted" as the model location.',
    );
    const metadata = await validateModelLocation({ ...base, modelLocation: "local", chatBaseUrl: "http://metadata.example/v1" }, environment);
    expect(metadata.issues.chatBaseUrl).toMatch(/169\.254\.169\.254 \(link-local, not accepted as local\)/);
    const tailnet = await validateModelLocation({ ...base, modelLocation: "local", chatBaseUrl: "http://tailnet.example/v1" }, environment);
    expect(tailnet.issues.chatBaseUrl).toMatch(/100\.101\.102\.103 \(carrier-grade NAT/);
  });

  it("keeps embedding endpoints local for hosted bases too", async () => {
    const verdict = await validateModelLocation(
      { ...base, modelLocation: "hosted", chatBaseUrl: "https://api.example.com/v1", embeddingBaseUrl: "https://api.example.com/v1", isHostedConfirmed: true, hasApiKey: true },
      environment,
    );
    expect(verdict.issues.embeddingBaseUrl).toMatch(/Embedding endpoints must be local for every knowledge base: documents are embedded as they are, without masking\.$/);
  });

  it("lets a hosted base point anywhere with the explicit choice and a key, and warns", async () => {
    const verdict = await validateModelLocation({ ...base, modelLocation: "hosted", chatBaseUrl: "https://api.example.com/v1", isHostedConfirmed: true, hasApiKey: true }, environment);
    expect(verdict.issues).toEqual({});
    expect(verdict.warnings[0]).toMatch(/^Questions, conversation history and retrieved passages of this knowledge base will be sent to https:\/\/api\.example\.com\/v1, outside your network\./);
  });

  it("asks for each missing piece of a hosted base", async () => {
    const verdict = await validateModelLocation({ ...base, modelLocation: "hosted", chatBaseUrl: "http://api.example.com/v1" }, { ...environment, localOnly: true });
    expect(Object.keys(verdict.issues).sort()).toEqual(["chatApiKey", "chatBaseUrl", "isHostedConfirmed", "modelLocation"]);
    expect(verdict.issues.chatBaseUrl).toMatch(/must use https:\/\//);
    expect(verdict.issues.modelLocation).toMatch(/local-only mode \(ENCLAVE_LOCAL_ONLY=true\)/);
    expect(verdict.issues.chatApiKey).toBe("Enter the hosted endpoint's API key.");
    const noSecret = await validateModelLocation({ ...base, modelLocation: "hosted", isHostedConfirmed: true, hasApiKey: true }, { ...environment, hasSecretKey: false });
    expect(noSecret.issues.chatApiKey).toMatch(/need ENCLAVE_SECRET_KEY on the server/);
  });
});
