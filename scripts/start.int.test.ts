import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { checkDatabase } from "@/lib/db/prepare";

// Bad configuration must stop the launcher at once with one clear line, before anything is built or served.

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "enclave-launch-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `npm start`'s launcher with only the given variables (plus PATH) and returns how it ended. */
function launcher(env: Record<string, string>) {
  const result = spawnSync(TSX, ["--conditions=react-server", "scripts/start.ts"], {
    cwd: ROOT,
    env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  const errorLines = result.stderr.trim().split("\n").filter(Boolean);
  return { status: result.status, errorLines };
}

describe("the launcher fails fast on bad configuration", () => {
  it("names the unreachable database", () => {
    const { status, errorLines } = launcher({ DATABASE_URL: "postgresql://enclave@127.0.0.1:1/enclave" });
    expect(status).toBe(1);
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(/^enclave: Cannot connect to the database at 127\.0\.0\.1:1\/enclave: .*ECONNREFUSED.*Is PostgreSQL running\?/);
  });

  it("names invalid settings", () => {
    const { status, errorLines } = launcher({ PORT: "eighty", ENCLAVE_CHAT_BASE_URL: "ollama" });
    expect(status).toBe(1);
    expect(errorLines).toEqual([expect.stringMatching(/^enclave: Invalid configuration: .*ENCLAVE_CHAT_BASE_URL must be an http.*PORT must be a positive whole number/)]);
  });

  it("refuses a second process on the same embedded data directory", async () => {
    const dir = tempDir();
    const owner = await startEmbeddedDatabase({ dir });
    cleanups.push(() => owner.stop());
    const { status, errorLines } = launcher({ ENCLAVE_DATA_DIR: dir });
    expect(status).toBe(1);
    expect(errorLines).toEqual([expect.stringMatching(new RegExp(`already open in another Enclave process \\(pid ${process.pid}\\)`))]);
  });

  it("takes over the lock a crashed process left behind", async () => {
    const dir = tempDir();
    const dead = spawn(process.execPath, ["-e", ""]);
    const deadPid = await new Promise<number>((resolve) => dead.once("exit", () => resolve(dead.pid!)));
    writeFileSync(path.join(dir, "embedded-postgres.lock"), String(deadPid));
    const database = await startEmbeddedDatabase({ dir });
    await database.stop();
  });

  it("names a database without pgvector", async () => {
    const pglite = await PGlite.create(); // no extensions loaded: like a server without pgvector installed
    const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0 });
    await server.start();
    cleanups.push(async () => {
      await server.stop();
      await pglite.close();
    });
    const port = (server as unknown as { port: number }).port;
    await expect(checkDatabase(`postgresql://postgres@127.0.0.1:${port}/postgres`)).rejects.toThrow(
      /has no pgvector extension\. Install pgvector >= 0\.7/,
    );
  });
});
