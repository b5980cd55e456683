import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model-server";
import { checkModel, sameModel } from "./model-status";

const servers: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function fake(options: Parameters<typeof startFakeModelServer>[0]): Promise<FakeModelServer> {
  const server = await startFakeModelServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

describe("checkModel", () => {
  it("finds Ollama models listed with their tag", async () => {
    const server = await fake({ flavor: "ollama" });
    expect(await checkModel(`${server.url}/v1`, "gemma3:1b", 2000)).toEqual({ ok: true, endpoint: `${server.url}/v1`, model: "gemma3:1b" });
    expect((await checkModel(`${server.url}/v1`, "all-minilm", 2000)).ok).toBe(true);
  });

  it("finds LM Studio models", async () => {
    const server = await fake({ flavor: "lmstudio" });
    expect((await checkModel(`${server.url}/v1`, "google/gemma-3-1b", 2000)).ok).toBe(true);
  });

  it("says which model is missing, what the endpoint has, and how to get it", async () => {
    const server = await fake({ flavor: "ollama" });
    const status = await checkModel(`${server.url}/v1`, "gemma3", 2000);
    expect(status.ok).toBe(false);
    expect(status.reason).toMatch(/Model gemma3 is not available at .*It has: gemma3:1b.*ollama pull gemma3/);
  });

  it("understands Ollama's null model list", async () => {
    const server = await fake({ flavor: "ollama", chatModels: [], embeddingModels: [] });
    expect((await checkModel(`${server.url}/v1`, "gemma3:1b", 2000)).reason).toMatch(/It has no models\./);
  });

  it("explains a refused connection", async () => {
    const server = await fake({ flavor: "ollama" });
    const url = `${server.url}/v1`;
    await server.close();
    servers.pop();
    expect((await checkModel(url, "gemma3:1b", 2000)).reason).toMatch(/connection refused.*Start Ollama/);
  });

  it("gives up after the timeout", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    servers.push({ close: () => new Promise<void>((resolve) => silent.close(() => resolve())) });
    const port = (silent.address() as AddressInfo).port;
    const status = await checkModel(`http://127.0.0.1:${port}/v1`, "gemma3:1b", 200);
    silent.closeAllConnections();
    expect(status.reason).toBe(`No answer from http://127.0.0.1:${port}/v1 within 200 ms.`);
  });

  it("never shows credentials of the endpoint URL", async () => {
    const server = await fake({ flavor: "ollama" });
    const withSecret = server.url.replace("http://", "http://user:s3cret@");
    const status = await checkModel(`${withSecret}/v1?key=s3cret`, "nope", 2000);
    expect(JSON.stringify(status)).not.toContain("s3cret");
  });
});

describe("sameModel", () => {
  it("treats a name without a tag as :latest", () => {
    expect(sameModel("all-minilm:latest", "all-minilm")).toBe(true);
    expect(sameModel("gemma3:latest", "gemma3:1b")).toBe(false);
  });
});
