// Chroma, the prototype's vector store, run locally beside Enclave so benchmarks compare both in the same run.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ChromaClient } from "chromadb";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface RunningChroma {
  client: ChromaClient;
  /** Stops and starts the server on the same data: a collection's changed HNSW settings take effect when it loads again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `chroma run` on a free-ish port with a throwaway data folder and waits until it answers. */
export async function startChroma(port = 8700 + Math.floor(Math.random() * 200)): Promise<RunningChroma> {
  const dir = mkdtempSync(path.join(tmpdir(), "enclave-bench-chroma-"));
  const client = new ChromaClient({ host: "127.0.0.1", port });
  const start = async () => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/chroma"), ["run", "--host", "127.0.0.1", "--port", String(port), "--path", dir], {
      env: { ...process.env, ANONYMIZED_TELEMETRY: "False", CHROMA_TELEMETRY_IMPL: "none" },
      stdio: "ignore",
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await client.heartbeat();
        return child;
      } catch (error) {
        if (attempt > 100 || child.exitCode !== null) throw new Error(`chroma did not start: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
  const halt = async (child: ChildProcess) => {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
  };
  let child = await start();
  return {
    client,
    async restart() {
      await halt(child);
      child = await start();
    },
    async stop() {
      await halt(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
